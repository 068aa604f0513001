#include "awscrape/sim/fault_injector.h"

#include <algorithm>

#include "awscrape/sim/sim_hash.h"

namespace awscrape::sim {
namespace {

std::string Key(size_t rule, std::string_view service, std::string_view region) {
  return std::to_string(rule) + '/' + std::string(service) + '/' + std::string(region);
}

bool Covers(std::string_view match, std::string_view region_glob, std::string_view service,
            std::string_view operation, std::string_view region) {
  std::string call = std::string(service) + ':' + std::string(operation);
  // "ec2" alone means every operation of ec2.
  bool op_match = GlobMatch(match, call) ||
                  (match.find(':') == std::string_view::npos && GlobMatch(match, service));
  return op_match && GlobMatch(region_glob, region);
}

}  // namespace

FaultInjector::FaultInjector(const SimOptions& options, const Clock& clock)
    : options_(options), clock_(clock) {}

bool FaultInjector::AdmitRequest(std::string_view service, std::string_view operation,
                                 std::string_view region) {
  for (size_t i = 0; i < options_.throttles.size(); ++i) {
    const ThrottleRule& rule = options_.throttles[i];
    if (!Covers(rule.match, rule.region, service, operation, region)) continue;
    std::lock_guard lock(mutex_);
    std::string key = Key(i, service, region);
    auto now = clock_.Now();
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{rule.burst, now});
    Bucket& bucket = it->second;
    if (!inserted) {
      double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
      bucket.tokens = std::min(rule.burst, bucket.tokens + elapsed * rule.rate);
      bucket.refilled = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
  return true;
}

std::optional<FaultKind> FaultInjector::NextFault(std::string_view service,
                                                  std::string_view operation,
                                                  std::string_view region) {
  for (size_t i = 0; i < options_.faults.size(); ++i) {
    const FaultRule& rule = options_.faults[i];
    if (rule.rate <= 0 || !Covers(rule.match, rule.region, service, operation, region)) continue;
    std::lock_guard lock(mutex_);
    std::string key = Key(i, service, region);
    Burst& burst = bursts_[key];
    uint64_t n = burst.requests++;
    if (burst.remaining > 0) {
      --burst.remaining;
      return rule.kind;
    }
    uint64_t draw = Hasher(options_.seed).Add(key).Add(n).Value();
    double unit = static_cast<double>(draw >> 11) / static_cast<double>(1ULL << 53);
    if (unit < rule.rate) {
      burst.remaining = std::max(0, rule.burst - 1);
      return rule.kind;
    }
  }
  return std::nullopt;
}

std::chrono::milliseconds FaultInjector::NextLatency() {
  int jitter = 0;
  if (options_.jitter_ms > 0) {
    std::lock_guard lock(mutex_);
    uint64_t draw = Hasher(options_.seed).Add("jitter").Add(latency_draws_++).Value();
    jitter = static_cast<int>(draw % static_cast<uint64_t>(options_.jitter_ms + 1));
  }
  return std::chrono::milliseconds(std::max(0, options_.latency_ms) + jitter);
}

}  // namespace awscrape::sim
