#include "awscrape/workflow/scrape_ingestion.h"

#include <cstdlib>
#include <fstream>

#include "awscrape/scrape/ledger.h"
#include "awscrape/spool/spool_name.h"
#include "awscrape/store/documents.h"

namespace awscrape::workflow {
namespace fs = std::filesystem;

namespace {

// True when nothing but the scrape's own bookkeeping files is left in `dir`.
bool OnlyBookkeepingLeft(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name == scrape::kLedgerFileName || name == scrape::kScrapeMetadataFileName) continue;
    return false;
  }
  return !ec;
}

}  // namespace

std::chrono::seconds FileWatcherTimeout() {
  const char* env = std::getenv("FILE_WATCHER_TIMEOUT");
  if (env && *env) {
    char* end = nullptr;
    long seconds = std::strtol(env, &end, 10);
    if (end && *end == '\0' && seconds >= 0) return std::chrono::seconds(seconds);
  }
  return std::chrono::seconds(30);
}

store::ScrapeRecord ScrapeIngestion::Record(const scrape::ScrapeMetadata& meta) const {
  store::ScrapeRecord record;
  record.scrape_id = meta.scrape_id;
  record.start_time = meta.start_time;
  record.end_time = meta.end_time;
  record.duration_seconds = meta.duration_seconds;
  record.success = meta.success;
  if (meta.return_code) record.return_code = *meta.return_code;
  record.command = meta.command;
  record.services = meta.services;
  record.regions = meta.regions;
  if (!meta.profile.empty()) record.profile = meta.profile;
  record.scraped_files_count = meta.scraped_files_count;
  record.temp_directory = meta.temp_directory;
  record.created_at = meta.start_time;
  record.updated_at = meta.end_time.value_or(meta.start_time);
  record.account_id = meta.account_id;
  record.partition = meta.partition;
  record.tool_version = AWSCRAPE_VERSION;
  return record;
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
  (void)store.SaveScrape(ingestion->Record(meta));
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

Status ScrapeIngestion::StoreLedger(int64_t& stored) {
  std::ifstream in(scrape_dir_ / scrape::kLedgerFileName);
  if (!in) return Status::Ok();  // a scrape that planned nothing
  std::vector<store::CallOutcome> outcomes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto json = ParseJson(line);
    if (!json.ok()) return json.status().WithContext("ledger line");
    auto outcome = store::CallOutcomeFromJson(*json);
    if (!outcome.ok()) return outcome.status().WithContext("ledger line");
    outcomes.push_back(std::move(outcome).value());
  }
  AWSCRAPE_RETURN_IF_ERROR(store_.SaveOutcomes(outcomes));
  stored = static_cast<int64_t>(outcomes.size());
  return Status::Ok();
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

  Status ledger = StoreLedger(summary.outcomes_stored);
  store::ScrapeRecord record = Record(meta);
  // The store advanced the ingestion counters as it stored pages; keep them.
  if (auto stored = store_.GetScrape(meta.scrape_id); stored.ok()) {
    record.files_processed_to_mongo = stored->files_processed_to_mongo;
    record.total_resources_saved = stored->total_resources_saved;
    record.created_at = stored->created_at;
  }
  const bool pages_stored = OnlyBookkeepingLeft(scrape_dir_);
  if (pages_stored) summary.last_error = Status::Ok();
  if (!ledger.ok()) summary.last_error = ledger;
  summary.complete = pages_stored && ledger.ok();
  if (summary.complete) {
    // Everything in the directory is in the database now: the seed's cleanup step.
    std::error_code ec;
    fs::remove_all(scrape_dir_, ec);
    summary.temp_files_cleaned = !ec;
  } else if (summary.last_error.ok()) {
    summary.last_error = Unavailable("some spool files could not be stored");
  }
  record.temp_files_cleaned = summary.temp_files_cleaned;
  if (Status saved = store_.SaveScrape(record); !saved.ok()) {
    summary.complete = false;
    summary.last_error = saved.WithContext("saving the scrape's final metadata");
  }
  return summary;
}

}  // namespace awscrape::workflow
