#include "awscrape/sim/sim_options.h"

namespace awscrape::sim {

std::string_view AccountSizeName(AccountSize size) {
  switch (size) {
    case AccountSize::kSmall:
      return "small";
    case AccountSize::kMedium:
      return "medium";
    case AccountSize::kLarge:
      return "large";
  }
  return "small";
}

bool ParseAccountSize(std::string_view name, AccountSize& size) {
  if (name == "small") return size = AccountSize::kSmall, true;
  if (name == "medium") return size = AccountSize::kMedium, true;
  if (name == "large") return size = AccountSize::kLarge, true;
  return false;
}

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kServerError:
      return "server_error";
    case FaultKind::kMalformed:
      return "malformed";
    case FaultKind::kTruncated:
      return "truncated";
    case FaultKind::kHang:
      return "hang";
  }
  return "server_error";
}

bool ParseFaultKind(std::string_view name, FaultKind& kind) {
  for (FaultKind k :
       {FaultKind::kServerError, FaultKind::kMalformed, FaultKind::kTruncated, FaultKind::kHang}) {
    if (FaultKindName(k) == name) return kind = k, true;
  }
  return false;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative glob with backtracking to the last '*'.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace awscrape::sim
