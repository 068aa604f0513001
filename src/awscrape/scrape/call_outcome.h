// CallOutcome: how one planned call of a scrape ended (SPEC §2) — the vocabulary the outcome
// rules, the ledger, the summary and the store share.
//
//   ok             the call answered; its pages hold at least one item
//   empty          the call answered with nothing in it
//   denied         IAM (or an SCP) refused the call
//   not_available  the service or operation is not offered or not enabled in that region
//   throttled      still throttled when its retry budget ended
//   error          anything else (5xx after retries, malformed responses, timeouts, and calls a
//                  Ctrl-C cancelled: error code "Cancelled")
#pragma once

#include <optional>
#include <string_view>

namespace awscrape::scrape {

enum class CallOutcome { kOk, kEmpty, kDenied, kNotAvailable, kThrottled, kError };
inline constexpr int kCallOutcomeCount = 6;

std::string_view CallOutcomeName(CallOutcome outcome);  // "ok", "not_available", ...
std::optional<CallOutcome> ParseCallOutcome(std::string_view name);

}  // namespace awscrape::scrape
