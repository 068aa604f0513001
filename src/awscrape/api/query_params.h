// Validation of the values the API and the CLI accept as filters: scrape ids, service, region
// and operation names, limits and flags. One set of rules for both, so `awscrape query` and
// `GET /api/scrapes/{id}/resources` refuse the same things with the same messages.
//
// Values are checked by their shape (AWS names are short, lower-case or CamelCase, never quotes
// or wildcards), so injection attempts are refused with kInvalidArgument before any store call;
// the store matches the survivors literally anyway. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"
#include "awscrape/store/records.h"

namespace awscrape::api {

// scrape_\d{8}_\d{6}_[0-9a-f]{8}
bool IsValidScrapeId(std::string_view id);
Status ValidateScrapeId(std::string_view id);
// Service names as in botocore's models: [a-z0-9][a-z0-9.-]{0,63}.
Status ValidateServiceName(std::string_view service);
// Region names ([a-z0-9-]{1,32}); "global" and aws-list-all's "None" name the global calls.
Status ValidateRegion(std::string_view region);
bool IsGlobalRegionName(std::string_view region);
// Operation names: [A-Za-z][A-Za-z0-9]{0,127}.
Status ValidateOperation(std::string_view operation);

// An integer in [min, max]; `name` is used in the message.
Result<int64_t> ParseBoundedInt(std::string_view name, std::string_view text, int64_t min,
                                int64_t max);
// "true"/"false"/"1"/"0".
Result<bool> ParseBoolParam(std::string_view name, std::string_view text);

// The seed's resource filter, validated: any of the names may be absent. The global region
// ("global", "None") is the store's empty region key.
struct ResourceFilterInput {
  std::optional<std::string> scrape_id;
  std::optional<std::string> service;
  std::optional<std::string> region;
  std::optional<std::string> operation;
};
Result<store::ResourceFilter> BuildResourceFilter(const ResourceFilterInput& input);

// Limits on list sizes, shared by the API and the CLI.
inline constexpr int64_t kMaxScrapeListLimit = 1000;
inline constexpr int64_t kDefaultScrapeListLimit = 50;
inline constexpr int64_t kMaxResourceLimit = 100000;
inline constexpr int64_t kMaxCompareLimit = 100;
inline constexpr int64_t kDefaultCompareLimit = 10;
inline constexpr int64_t kMaxCallsLimit = 100000;
inline constexpr int64_t kDefaultCallsLimit = 1000;
inline constexpr int64_t kMaxTimelineDays = 3660;
inline constexpr int64_t kMaxOffset = 1'000'000'000;

}  // namespace awscrape::api
