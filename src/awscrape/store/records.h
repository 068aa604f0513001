// The records a Store keeps: the seed's (seeds/000) `scrapes` and `aws_resources` documents, its
// `logs` collection and the per-call outcome ledger, plus the filters and aggregates over them.
//
// Field names are the seed's, so the JSON mapping (documents.h) and every backend use one
// vocabulary. Additions to the seed: account_id, partition, page, item_count, the models and
// tool versions. Timestamps are UTC with millisecond precision (MongoDB's Date); finer digits are
// dropped on storage. Plain values: copyable, no behaviour, safe to share read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/time.h"

namespace awscrape::store {

// One document of the seed's `scrapes` collection.
struct ScrapeRecord {
  std::string scrape_id;  // "scrape_YYYYMMDD_HHMMSS_<8 hex>", unique
  // Timing
  Timestamp start_time;
  std::optional<Timestamp> end_time;       // null while running
  std::optional<double> duration_seconds;  // null while running
  // Execution
  std::optional<bool> success;         // null while running
  std::optional<int64_t> return_code;  // null while running
  std::vector<std::string> command;
  // Parameters
  std::optional<std::vector<std::string>> services;  // nullopt is the seed's "all"
  std::vector<std::string> regions;
  std::optional<std::string> profile;
  // Results
  int64_t scraped_files_count = 0;
  int64_t total_resources_saved = 0;  // sum of item_count of the documents stored
  // Processing
  std::string temp_directory;
  int64_t files_processed_to_mongo = 0;  // spool files (pages) stored, whatever the backend
  bool temp_files_cleaned = false;
  // Metadata
  Timestamp created_at;
  Timestamp updated_at;
  // Additions
  std::string account_id;
  std::string partition;       // "aws", "aws-cn", ...
  std::string models_version;  // botocore data version the scrape used
  std::string tool_version;    // awscrape version

  friend bool operator==(const ScrapeRecord&, const ScrapeRecord&) = default;
};

// One document of the seed's `aws_resources` collection: one page of one call's response.
struct ResponseDocument {
  std::string scrape_id;
  Timestamp scrape_timestamp;  // the scrape's start_time
  std::string service;
  std::optional<std::string> region;  // null for global calls (aws-list-all's "None")
  std::optional<std::string> profile;
  std::string operation;
  int64_t page = 0;  // 0-based; aws-list-all's one file per call is page 0
  std::string account_id;
  std::string partition;
  std::string source_filename;
  std::string temp_file_path;
  // The complete AWS response, ResponseMetadata included, as compact JSON text. Stored
  // verbatim as a JSON value: members keep their order, numbers their value.
  std::string response;
  int64_t item_count = 0;  // elements of the response's top-level arrays
  Timestamp processed_at;
  Timestamp created_at;
  Timestamp updated_at;

  friend bool operator==(const ResponseDocument&, const ResponseDocument&) = default;
};

// One entry of the seed's `logs` collection ("Logging Strategy").
struct LogEntry {
  Timestamp timestamp;
  std::string level;      // "ERROR", "WARNING", "INFO"
  std::string component;  // "FileWatcher", ...
  std::optional<std::string> scrape_id;
  std::string message;
  std::optional<std::string> error;
  std::optional<std::string> file_path;

  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

// How one (service, region, operation) call of a scrape ended (SPEC §2).
enum class CallOutcomeKind { kOk, kEmpty, kDenied, kNotAvailable, kThrottled, kError };
std::string_view CallOutcomeName(CallOutcomeKind kind);  // "ok", "empty", "not_available", ...
std::optional<CallOutcomeKind> ParseCallOutcome(std::string_view name);

// One entry of the per-call outcome ledger; unique per (scrape_id, service, region, operation).
struct CallOutcome {
  std::string scrape_id;
  std::string service;
  std::optional<std::string> region;  // null for global calls
  std::string operation;
  CallOutcomeKind outcome = CallOutcomeKind::kOk;
  std::string error_code;  // AWS error code, empty when none
  int64_t http_status = 0;
  int64_t duration_ms = 0;
  int64_t attempts = 0;  // HTTP attempts for all pages; retries = attempts - pages
  int64_t retries = 0;
  int64_t pages = 0;
  std::string request_id;  // of the last attempt
  int64_t items = 0;
  Timestamp recorded_at;

  friend bool operator==(const CallOutcome&, const CallOutcome&) = default;
};

// The seed's resource filters. Empty fields match everything; values are matched literally.
struct ResourceFilter {
  std::optional<std::string> scrape_id;
  std::optional<std::string> service;
  std::optional<std::string> region;
  std::optional<std::string> operation;
  int64_t limit = 0;  // 0: no limit
  int64_t offset = 0;

  bool Empty() const { return !scrape_id && !service && !region && !operation; }
};

struct ResourcePage {
  std::vector<ResponseDocument> documents;  // ordered by scrape_timestamp desc, then key, page
  int64_t total = 0;                        // matches ignoring limit/offset
};

struct ScrapeFilter {
  std::optional<bool> success;
  int64_t limit = 0;  // 0: no limit
  int64_t offset = 0;
};

struct ScrapePage {
  std::vector<ScrapeRecord> scrapes;  // newest start_time first
  int64_t total = 0;
};

struct LogFilter {
  std::optional<std::string> scrape_id;
  std::optional<std::string> level;
  std::optional<std::string> component;
  int64_t limit = 0;  // 0: no limit
};

struct OutcomeFilter {
  std::optional<std::string> scrape_id;
  std::optional<std::string> service;
  std::optional<std::string> region;
  std::optional<std::string> operation;
  std::optional<CallOutcomeKind> outcome;
};

// GET /api/stats.
struct Stats {
  int64_t total_scrapes = 0;
  int64_t successful_scrapes = 0;
  int64_t total_resources = 0;                   // documents in aws_resources
  std::vector<std::string> services_discovered;  // sorted
  std::vector<std::string> regions_scanned;      // sorted; global calls are not a region
  std::optional<Timestamp> last_scrape;          // newest start_time

  friend bool operator==(const Stats&, const Stats&) = default;
};

// One row of GET /api/stats/services or /api/stats/regions.
struct GroupStats {
  std::string key;  // service name, or region ("global" for region-less calls)
  int64_t documents = 0;
  int64_t items = 0;
  int64_t scrapes = 0;  // distinct scrapes holding documents of this group

  friend bool operator==(const GroupStats&, const GroupStats&) = default;
};

// One day of GET /api/stats/timeline?days=N.
struct TimelineDay {
  std::string date;  // "YYYY-MM-DD", UTC
  int64_t scrapes = 0;
  int64_t successful_scrapes = 0;
  int64_t documents = 0;  // documents whose scrape_timestamp falls on that day
  int64_t items = 0;

  friend bool operator==(const TimelineDay&, const TimelineDay&) = default;
};

// What SaveResponses did: `inserted` new documents; `unchanged` were already stored.
struct SaveResult {
  int64_t inserted = 0;
  int64_t unchanged = 0;
};

// What a retention pass or a scrape deletion removed.
struct DeleteCounts {
  int64_t scrapes = 0;
  int64_t documents = 0;
  int64_t outcomes = 0;
  int64_t logs = 0;

  friend bool operator==(const DeleteCounts&, const DeleteCounts&) = default;
};

// Rounds down to the millisecond, the precision every backend keeps.
inline Timestamp TruncateToMillis(Timestamp t) {
  t.microseconds = t.microseconds / 1000 * 1000;
  return t;
}

}  // namespace awscrape::store
