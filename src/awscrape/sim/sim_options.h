// SimOptions: everything that shapes the simulated AWS account — its identity and size, the
// credentials it accepts, and the fault knobs — whether set by flags or by a scenario file
// (scenario.h). Plain data, copied into the Simulator at construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "awscrape/core/json.h"

namespace awscrape::sim {

enum class AccountSize { kSmall, kMedium, kLarge };

// Throttling for every endpoint (service, region) whose "service:Operation" matches `match`
// (globs with '*') and whose region matches `region`: a token bucket per endpoint refilled at
// `rate` requests per second holding at most `burst`.
struct ThrottleRule {
  std::string match = "*";
  std::string region = "*";
  double rate = 10;
  double burst = 20;
};

enum class FaultKind { kServerError, kMalformed, kTruncated, kHang };

// With probability `rate` per request to a matching endpoint a fault starts and lasts `burst`
// consecutive requests to that endpoint (a burst of 5xx, say). Decided from a hash of the seed,
// the endpoint and a per-endpoint request counter: reproducible for one request order.
struct FaultRule {
  FaultKind kind = FaultKind::kServerError;
  std::string match = "*";
  std::string region = "*";
  double rate = 0;
  int burst = 1;
};

// A resource that must appear in an operation's (first) result list, in given regions (all when
// empty): `item` is merged over a generated item (member names as in the model; lists merge
// element by element). Strings may use the placeholders of resource_rules.h.
struct PinnedResource {
  std::string service;
  std::string operation;
  std::vector<std::string> regions;
  std::string item_json;  // a JSON object
};

// Changes between scrapes: at generation g > 0 each list loses `removed_percent`% of its items,
// gains `added_percent`% per generation, and `modified_percent`% of the rest change their data.
struct ChangeSpec {
  int generation = 0;
  int added_percent = 10;
  int removed_percent = 10;
  int modified_percent = 10;
};

struct SimOptions {
  uint64_t seed = 1;
  AccountSize size = AccountSize::kSmall;
  std::string account_id = "123456789012";
  // The only credentials the simulated account knows (AWS's documentation example pair).
  std::string access_key_id = "AKIAIOSFODNN7EXAMPLE";
  std::string secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  bool verify_signatures = true;

  int latency_ms = 0;
  int jitter_ms = 0;
  std::vector<ThrottleRule> throttles;
  std::vector<FaultRule> faults;
  std::vector<std::string> access_denied;  // "service:Operation" globs
  // Opt-in regions the account has enabled; the other opt-in regions answer as AWS does for a
  // region that is not enabled.
  std::vector<std::string> enabled_opt_in_regions;
  std::vector<PinnedResource> pinned;
  ChangeSpec changes;
  // Items per page when the request sets no limit.
  int default_page_size = 100;
};

std::string_view AccountSizeName(AccountSize size);
bool ParseAccountSize(std::string_view name, AccountSize& size);
std::string_view FaultKindName(FaultKind kind);
bool ParseFaultKind(std::string_view name, FaultKind& kind);

// '*' matches any run of characters; everything else literally (case-sensitive).
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace awscrape::sim
