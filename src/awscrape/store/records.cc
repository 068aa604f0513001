#include "awscrape/store/records.h"

#include <array>
#include <utility>

namespace awscrape::store {
namespace {

constexpr std::array<std::pair<CallOutcomeKind, std::string_view>, 6> kOutcomeNames = {{
    {CallOutcomeKind::kOk, "ok"},
    {CallOutcomeKind::kEmpty, "empty"},
    {CallOutcomeKind::kDenied, "denied"},
    {CallOutcomeKind::kNotAvailable, "not_available"},
    {CallOutcomeKind::kThrottled, "throttled"},
    {CallOutcomeKind::kError, "error"},
}};

}  // namespace

std::string_view CallOutcomeName(CallOutcomeKind kind) {
  for (const auto& [k, name] : kOutcomeNames) {
    if (k == kind) return name;
  }
  return "error";
}

std::optional<CallOutcomeKind> ParseCallOutcome(std::string_view name) {
  for (const auto& [k, n] : kOutcomeNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace awscrape::store
