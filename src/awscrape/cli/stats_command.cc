// `awscrape stats [--json]`: the seed's dashboard statistics (GET /api/stats) and documents per
// service and per region (GET /api/stats/services, /api/stats/regions).
#include "awscrape/api/query_layer.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct StatsArgs {
  std::string db;
  bool json = false;
  size_t top = 10;
};

void PrintGroups(const char* title, const JsonValue& groups, size_t top) {
  TextTable table({title, "DOCUMENTS", "ITEMS", "SCRAPES"});
  for (rapidjson::SizeType i = 0; i < groups.Size() && i < top; ++i) {
    table.AddRow({Cell(FindMember(groups[i], "_id")), Cell(FindMember(groups[i], "count")),
                  Cell(FindMember(groups[i], "items")), Cell(FindMember(groups[i], "scrapes"))});
  }
  std::printf("\n");
  std::fputs(table.Render().c_str(), stdout);
  if (groups.Size() > top) std::printf("... %u more\n", groups.Size() - static_cast<unsigned>(top));
}

int RunStats(const StatsArgs& args) {
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("stats", opened.status());
  api::QueryLayer queries(**opened);
  auto stats = queries.Stats();
  if (!stats.ok()) return StoreCommandFail("stats", stats.status());
  auto services = queries.StatsByService();
  if (!services.ok()) return StoreCommandFail("stats", services.status());
  auto regions = queries.StatsByRegion();
  if (!regions.ok()) return StoreCommandFail("stats", regions.status());
  if (args.json) {
    auto& a = stats->GetAllocator();
    stats->AddMember("services", JsonValue(*services, a), a);
    stats->AddMember("regions", JsonValue(*regions, a), a);
    PrintJson(*stats);
    return 0;
  }
  const JsonDocument& s = *stats;
  std::printf("total_scrapes        %s\n", Cell(FindMember(s, "total_scrapes")).c_str());
  std::printf("successful_scrapes   %s\n", Cell(FindMember(s, "successful_scrapes")).c_str());
  std::printf("total_resources      %s\n", Cell(FindMember(s, "total_resources")).c_str());
  std::printf("services_discovered  %u\n", s["services_discovered"].Size());
  std::printf("regions_scanned      %s\n", Cell(FindMember(s, "regions_scanned")).c_str());
  std::printf("last_scrape          %s\n", Cell(FindMember(s, "last_scrape")).c_str());
  PrintGroups("SERVICE", *services, args.top);
  PrintGroups("REGION", *regions, args.top);
  return 0;
}

}  // namespace

void AddStatsCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand("stats",
                                     "System statistics\n\n"
                                     "Examples:\n"
                                     "  awscrape stats\n"
                                     "  awscrape stats --json | jq .total_resources");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_flag("--json", args->json, "print JSON (GET /api/stats plus services and regions)");
  cmd->add_option("--top", args->top, "rows of the service and region tables")
      ->capture_default_str();
  cmd->callback([args, &run] { run = [args] { return RunStats(*args); }; });
}

}  // namespace awscrape::cli
