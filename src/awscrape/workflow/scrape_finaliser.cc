#include "awscrape/workflow/scrape_finaliser.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "awscrape/core/file.h"
#include "awscrape/core/json.h"
#include "awscrape/scrape/ledger.h"
#include "awscrape/store/documents.h"

namespace awscrape::workflow {
namespace fs = std::filesystem;

store::ScrapeRecord ScrapeRecordFromMetadata(const scrape::ScrapeMetadata& meta) {
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
  record.models_version = meta.models_version;
  record.tool_version = AWSCRAPE_VERSION;
  return record;
}

Result<int64_t> StoreLedgerFile(store::Store& store, const fs::path& scrape_dir) {
  const fs::path path = scrape_dir / scrape::kLedgerFileName;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  // None: a scrape that planned nothing, or a ledger already stored. Anything unreadable is an
  // error, never an empty ledger: the directory would be cleaned up after it.
  if (status.type() == fs::file_type::not_found) return int64_t{0};
  if (!fs::is_regular_file(status)) {
    return InvalidArgument("'" + path.string() + "' is not a regular file");
  }
  // Read at once: a running scrape appends whole lines, so a cut last line is the only partial
  // one.
  AWSCRAPE_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  // Every line parsed in one scratch area: a fresh document would take a 64 KiB block from
  // malloc per line. Longer lines spill into ordinary allocations.
  constexpr size_t kScratch = 16 * 1024;
  const auto scratch = std::make_unique<char[]>(kScratch);
  std::vector<store::CallOutcome> outcomes;
  outcomes.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  int64_t line_number = 0;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (line.empty()) continue;
    rapidjson::MemoryPoolAllocator<> allocator(scratch.get(), kScratch);
    JsonDocument json(&allocator);
    if (Status parsed = ParseJsonInto(line, json); !parsed.ok()) {
      // The scraper appends whole lines; only a process killed mid-write leaves a partial last
      // line, and that call has no outcome yet.
      if (begin >= text.size()) break;
      return parsed.WithContext("ledger line " + std::to_string(line_number));
    }
    auto outcome = store::CallOutcomeFromJson(json);
    if (!outcome.ok()) {
      return outcome.status().WithContext("ledger line " + std::to_string(line_number));
    }
    outcomes.push_back(std::move(outcome).value());
  }
  AWSCRAPE_RETURN_IF_ERROR(store.SaveOutcomes(outcomes));
  return static_cast<int64_t>(outcomes.size());
}

namespace {

// What the store already knows of the scrape wins over the metadata file: the ingestion
// counters it advanced page by page, and when the scrape was first recorded.
void KeepStoredCounters(const store::ScrapeRecord& stored, store::ScrapeRecord& record) {
  record.files_processed_to_mongo = stored.files_processed_to_mongo;
  record.total_resources_saved = stored.total_resources_saved;
  record.created_at = stored.created_at;
}

}  // namespace

bool OnlyBookkeepingLeft(const fs::path& scrape_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scrape_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name == scrape::kLedgerFileName || name == scrape::kScrapeMetadataFileName) continue;
    return false;
  }
  return !ec;
}

FinaliseResult FinaliseScrapeDirectory(store::Store& store, const scrape::ScrapeMetadata& meta,
                                       const fs::path& scrape_dir) {
  FinaliseResult result;
  auto ledger = StoreLedgerFile(store, scrape_dir);
  if (ledger.ok()) {
    result.outcomes_stored = *ledger;
  } else {
    result.status = ledger.status();
  }
  store::ScrapeRecord record = ScrapeRecordFromMetadata(meta);
  if (auto stored = store.GetScrape(meta.scrape_id); stored.ok()) {
    KeepStoredCounters(*stored, record);
  }
  result.pages_stored = OnlyBookkeepingLeft(scrape_dir);
  // The metadata is stored before the directory holding `_scrape.json` goes, so a failure in
  // between loses nothing; it says "cleaned" up front and is corrected if removal fails.
  record.temp_files_cleaned = result.complete();
  if (Status saved = store.SaveScrape(record); !saved.ok()) {
    if (result.status.ok()) result.status = saved.WithContext("saving the scrape's metadata");
    return result;
  }
  if (result.complete()) {
    // Everything in the directory is in the database now: the seed's cleanup step.
    std::error_code ec;
    fs::remove_all(scrape_dir, ec);
    result.temp_files_cleaned = !ec;
    if (ec) {
      record.temp_files_cleaned = false;
      (void)store.SaveScrape(record);
    }
  }
  return result;
}

Result<int64_t> StoreUnfinishedScrape(store::Store& store, const scrape::ScrapeMetadata& meta,
                                      const fs::path& scrape_dir) {
  auto stored = store.GetScrape(meta.scrape_id);
  if (stored.ok() && stored->end_time) return int64_t{0};
  AWSCRAPE_ASSIGN_OR_RETURN(int64_t outcomes, StoreLedgerFile(store, scrape_dir));
  store::ScrapeRecord record = ScrapeRecordFromMetadata(meta);
  if (stored.ok()) KeepStoredCounters(*stored, record);
  AWSCRAPE_RETURN_IF_ERROR(store.SaveScrape(record));
  return outcomes;
}

}  // namespace awscrape::workflow
