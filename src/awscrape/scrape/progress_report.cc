#include "awscrape/scrape/progress_report.h"

#include <cstdio>
#include <vector>

namespace awscrape::scrape {
namespace {

std::string Compact(int64_t n) {
  char buffer[32];
  if (n >= 1000000) {
    std::snprintf(buffer, sizeof buffer, "%.1fM", n / 1e6);
  } else if (n >= 10000) {
    std::snprintf(buffer, sizeof buffer, "%.0fk", n / 1e3);
  } else if (n >= 1000) {
    std::snprintf(buffer, sizeof buffer, "%.1fk", n / 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(n));
  }
  return buffer;
}

int64_t Count(const OutcomeCounts& counts, CallOutcome outcome) {
  return counts[static_cast<size_t>(outcome)];
}

}  // namespace

std::string FormatSeconds(double seconds) {
  char buffer[64];
  if (seconds >= 3600) {
    long s = static_cast<long>(seconds + 0.5);
    std::snprintf(buffer, sizeof buffer, "%ldh %02ldm", s / 3600, s / 60 % 60);
  } else if (seconds >= 60) {
    long s = static_cast<long>(seconds + 0.5);
    std::snprintf(buffer, sizeof buffer, "%ldm %02lds", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
  }
  return buffer;
}

std::string FormatProgressLine(const ScrapeProgress& p) {
  const double elapsed = std::chrono::duration<double>(p.elapsed).count();
  std::string eta = "-";
  if (p.finished > 0 && p.finished < p.planned) {
    eta = FormatSeconds(elapsed / static_cast<double>(p.finished) *
                        static_cast<double>(p.planned - p.finished));
  } else if (p.finished == p.planned) {
    eta = "0s";
  }
  const auto& c = p.by_outcome;
  char buffer[512];
  std::snprintf(buffer, sizeof buffer,
                "%zu/%zu calls (%d%%) | ok %lld empty %lld denied %lld n/a %lld throttled %lld "
                "error %lld | %zu in flight%s | %s pages %s items | %s, ETA %s",
                p.finished, p.planned,
                p.planned ? static_cast<int>(100 * p.finished / p.planned) : 100,
                static_cast<long long>(Count(c, CallOutcome::kOk)),
                static_cast<long long>(Count(c, CallOutcome::kEmpty)),
                static_cast<long long>(Count(c, CallOutcome::kDenied)),
                static_cast<long long>(Count(c, CallOutcome::kNotAvailable)),
                static_cast<long long>(Count(c, CallOutcome::kThrottled)),
                static_cast<long long>(Count(c, CallOutcome::kError)), p.in_flight,
                p.waiting ? (", " + std::to_string(p.waiting) + " backing off").c_str() : "",
                Compact(p.pages).c_str(), Compact(p.items).c_str(), FormatSeconds(elapsed).c_str(),
                eta.c_str());
  return buffer;
}

std::string FormatSummary(const ScrapeTotals& totals, size_t max_failure_lines) {
  const ScrapeProgress& p = totals.progress;
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "%zu of %zu planned calls finished in %s: %lld pages, %lld items, "
                "%lld HTTP requests, %lld default resources flagged\n",
                p.finished, p.planned,
                FormatSeconds(std::chrono::duration<double>(p.elapsed).count()).c_str(),
                static_cast<long long>(p.pages), static_cast<long long>(p.items),
                static_cast<long long>(p.requests),
                static_cast<long long>(totals.default_resources));
  out += line;
  out += "Outcomes:";
  for (int i = 0; i < kCallOutcomeCount; ++i) {
    std::snprintf(line, sizeof line, " %s %lld",
                  std::string(CallOutcomeName(static_cast<CallOutcome>(i))).c_str(),
                  static_cast<long long>(p.by_outcome[static_cast<size_t>(i)]));
    out += line;
  }
  out += "\n";
  if (totals.incomplete_calls > 0) {
    out += "Calls whose pagination stopped early (see \"incomplete\" in the ledger): " +
           std::to_string(totals.incomplete_calls) + "\n";
  }
  std::vector<std::string> failures;
  for (const auto& [service, regions] : totals.by_service_region) {
    for (const auto& [region, counts] : regions) {
      std::string parts;
      for (CallOutcome o : {CallOutcome::kDenied, CallOutcome::kNotAvailable,
                            CallOutcome::kThrottled, CallOutcome::kError}) {
        if (Count(counts, o) == 0) continue;
        parts += (parts.empty() ? "" : ", ") + std::string(CallOutcomeName(o)) + " " +
                 std::to_string(Count(counts, o));
      }
      if (!parts.empty()) failures.push_back("  " + service + " " + region + ": " + parts);
    }
  }
  if (!failures.empty()) {
    out += "Failures by service and region:\n";
    for (size_t i = 0; i < failures.size() && i < max_failure_lines; ++i) {
      out += failures[i] + "\n";
    }
    if (failures.size() > max_failure_lines) {
      out += "  ... and " + std::to_string(failures.size() - max_failure_lines) +
             " more service/region pairs (see the ledger)\n";
    }
  }
  return out;
}

}  // namespace awscrape::scrape
