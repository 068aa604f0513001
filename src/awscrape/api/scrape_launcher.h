// ScrapeLauncher: the seam through which `POST /api/scrapes` runs a scrape. The scrape queue
// (scrape_queue.h) calls Run on one of its worker threads, at most MAX_CONCURRENT_SCRAPES at a
// time; a launcher runs the scrape to its end, ingesting what it fetches into the store and
// reporting progress through the ScrapeObserver. Production: ChildProcessLauncher
// (child_process_launcher.h) runs `awscrape scrape` as a child process; tests use fakes.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "awscrape/store/records.h"

namespace awscrape::api {

// What POST /api/scrapes asks for.
struct ScrapeJob {
  std::string scrape_id;
  std::optional<std::vector<std::string>> services;  // nullopt: "all"
  std::vector<std::string> regions;                  // empty: the account's enabled regions
  std::optional<std::string> profile;
};

// Calls of a running scrape: planned (0 until known), finished by outcome name.
struct CallProgress {
  int64_t planned = 0;
  int64_t finished = 0;
  std::map<std::string, int64_t> by_outcome;
  double elapsed_seconds = 0;
  std::optional<double> eta_seconds;  // from the rate so far; nullopt before any call finished
};

struct IngestProgress {
  int64_t files_stored = 0;
  int64_t documents_inserted = 0;
  int64_t files_rejected = 0;
  int64_t files_pending = 0;  // written by the scraper, not yet stored
};

class ScrapeObserver {
 public:
  virtual ~ScrapeObserver() = default;
  virtual void OnCallProgress(const CallProgress& progress) = 0;
  virtual void OnIngestProgress(const IngestProgress& progress) = 0;
};

struct ScrapeResult {
  bool success = false;
  int return_code = -1;
  std::string message;  // why it failed, for the logs
};

class ScrapeLauncher {
 public:
  virtual ~ScrapeLauncher() = default;
  // Fills what the launcher knows before the scrape starts (command, temp_directory).
  virtual void Describe(const ScrapeJob& job, store::ScrapeRecord& record) = 0;
  // Runs the scrape to its end on the calling thread. The scrape's record is in the store
  // (created when it was queued); the launcher may update it, and the queue records end_time,
  // duration, success and return_code from the result afterwards. `cancel` asks it to stop soon
  // (server shutdown); what was fetched must be kept.
  virtual ScrapeResult Run(const ScrapeJob& job, ScrapeObserver& observer,
                           const std::atomic<bool>& cancel) = 0;
};

}  // namespace awscrape::api
