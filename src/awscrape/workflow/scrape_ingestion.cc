#include "awscrape/workflow/scrape_ingestion.h"

#include <cstdlib>

#include "awscrape/spool/spool_name.h"
#include "awscrape/workflow/scrape_finaliser.h"

namespace awscrape::workflow {
namespace fs = std::filesystem;

std::chrono::seconds FileWatcherTimeout() {
  const char* env = std::getenv("FILE_WATCHER_TIMEOUT");
  if (env && *env) {
    char* end = nullptr;
    long seconds = std::strtol(env, &end, 10);
    if (end && *end == '\0' && seconds >= 0) return std::chrono::seconds(seconds);
  }
  return std::chrono::seconds(30);
}

Result<std::unique_ptr<ScrapeIngestion>> ScrapeIngestion::Start(store::Store& store,
                                                                const scrape::ScrapeMetadata& meta,
                                                                const fs::path& scrape_dir) {
  store::SpoolWatcherOptions options;
  options.spool_dir = scrape_dir;
  options.scrape_id = meta.scrape_id;
  // Where `awscrape ingest` quarantines too, so one place holds every rejected file.
  options.ingest.quarantine_dir = scrape_dir.parent_path() / ".quarantine";
  AWSCRAPE_ASSIGN_OR_RETURN(auto watcher, store::SpoolWatcher::Create(store, options));
  std::unique_ptr<ScrapeIngestion> ingestion(
      new ScrapeIngestion(store, scrape_dir, std::move(watcher)));
  ingestion->drain_options_ = options;
  // The seed saves the metadata first; a database that is down now only delays it to Finish().
  (void)store.SaveScrape(ScrapeRecordFromMetadata(meta));
  ingestion->thread_ =
      std::thread([raw = ingestion.get()] { raw->watcher_status_ = raw->watcher_->Run(); });
  return ingestion;
}

ScrapeIngestion::ScrapeIngestion(store::Store& store, fs::path scrape_dir,
                                 std::unique_ptr<store::SpoolWatcher> watcher)
    : store_(store), scrape_dir_(std::move(scrape_dir)), watcher_(std::move(watcher)) {}

ScrapeIngestion::~ScrapeIngestion() {
  if (thread_.joinable()) {
    watcher_->Stop();
    thread_.join();
  }
}

IngestionSummary ScrapeIngestion::Finish(const scrape::ScrapeMetadata& meta,
                                         std::chrono::seconds timeout) {
  IngestionSummary summary;
  watcher_->Stop();
  if (thread_.joinable()) thread_.join();
  store::IngestCounts while_scraping = watcher_->counts();
  // A stopped watcher drains nothing more: a fresh one stores what is left, once per try.
  if (auto drainer = store::SpoolWatcher::Create(store_, drain_options_); drainer.ok()) {
    watcher_ = std::move(drainer).value();
  } else {
    summary.last_error = drainer.status();
  }
  // The watcher may have stopped between a rename and its event: drain until the spool is
  // empty, retrying a database that is down until the deadline.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto backoff = std::chrono::milliseconds(100);
  for (;;) {
    Status drained = watcher_->DrainOnce();
    bool spool_empty = true;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(scrape_dir_, ec)) {
      if (spool::ParseSpoolFileName(entry.path().filename().string())) spool_empty = false;
    }
    if (drained.ok() && spool_empty) break;
    summary.last_error = drained.ok() ? Unavailable("spool files remain") : drained;
    if (std::chrono::steady_clock::now() + backoff > deadline) break;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
  summary.counts = while_scraping;
  summary.counts.Add(watcher_->counts());

  FinaliseResult finalised = FinaliseScrapeDirectory(store_, meta, scrape_dir_);
  summary.outcomes_stored = finalised.outcomes_stored;
  summary.temp_files_cleaned = finalised.temp_files_cleaned;
  summary.complete = finalised.complete();
  if (!finalised.status.ok()) {
    summary.last_error = finalised.status;
  } else if (finalised.pages_stored) {
    summary.last_error = Status::Ok();
  } else if (summary.last_error.ok()) {
    summary.last_error = Unavailable("some spool files could not be stored");
  }
  return summary;
}

}  // namespace awscrape::workflow
