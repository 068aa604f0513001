// How the SQL backends (SQLite, PostgreSQL) put record fields into columns that the records do
// not map to one-to-one: a global call's null region is stored as '' so that it takes part in
// unique keys (NULLs never collide), and string lists (a scrape's command, services, regions)
// are stored as JSON array text. Also the rows an outcome ledger becomes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/store/records.h"

namespace awscrape::store {

inline std::string RegionKey(const std::optional<std::string>& region) {
  return region.value_or("");
}
inline std::optional<std::string> RegionFromKey(std::string key) {
  if (key.empty()) return std::nullopt;
  return key;
}

// The row to store for each call among `outcomes`: the last outcome given for its key
// (scrape_id, service, region as stored, operation), in key order. Key order puts each row next
// to the one before in the table's B-tree (a ledger comes in the order calls finished), and one
// row per key lets a single statement upsert them all (PostgreSQL refuses to update a row twice
// in one statement).
std::vector<const CallOutcome*> LatestOutcomePerCall(std::span<const CallOutcome> outcomes);

// ["a","b"]; the inverse of DecodeStrings.
std::string EncodeStrings(const std::vector<std::string>& values);
// The strings of a JSON array; anything else (not JSON, not an array) reads as empty, and
// non-string elements are skipped: columns this store wrote always decode whole.
std::vector<std::string> DecodeStrings(std::string_view text);

}  // namespace awscrape::store
