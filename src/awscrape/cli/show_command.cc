// `awscrape show SCRAPE_ID [--json]`: one scrape's record (the seed's `show`) and the outcomes
// of its calls. --json prints the document GET /api/scrapes/{id} answers.
#include "awscrape/api/query_layer.h"
#include "awscrape/api/query_params.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/query_output.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct ShowArgs {
  std::string db;
  std::string scrape_id;
  bool json = false;
};

int RunShow(const ShowArgs& args) {
  if (Status s = api::ValidateScrapeId(args.scrape_id); !s.ok()) {
    return StoreCommandFail("show", s);
  }
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("show", opened.status());
  api::QueryLayer queries(**opened);
  auto doc = queries.GetScrape(args.scrape_id);
  if (!doc.ok()) return StoreCommandFail("show", doc.status());
  store::OutcomeFilter filter;
  filter.scrape_id = args.scrape_id;
  auto calls = queries.Calls(filter, 1, 0);
  if (!calls.ok()) return StoreCommandFail("show", calls.status());
  if (args.json) {
    auto& a = doc->GetAllocator();
    doc->AddMember("call_outcomes", JsonValue((*calls)["counts"], a), a);
    PrintJson(*doc);
    return 0;
  }
  for (const auto& member : doc->GetObject()) {
    std::printf("%-24s %s\n", member.name.GetString(), Cell(&member.value).c_str());
  }
  std::printf("%-24s", "call_outcomes");
  for (const auto& member : (*calls)["counts"].GetObject()) {
    std::printf(" %s=%lld", member.name.GetString(),
                static_cast<long long>(member.value.GetInt64()));
  }
  std::printf("\n");
  return 0;
}

}  // namespace

void AddShowCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = app.add_subcommand("show",
                                     "Show one scrape's details\n\n"
                                     "Examples:\n"
                                     "  awscrape show scrape_20250809_173531_f4a5f77d\n"
                                     "  awscrape show scrape_20250809_173531_f4a5f77d --json");
  cmd->add_option("scrape_id", args->scrape_id, "scrape_YYYYMMDD_HHMMSS_<8 hex>")->required();
  AddDatabaseOption(*cmd, args->db);
  cmd->add_flag("--json", args->json, "print JSON (GET /api/scrapes/{id}'s document)");
  cmd->callback([args, &run] { run = [args] { return RunShow(*args); }; });
}

}  // namespace awscrape::cli
