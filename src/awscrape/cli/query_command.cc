// `awscrape query [--scrape-id ID] [--service S] [--region R] [--operation O] [--json]`: the
// stored response documents matching the seed's filters. The table lists one row per document
// (page); --json streams the document GET /api/scrapes/{id}/resources answers, one stored
// document at a time, so any result size fits in memory.
#include "awscrape/api/query_layer.h"
#include "awscrape/api/query_params.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/store/documents.h"

namespace awscrape::cli {
namespace {

struct QueryArgs {
  std::string db;
  std::string scrape_id, service, region, operation;
  int64_t limit = 0;
  int64_t offset = 0;
  bool json = false;
};

int RunQuery(const QueryArgs& args) {
  auto filter = api::BuildResourceFilter(
      FilterInput(args.scrape_id, args.service, args.region, args.operation));
  if (!filter.ok()) return StoreCommandFail("query", filter.status());
  if (args.limit < 0 || args.limit > api::kMaxResourceLimit || args.offset < 0) {
    return StoreCommandFail(
        "query", InvalidArgument("--limit must be 0 (all).." +
                                 std::to_string(api::kMaxResourceLimit) + " and --offset >= 0"));
  }
  filter->limit = args.limit;
  filter->offset = args.offset;
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("query", opened.status());
  api::QueryLayer queries(**opened);
  if (args.json) {
    auto stream = queries.StreamResources(*filter);
    if (!stream.ok()) return StoreCommandFail("query", stream.status());
    while (true) {
      auto piece = (*stream)->Next();
      if (!piece.ok()) return StoreCommandFail("query", piece.status());
      if (!*piece) break;
      std::fwrite((*piece)->data(), 1, (*piece)->size(), stdout);
    }
    std::printf("\n");
    return 0;
  }
  if (filter->scrape_id) {
    if (auto s = (*opened)->GetScrape(*filter->scrape_id); !s.ok()) {
      return StoreCommandFail("query", s.status());
    }
  }
  api::ResourceCursor cursor(**opened, *filter);
  TextTable table({"SCRAPE ID", "SERVICE", "REGION", "OPERATION", "PAGE", "ITEMS"});
  while (true) {
    auto next = cursor.Next();
    if (!next.ok()) return StoreCommandFail("query", next.status());
    if (!*next) break;
    const store::ResponseDocument& d = **next;
    table.AddRow({d.scrape_id, d.service, d.region.value_or("global"), d.operation,
                  std::to_string(d.page), std::to_string(d.item_count)});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::printf("%zu of %lld documents\n", table.rows(), static_cast<long long>(cursor.total()));
  return 0;
}

}  // namespace

void AddQueryCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "query",
      "Query stored AWS responses\n\n"
      "Examples:\n"
      "  awscrape query --scrape-id scrape_20250809_173531_f4a5f77d --region us-east-1\n"
      "  awscrape query --scrape-id scrape_20250809_173531_f4a5f77d --service ec2 --json");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_option("--scrape-id", args->scrape_id, "scrape id");
  cmd->add_option("--service", args->service, "service name, e.g. ec2");
  cmd->add_option("--region", args->region, "region, or global for global services");
  cmd->add_option("--operation", args->operation, "operation, e.g. DescribeInstances");
  cmd->add_option("--limit", args->limit, "documents to show (0: all)")->capture_default_str();
  cmd->add_option("--offset", args->offset, "documents to skip")->capture_default_str();
  cmd->add_flag("--json", args->json,
                "print the documents as JSON (GET /api/scrapes/{id}/resources's document)");
  cmd->callback([args, &run] { run = [args] { return RunQuery(*args); }; });
}

}  // namespace awscrape::cli
