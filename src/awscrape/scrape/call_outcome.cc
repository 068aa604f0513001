#include "awscrape/scrape/call_outcome.h"

#include <array>

namespace awscrape::scrape {
namespace {

constexpr std::array<std::string_view, kCallOutcomeCount> kNames = {
    "ok", "empty", "denied", "not_available", "throttled", "error"};

}  // namespace

std::string_view CallOutcomeName(CallOutcome outcome) {
  return kNames[static_cast<size_t>(outcome)];
}

std::optional<CallOutcome> ParseCallOutcome(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<CallOutcome>(i);
  }
  return std::nullopt;
}

}  // namespace awscrape::scrape
