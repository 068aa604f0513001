// `awscrape delete --scrape-id ID [--service S] [--region R] [--operation O] [--json]`: without
// filters, the scrape and everything that belongs to it (DELETE /api/scrapes/{id}); with
// filters, only the matching documents (DELETE /api/scrapes/{id}/resources).
#include "awscrape/api/query_layer.h"
#include "awscrape/api/query_params.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct DeleteArgs {
  std::string db;
  std::string scrape_id, service, region, operation;
  bool json = false;
};

int RunDelete(const DeleteArgs& args) {
  auto filter = api::BuildResourceFilter(
      FilterInput(args.scrape_id, args.service, args.region, args.operation));
  if (!filter.ok()) return StoreCommandFail("delete", filter.status());
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("delete", opened.status());
  api::QueryLayer queries(**opened);
  const bool whole = !filter->service && !filter->region && !filter->operation;
  auto doc = whole ? queries.DeleteScrape(args.scrape_id) : queries.DeleteResources(*filter);
  if (!doc.ok()) return StoreCommandFail("delete", doc.status());
  if (args.json) {
    PrintJson(*doc);
  } else if (whole) {
    const JsonValue& d = (*doc)["deleted"];
    std::printf("deleted scrape %s: %lld documents, %lld ledger entries, %lld log entries\n",
                args.scrape_id.c_str(), static_cast<long long>(d["documents"].GetInt64()),
                static_cast<long long>(d["outcomes"].GetInt64()),
                static_cast<long long>(d["logs"].GetInt64()));
  } else {
    std::printf("deleted %lld documents of scrape %s\n",
                static_cast<long long>((*doc)["deleted"].GetInt64()), args.scrape_id.c_str());
  }
  return 0;
}

}  // namespace

void AddDeleteCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<DeleteArgs>();
  CLI::App* cmd = app.add_subcommand(
      "delete",
      "Delete a scrape, or some of its documents\n\n"
      "Examples:\n"
      "  awscrape delete --scrape-id scrape_20250809_173531_f4a5f77d --region us-east-1\n"
      "  awscrape delete --scrape-id scrape_20250809_173531_f4a5f77d");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_option("--scrape-id", args->scrape_id, "scrape id")->required();
  cmd->add_option("--service", args->service, "only this service's documents");
  cmd->add_option("--region", args->region, "only this region's documents (global: global)");
  cmd->add_option("--operation", args->operation, "only this operation's documents");
  cmd->add_flag("--json", args->json, "print what was deleted as JSON");
  cmd->callback([args, &run] { run = [args] { return RunDelete(*args); }; });
}

}  // namespace awscrape::cli
