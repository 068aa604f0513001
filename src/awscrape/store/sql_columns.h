// How the SQL backends (SQLite, PostgreSQL) put record fields into columns that the records do
// not map to one-to-one: a global call's null region is stored as '' so that it takes part in
// unique keys (NULLs never collide), and string lists (a scrape's command, services, regions)
// are stored as JSON array text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awscrape::store {

inline std::string RegionKey(const std::optional<std::string>& region) {
  return region.value_or("");
}
inline std::optional<std::string> RegionFromKey(std::string key) {
  if (key.empty()) return std::nullopt;
  return key;
}

// ["a","b"]; the inverse of DecodeStrings.
std::string EncodeStrings(const std::vector<std::string>& values);
// The strings of a JSON array; anything else (not JSON, not an array) reads as empty, and
// non-string elements are skipped: columns this store wrote always decode whole.
std::vector<std::string> DecodeStrings(std::string_view text);

}  // namespace awscrape::store
