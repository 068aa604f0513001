// SpoolWatcher: the seed's File Watcher Service. Watches a spool directory with inotify and
// hands each complete file to an Ingester as it appears.
//
// Layout: `<spool>/<scrape_id>/<file>.json` (one subdirectory per scrape), or, with
// `scrape_id` set, `<spool>/<file>.json` for that one scrape (the seed's /tmp/<scrape_id>).
// Names starting with '.' or ending in ".tmp" are a writer's temporary files and are ignored
// until renamed into place (IN_MOVED_TO); files written in place count once closed
// (IN_CLOSE_WRITE). On start, files already in the spool are ingested (a crash or restart
// leaves some); a periodic rescan and inotify's overflow event catch anything missed.
// While the store fails, files stay in the spool and ingestion retries with exponential
// backoff, catching up when the store returns. Quarantined files go to `<spool>/.quarantine`
// (per-scrape mode: `<spool>/../.quarantine`) unless IngesterOptions says otherwise.
//
// Files go to the Ingester several batches per call (DrainOnce: all of them), so its pipeline
// reads one batch while it commits another; Stop() also ends an ingestion between two batches.
// Run() blocks its thread; Stop() may be called from any thread or a signal handler. counts()
// is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "awscrape/store/ingester.h"

namespace awscrape::store {

struct SpoolWatcherOptions {
  std::filesystem::path spool_dir;
  std::optional<std::string> scrape_id;  // spool_dir is this one scrape's directory
  IngesterOptions ingest;
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{10'000};
  std::chrono::milliseconds rescan_interval{30'000};
  // Told about each failed attempt (the watcher keeps retrying); e.g. prints to stderr.
  std::function<void(const Status&)> on_store_error;
  // Called on the watcher's thread for each scrape directory with nothing left to ingest: after
  // a scan found it (Run()'s start, DrainOnce(), the periodic rescan), after a batch of its files
  // was committed, and when one of its bookkeeping files (`_scrape.json`, `_ledger.jsonl`) was
  // written. `ingest` finalises the scrapes it catches up on here.
  std::function<void(const std::string& scrape_id, const std::filesystem::path& dir)>
      on_scrape_settled;
};

class SpoolWatcher {
 public:
  static Result<std::unique_ptr<SpoolWatcher>> Create(Store& store, SpoolWatcherOptions options);
  ~SpoolWatcher();
  SpoolWatcher(const SpoolWatcher&) = delete;
  SpoolWatcher& operator=(const SpoolWatcher&) = delete;

  // Ingests leftovers, then watches until Stop(). Errors only when the spool cannot be watched.
  Status Run();
  // Ingests every file now in the spool, once, and returns the first store error if any. Tells
  // the store that writes paused when all went in (Run() does after a second without files).
  Status DrainOnce();
  // Async-signal-safe: sets a flag and wakes Run().
  void Stop();

  IngestCounts counts() const;
  // Files seen but not yet stored or quarantined (for tests and progress output).
  size_t pending() const { return pending_count_.load(); }

 private:
  SpoolWatcher(Store& store, SpoolWatcherOptions options, int inotify_fd, int wake_fd);

  // Every spool file now there, sorted (PendingFile's order), without duplicates.
  std::vector<PendingFile> ScanAllSorted();
  std::set<PendingFile> ScanAll();
  // Appends the spool files of one scrape's directory, in the directory's order.
  void ScanScrapeDir(const std::filesystem::path& dir, const std::string& scrape_id,
                     std::vector<PendingFile>& out);
  void WatchScrapeDir(const std::filesystem::path& dir, const std::string& scrape_id);
  // Reads queued inotify events into `pending`; false on a fatal read error.
  bool ReadEvents(std::set<PendingFile>& pending);
  // Hands the ingester up to `max_files` of `pending` (the first ones) and drops what it handled.
  Status IngestChunk(std::set<PendingFile>& pending, size_t max_files);
  // Ingests `files` (sorted), adds to counts_, marks the scrapes of the first `handled` (those
  // done with) unsettled.
  Status IngestSorted(std::span<const PendingFile> files, size_t& handled);
  // Tells on_scrape_settled about each unsettled scrape that has no file left in `pending`
  // (`busy`: the scrapes that have).
  void NotifySettled(const std::set<PendingFile>& pending);
  void NotifySettled(const std::set<std::string>& busy);
  // Store::WritesPaused, if something was written since it was last called.
  void TellWritesPaused();

  Store& store_;
  SpoolWatcherOptions options_;
  Ingester ingester_;
  int inotify_fd_;
  int wake_fd_;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> pending_count_{0};
  struct Watched {
    std::filesystem::path dir;
    std::string scrape_id;
  };
  std::map<int, Watched> watches_;  // by inotify watch descriptor
  int root_watch_ = -1;
  // Scrapes with something new since on_scrape_settled last heard of them, and their directory.
  std::map<std::string, std::filesystem::path> unsettled_;
  // Something was committed since the store last heard that writes paused (WritesPaused).
  bool wrote_since_pause_ = false;
  mutable std::mutex counts_mu_;
  IngestCounts counts_;  // guarded by counts_mu_
};

}  // namespace awscrape::store
