// ScrapeIngestion: the seed's workflow around one scrape (seeds/000, "AWS Architecture
// Scraper"): save the scrape's metadata, watch its spool directory and store each page as it is
// renamed into place, wait for processing to finish, store the outcome ledger, finalise the
// metadata, and remove the temporary directory once everything in it is stored.
//
// The watcher runs on its own thread while the scraper writes. If the database is down the
// scrape goes on spooling and the watcher retries with backoff; whatever is still unstored when
// Finish() gives up stays in the spool directory (never deleted), for `awscrape ingest --watch`.
// Not thread-safe: one owner calls Start() and Finish().
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "awscrape/core/result.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "awscrape/store/spool_watcher.h"
#include "awscrape/store/store.h"

namespace awscrape::workflow {

struct IngestionSummary {
  store::IngestCounts counts;
  int64_t outcomes_stored = 0;
  bool complete = false;  // every spooled page stored, the ledger and metadata too
  bool temp_files_cleaned = false;
  Status last_error;  // why it is not complete
};

class ScrapeIngestion {
 public:
  // Quarantined files go to <spool root>/.quarantine/<scrape_id>, as with `awscrape ingest`.
  static Result<std::unique_ptr<ScrapeIngestion>> Start(store::Store& store,
                                                        const scrape::ScrapeMetadata& meta,
                                                        const std::filesystem::path& scrape_dir);
  ~ScrapeIngestion();
  ScrapeIngestion(const ScrapeIngestion&) = delete;
  ScrapeIngestion& operator=(const ScrapeIngestion&) = delete;

  // After the scraper has finished writing: stores what is left (retrying until `timeout`), the
  // ledger and the final metadata; cleans the directory when all of it is stored.
  IngestionSummary Finish(const scrape::ScrapeMetadata& meta, std::chrono::seconds timeout);

 private:
  ScrapeIngestion(store::Store& store, std::filesystem::path scrape_dir,
                  std::unique_ptr<store::SpoolWatcher> watcher);

  store::Store& store_;
  std::filesystem::path scrape_dir_;
  std::unique_ptr<store::SpoolWatcher> watcher_;
  store::SpoolWatcherOptions drain_options_;
  std::thread thread_;
  Status watcher_status_;
};

// The seed's FILE_WATCHER_TIMEOUT (seconds to wait for processing at the end), default 30.
std::chrono::seconds FileWatcherTimeout();

}  // namespace awscrape::workflow
