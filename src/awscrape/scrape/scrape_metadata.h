// The scrape's own record, `<spool>/<scrape_id>/_scrape.json`: the seed's `scrapes` fields
// (seeds/000) as the scraper knows them, written when the scrape starts (end_time, success and
// return_code null) and rewritten when it ends. The seam for the store: an ingester that finds
// the directory reads this file for the scrape document and `_ledger.jsonl` for the outcomes.
//
//   {"scrape_id", "start_time", "end_time", "duration_seconds", "success", "return_code",
//    "command", "services" ("all" or [...]), "regions", "profile", "scraped_files_count",
//    "temp_directory", "account_id", "partition", "models_version", "tool_version",
//    "planned_calls", "outcomes": {"ok": n, ...}, "disabled_regions": [...], "interrupted"}
//
// Times are ISO-8601 UTC with milliseconds ("2025-08-09T17:35:31.277Z"). The file is replaced
// atomically (temporary name, rename). Also here: scrape ids, "scrape_YYYYMMDD_HHMMSS_<8 hex>".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "awscrape/core/result.h"
#include "awscrape/core/status.h"
#include "awscrape/core/time.h"

namespace awscrape::scrape {

inline constexpr std::string_view kScrapeMetadataFileName = "_scrape.json";

struct ScrapeMetadata {
  std::string scrape_id;
  Timestamp start_time;
  std::optional<Timestamp> end_time;
  std::optional<double> duration_seconds;
  std::optional<bool> success;
  std::optional<int> return_code;
  std::vector<std::string> command;
  std::optional<std::vector<std::string>> services;  // nullopt: "all"
  std::vector<std::string> regions;
  std::string profile;  // empty: null
  int64_t scraped_files_count = 0;
  std::string temp_directory;
  // Additions to the seed.
  std::string account_id;
  std::string partition;
  std::string models_version;  // "botocore 1.29.27"; empty when unknown
  int64_t planned_calls = 0;
  std::map<std::string, int64_t> outcomes;  // outcome name -> calls
  std::vector<std::string> disabled_regions;
  bool interrupted = false;
};

std::string FormatScrapeMetadata(const ScrapeMetadata& metadata);
Status WriteScrapeMetadata(const std::filesystem::path& scrape_dir, const ScrapeMetadata& metadata);

// Reads what FormatScrapeMetadata writes (unknown members ignored, so older and newer versions of
// the file still load); kInvalidArgument names the first field that is wrong.
Result<ScrapeMetadata> ParseScrapeMetadata(std::string_view text);
// `<scrape_dir>/_scrape.json`; kNotFound when the scraper never wrote one.
Result<ScrapeMetadata> ReadScrapeMetadata(const std::filesystem::path& scrape_dir);

}  // namespace awscrape::scrape
