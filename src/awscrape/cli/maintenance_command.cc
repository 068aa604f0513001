// `awscrape maintenance --cleanup-old-scrapes --days N`: retention. Deletes scrapes created more
// than N days ago and everything that belongs to them (documents, ledger entries, logs).
#include <cstdio>

#include "awscrape/cli/command.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/store/documents.h"
#include "awscrape/store/retention.h"
#include "awscrape/store/scrape_id.h"

namespace awscrape::cli {
namespace {

struct MaintenanceArgs {
  std::string db;
  bool cleanup_old_scrapes = false;
  int days = -1;
};

int RunMaintenance(const MaintenanceArgs& args) {
  if (!args.cleanup_old_scrapes) {
    return StoreCommandFail("maintenance",
                            InvalidArgument("nothing to do: give --cleanup-old-scrapes --days N"));
  }
  if (args.days < 0) {
    return StoreCommandFail("maintenance",
                            InvalidArgument("--cleanup-old-scrapes needs --days N (N >= 0)"));
  }
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("maintenance", opened.status());
  Timestamp cutoff = store::RetentionCutoff(args.days, store::WallClockNow());
  auto deleted = (*opened)->DeleteScrapesOlderThan(cutoff);
  if (!deleted.ok()) return StoreCommandFail("maintenance", deleted.status());
  std::printf("deleted %lld scrapes created before %s: %s\n",
              static_cast<long long>(deleted->scrapes), store::FormatStoreTime(cutoff).c_str(),
              DescribeDeletedContents(*deleted).c_str());
  return 0;
}

}  // namespace

void AddMaintenanceCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<MaintenanceArgs>();
  CLI::App* cmd = app.add_subcommand("maintenance", "Database maintenance: retention");
  AddDatabaseOption(*cmd, args->db);
  cmd->add_flag("--cleanup-old-scrapes", args->cleanup_old_scrapes,
                "delete scrapes older than --days and everything that belongs to them");
  cmd->add_option("--days", args->days, "age in days");
  cmd->callback([args, &run] { run = [args] { return RunMaintenance(*args); }; });
}

}  // namespace awscrape::cli
