// `awscrape compare --service S --region R --operation O [--limit N] [--json]`: the same call
// across the newest scrapes that hold it (the seed's `compare`), with the change in items from
// one scrape to the next. --json prints GET /api/resources/compare's document.
#include "awscrape/api/query_layer.h"
#include "awscrape/api/query_params.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct CompareArgs {
  std::string db;
  std::string service, region, operation;
  int64_t limit = api::kDefaultCompareLimit;
  bool json = false;
};

int RunCompare(const CompareArgs& args) {
  auto filter =
      api::BuildResourceFilter(FilterInput("", args.service, args.region, args.operation));
  if (!filter.ok()) return StoreCommandFail("compare", filter.status());
  if (args.limit < 1 || args.limit > api::kMaxCompareLimit) {
    return StoreCommandFail(
        "compare", InvalidArgument("--limit must be 1.." + std::to_string(api::kMaxCompareLimit)));
  }
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("compare", opened.status());
  api::QueryLayer queries(**opened);
  store::CompareQuery query;
  query.service = args.service;
  if (!api::IsGlobalRegionName(args.region)) query.region = args.region;
  query.operation = args.operation;
  query.limit = args.limit;
  auto doc = queries.Compare(query);
  if (!doc.ok()) return StoreCommandFail("compare", doc.status());
  if (args.json) {
    PrintJson(*doc);
    return 0;
  }
  const JsonValue& scrapes = (*doc)["scrapes"];
  TextTable table({"SCRAPE ID", "SCRAPE TIME", "PAGES", "ITEMS", "CHANGE"});
  for (rapidjson::SizeType i = 0; i < scrapes.Size(); ++i) {
    int64_t items = scrapes[i]["items"].GetInt64();
    std::string change = "-";
    if (i + 1 < scrapes.Size()) {  // against the next older scrape
      int64_t delta = items - scrapes[i + 1]["items"].GetInt64();
      change = (delta > 0 ? "+" : "") + std::to_string(delta);
    }
    table.AddRow({Cell(FindMember(scrapes[i], "scrape_id")),
                  Cell(FindMember(scrapes[i], "scrape_timestamp")),
                  Cell(FindMember(scrapes[i], "pages")), std::to_string(items), change});
  }
  std::printf("%s %s %s\n", args.service.c_str(), args.region.c_str(), args.operation.c_str());
  std::fputs(table.Render().c_str(), stdout);
  return 0;
}

}  // namespace

void AddCompareCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare one call's responses across scrapes\n\n"
      "Examples:\n"
      "  awscrape compare --service ec2 --region us-east-1 --operation DescribeInstances "
      "--limit 5\n"
      "  awscrape compare --service iam --region global --operation ListRoles --json");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_option("--service", args->service, "service name")->required();
  cmd->add_option("--region", args->region, "region, or global for global services")->required();
  cmd->add_option("--operation", args->operation, "operation name")->required();
  cmd->add_option("--limit", args->limit, "newest scrapes to compare (1..100)")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "print JSON (GET /api/resources/compare's document)");
  cmd->callback([args, &run] { run = [args] { return RunCompare(*args); }; });
}

}  // namespace awscrape::cli
