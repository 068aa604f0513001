// `awscrape ingest --watch DIR`: the File Watcher Service on its own. Stores every spool file
// under DIR (`DIR/<scrape_id>/*.json`, or DIR itself with --scrape-id) as it appears, until
// SIGINT/SIGTERM; with --once, drains what is there and exits.
//
// It also finishes the seed's workflow for the scrapes it catches up on (their database was
// down, or their process died): once a scrape directory has no page left, a finished scrape
// (`_scrape.json` has an end time) gets its ledger and final metadata stored and its directory
// removed; an unfinished one gets the ledger lines written so far and its metadata stored the
// first time this process sees it, and its directory is kept.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "awscrape/cli/command.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/store/retention.h"
#include "awscrape/store/scrape_id.h"
#include "awscrape/store/spool_watcher.h"
#include "awscrape/workflow/scrape_finaliser.h"

namespace awscrape::cli {
namespace {

struct IngestArgs {
  std::string watch_dir;
  std::string db;
  std::string scrape_id;
  std::string quarantine;
  size_t batch = 10000;
  bool once = false;
  bool quiet = false;
  std::optional<int> retention_days;
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
  const double seconds = std::chrono::duration<double>(c.busy).count();
  std::printf(
      "stored %lld files (%lld new documents, %lld unchanged) in %lld batches, %.3f s "
      "(%.0f files/s); quarantined %lld\n",
      static_cast<long long>(c.files_stored), static_cast<long long>(c.documents_inserted),
      static_cast<long long>(c.documents_unchanged), static_cast<long long>(c.batches), seconds,
      seconds > 0 ? static_cast<double>(c.files_stored) / seconds : 0.0,
      static_cast<long long>(c.files_quarantined));
}

// Finalises the scrapes the watcher reports settled (see the top of the file).
class CatchUp {
 public:
  CatchUp(store::Store& store, bool quiet) : store_(store), quiet_(quiet) {}

  void Settled(const std::string& scrape_id, const std::filesystem::path& dir) {
    auto meta = scrape::ReadScrapeMetadata(dir);
    if (!meta.ok()) {
      // Spool files without the scraper's bookkeeping (hand-written, aws-list-all's): their
      // pages are stored; there is nothing more to finish.
      if (meta.status().code() != StatusCode::kNotFound) Warn(scrape_id, meta.status());
      return;
    }
    if (meta->scrape_id != scrape_id) {
      Warn(scrape_id, InvalidArgument("_scrape.json names scrape " + meta->scrape_id));
      return;
    }
    if (meta->end_time) {
      const auto started = std::chrono::steady_clock::now();
      workflow::FinaliseResult done = workflow::FinaliseScrapeDirectory(store_, *meta, dir);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      if (!done.status.ok()) return Warn(scrape_id, done.status);
      if (!quiet_ && done.temp_files_cleaned) {
        std::printf("finished %s: %lld outcomes and its metadata stored, %s removed (%.3f s)\n",
                    scrape_id.c_str(), static_cast<long long>(done.outcomes_stored),
                    dir.string().c_str(), took.count());
        std::fflush(stdout);
      }
      return;
    }
    // Running, or died: its own process finalises it if it lives; otherwise what it wrote so far
    // is stored once per `ingest` run (the ledger grows while it runs, so not at every batch).
    if (!unfinished_seen_.insert(scrape_id).second) return;
    auto outcomes = workflow::StoreUnfinishedScrape(store_, *meta, dir);
    if (!outcomes.ok()) return Warn(scrape_id, outcomes.status());
    if (!quiet_) {
      std::printf("not finished %s: %lld outcomes so far and its metadata stored; %s kept\n",
                  scrape_id.c_str(), static_cast<long long>(*outcomes), dir.string().c_str());
      std::fflush(stdout);
    }
  }

 private:
  static void Warn(const std::string& scrape_id, const Status& status) {
    std::fprintf(stderr, "awscrape ingest: cannot finish %s yet: %s\n", scrape_id.c_str(),
                 status.ToString().c_str());
  }

  store::Store& store_;
  bool quiet_;
  std::set<std::string> unfinished_seen_;
};

int RunIngest(const IngestArgs& args) {
  // Before anything else, so that a stop request during start-up is honoured, not fatal.
  InstallStopHandlers();
  auto retention = store::ResolveRetentionDays(args.retention_days);
  if (!retention.ok()) return StoreCommandFail("ingest", retention.status());
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
  CatchUp catch_up(**opened, args.quiet);
  options.on_scrape_settled = [&catch_up](const std::string& scrape_id,
                                          const std::filesystem::path& dir) {
    catch_up.Settled(scrape_id, dir);
  };
  auto watcher = store::SpoolWatcher::Create(**opened, std::move(options));
  if (!watcher.ok()) return StoreCommandFail("ingest", watcher.status());

  if (args.once) {
    Status status = (*watcher)->DrainOnce();
    if (!args.quiet) PrintCounts((*watcher)->counts());
    if (status.ok() && *retention) {
      ReportRetention("ingest", **retention,
                      store::ApplyRetention(**opened, **retention, store::WallClockNow()));
    }
    return status.ok() ? 0 : StoreCommandFail("ingest", status);
  }
  std::optional<store::RetentionSweeper> sweeper;
  if (*retention) {
    sweeper.emplace(**opened, **retention, std::chrono::hours(1),
                    [days = **retention](const Result<store::DeleteCounts>& deleted) {
                      ReportRetention("ingest", days, deleted);
                    });
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
  cmd->add_option("--batch", args->batch,
                  "most files per database transaction (default 10000, at most 32 MiB; fewer when "
                  "fewer files wait)");
  cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
  AddRetentionOption(*cmd, args->retention_days);
  cmd->callback([args, &run] { run = [args] { return RunIngest(*args); }; });
}

}  // namespace awscrape::cli
