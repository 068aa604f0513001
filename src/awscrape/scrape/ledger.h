// The outcome ledger: one JSON line per planned call of a scrape, in
// `<spool>/<scrape_id>/_ledger.jsonl` (the leading '_' keeps it from looking like a spool file).
//
// Every planned call gets exactly one line, whatever happened: ok, empty, denied, not_available,
// throttled or error (call_outcome.h). A line is written with one write(2) on a file opened with
// O_APPEND, so it is on disk (in the page cache) as soon as Append returns and a crash never
// leaves half a line behind another process's reader. Fields:
//
//   scrape_id, service, operation, region (null for a global call), call_region (where it was
//   sent), profile (null when none), outcome, items (sum of the result lists of all pages),
//   pages (pages received), attempts (HTTP attempts for all pages), retries (attempts - pages
//   requested), throttle_retries (scheduler-level re-queues after throttling), duration_ms (first
//   request to outcome), http_status (last response; 0 when none), error_code (AWS code, or for
//   failures without an AWS answer awscrape's status name: "Timeout", "Unavailable",
//   "ParseError", "Cancelled"), error_message, request_id (last response), rule and reason (the
//   outcome rule that decided a failure), incomplete ("" | "repeated_token" | "page_cap" |
//   "interrupted": pagination stopped early; the pages fetched are in the spool),
//   default_resources (items flagged), recorded_at (ISO-8601 UTC with milliseconds).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "awscrape/core/result.h"
#include "awscrape/core/time.h"
#include "awscrape/scrape/call_outcome.h"

namespace awscrape::scrape {

inline constexpr std::string_view kLedgerFileName = "_ledger.jsonl";

struct CallRecord {
  std::string scrape_id;
  std::string service;
  std::string operation;
  std::string region;  // spool region: "None" for global calls (written as null)
  std::string call_region;
  std::string profile;  // empty: none
  CallOutcome outcome = CallOutcome::kOk;
  int64_t items = 0;
  int64_t pages = 0;
  int64_t attempts = 0;
  int64_t retries = 0;
  int64_t throttle_retries = 0;
  int64_t duration_ms = 0;
  int http_status = 0;
  std::string error_code;
  std::string error_message;
  std::string request_id;
  std::string rule;
  std::string reason;
  std::string incomplete;
  int64_t default_resources = 0;
  Timestamp recorded_at;
};

std::string FormatLedgerLine(const CallRecord& record);  // one JSON object and '\n'
Result<CallRecord> ParseLedgerLine(std::string_view line);

class LedgerWriter {
 public:
  static Result<std::unique_ptr<LedgerWriter>> Open(const std::filesystem::path& path);
  ~LedgerWriter();
  LedgerWriter(const LedgerWriter&) = delete;
  LedgerWriter& operator=(const LedgerWriter&) = delete;

  Status Append(const CallRecord& record);
  uint64_t lines() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  LedgerWriter(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::filesystem::path path_;
  int fd_;
  mutable std::mutex mutex_;
  uint64_t lines_ = 0;  // guarded by mutex_
};

}  // namespace awscrape::scrape
