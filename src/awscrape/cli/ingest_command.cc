// `awscrape ingest --watch DIR`: the File Watcher Service on its own. Stores every spool file
// under DIR (`DIR/<scrape_id>/*.json`, or DIR itself with --scrape-id) as it appears, until
// SIGINT/SIGTERM; with --once, drains what is there and exits.
#include <signal.h>

#include <atomic>
#include <cstdio>

#include "awscrape/cli/command.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/store/spool_watcher.h"

namespace awscrape::cli {
namespace {

struct IngestArgs {
  std::string watch_dir;
  std::string db;
  std::string scrape_id;
  std::string quarantine;
  size_t batch = 2000;
  bool once = false;
  bool quiet = false;
};

std::atomic<bool> g_stop_requested{false};
std::atomic<store::SpoolWatcher*> g_watcher{nullptr};

void StopOnSignal(int) {
  g_stop_requested.store(true);
  if (store::SpoolWatcher* watcher = g_watcher.load()) watcher->Stop();
}

void InstallStopHandlers() {
  struct sigaction action = {};
  action.sa_handler = StopOnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void PrintCounts(const store::IngestCounts& c) {
  std::printf(
      "stored %lld files (%lld new documents, %lld unchanged) in %lld batches; quarantined "
      "%lld\n",
      static_cast<long long>(c.files_stored), static_cast<long long>(c.documents_inserted),
      static_cast<long long>(c.documents_unchanged), static_cast<long long>(c.batches),
      static_cast<long long>(c.files_quarantined));
}

int RunIngest(const IngestArgs& args) {
  // Before anything else, so that a stop request during start-up is honoured, not fatal.
  InstallStopHandlers();
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("ingest", opened.status());
  store::SpoolWatcherOptions options;
  options.spool_dir = args.watch_dir;
  if (!args.scrape_id.empty()) options.scrape_id = args.scrape_id;
  options.ingest.quarantine_dir = args.quarantine;
  options.ingest.batch_files = std::max<size_t>(args.batch, 1);
  options.ingest.describe_new_scrape = [](store::ScrapeRecord& scrape) {
    scrape.tool_version = AWSCRAPE_VERSION;
  };
  options.on_store_error = [](const Status& status) {
    std::fprintf(stderr, "awscrape ingest: store unavailable, files stay in the spool: %s\n",
                 status.ToString().c_str());
  };
  auto watcher = store::SpoolWatcher::Create(**opened, std::move(options));
  if (!watcher.ok()) return StoreCommandFail("ingest", watcher.status());

  if (args.once) {
    Status status = (*watcher)->DrainOnce();
    if (!args.quiet) PrintCounts((*watcher)->counts());
    return status.ok() ? 0 : StoreCommandFail("ingest", status);
  }
  g_watcher.store(watcher->get());
  if (g_stop_requested.load()) (*watcher)->Stop();
  if (!args.quiet) {
    std::printf("watching %s\n", args.watch_dir.c_str());
    std::fflush(stdout);
  }
  Status status = (*watcher)->Run();
  g_watcher.store(nullptr);
  if (!args.quiet) PrintCounts((*watcher)->counts());
  return status.ok() ? 0 : StoreCommandFail("ingest", status);
}

}  // namespace

void AddIngestCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Store spool files as they appear (the File Watcher Service): DIR/<scrape_id>/*.json, "
      "deleted once committed; bad files go to DIR/.quarantine with a log entry");
  cmd->add_option("--watch", args->watch_dir, "spool directory to watch")
      ->required()
      ->check(CLI::ExistingDirectory);
  AddDatabaseOption(*cmd, args->db);
  cmd->add_flag("--once", args->once, "ingest what is in the spool now, then exit");
  cmd->add_option("--scrape-id", args->scrape_id,
                  "DIR is this one scrape's directory (the seed's /tmp/<scrape_id>)");
  cmd->add_option("--quarantine", args->quarantine,
                  "where bad files go (default: DIR/.quarantine; with --scrape-id, "
                  "DIR/../.quarantine)");
  cmd->add_option("--batch", args->batch, "files per database transaction (default 2000)");
  cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
  cmd->callback([args, &run] { run = [args] { return RunIngest(*args); }; });
}

}  // namespace awscrape::cli
