// `awscrape list [--limit N] [--offset N] [--success-only] [--json]`: scrapes, newest first
// (the seed's `list`). --json prints the document GET /api/scrapes answers.
#include "awscrape/api/query_layer.h"
#include "awscrape/api/query_params.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct ListArgs {
  std::string db;
  int64_t limit = 20;
  int64_t offset = 0;
  bool success_only = false;
  bool json = false;
};

int RunList(const ListArgs& args) {
  if (args.limit < 1 || args.limit > api::kMaxScrapeListLimit || args.offset < 0) {
    return StoreCommandFail(
        "list", InvalidArgument("--limit must be 1.." + std::to_string(api::kMaxScrapeListLimit) +
                                " and --offset >= 0"));
  }
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("list", opened.status());
  api::QueryLayer queries(**opened);
  store::ScrapeFilter filter;
  filter.limit = args.limit;
  filter.offset = args.offset;
  if (args.success_only) filter.success = true;
  auto doc = queries.ListScrapes(filter);
  if (!doc.ok()) return StoreCommandFail("list", doc.status());
  if (args.json) {
    PrintJson(*doc);
    return 0;
  }
  TextTable table(
      {"SCRAPE ID", "START", "DURATION", "SUCCESS", "FILES", "RESOURCES", "SERVICES", "REGIONS"});
  for (const auto& s : (*doc)["scrapes"].GetArray()) {
    const JsonValue* success = FindMember(s, "success");
    std::string duration = Cell(FindMember(s, "duration_seconds"));
    table.AddRow({Cell(FindMember(s, "scrape_id")), Cell(FindMember(s, "start_time")),
                  duration == "-" ? "-" : duration + "s",
                  success && success->IsNull() ? "running" : Cell(success),
                  Cell(FindMember(s, "files_processed_to_mongo")),
                  Cell(FindMember(s, "total_resources_saved")), Cell(FindMember(s, "services")),
                  Cell(FindMember(s, "regions"))});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::printf("%zu of %lld scrapes\n", table.rows(),
              static_cast<long long>((*doc)["total"].GetInt64()));
  return 0;
}

}  // namespace

void AddListCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<ListArgs>();
  CLI::App* cmd = app.add_subcommand("list",
                                     "List scrapes, newest first\n\n"
                                     "Examples:\n"
                                     "  awscrape list --limit 20 --success-only\n"
                                     "  awscrape list --json | jq -r '.scrapes[].scrape_id'");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_option("--limit", args->limit, "scrapes to show (1..1000)")->capture_default_str();
  cmd->add_option("--offset", args->offset, "scrapes to skip")->capture_default_str();
  cmd->add_flag("--success-only", args->success_only, "only successful scrapes");
  cmd->add_flag("--json", args->json, "print JSON (GET /api/scrapes's document)");
  cmd->callback([args, &run] { run = [args] { return RunList(*args); }; });
}

}  // namespace awscrape::cli
