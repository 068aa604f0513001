// FaultInjector: the simulator's knobs that hold state across requests — a token bucket per
// throttled endpoint (service, region), fault bursts per endpoint, and latency with jitter.
//
// Decisions are reproducible for one order of requests: fault draws hash the seed, the endpoint
// and a per-endpoint request counter; jitter hashes a global request counter. Time comes from a
// Clock so tests can drive the buckets by hand. Thread-safe (one mutex; the work under it is a
// map look-up and a few arithmetic operations).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/clock.h"
#include "awscrape/sim/sim_options.h"

namespace awscrape::sim {

class FaultInjector {
 public:
  FaultInjector(const SimOptions& options, const Clock& clock);

  // Takes a token from the endpoint's bucket when a throttle rule covers it; false means
  // "throttle this request".
  bool AdmitRequest(std::string_view service, std::string_view operation, std::string_view region);
  // The fault to inject into this request, if any (first matching rule that fires).
  std::optional<FaultKind> NextFault(std::string_view service, std::string_view operation,
                                     std::string_view region);
  // The delay before answering: latency plus a jitter in [0, jitter].
  std::chrono::milliseconds NextLatency();

 private:
  struct Bucket {
    double tokens = 0;
    Clock::TimePoint refilled;
  };
  struct Burst {
    uint64_t requests = 0;
    int remaining = 0;
  };

  const SimOptions& options_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;  // guarded by mutex_
  std::map<std::string, Burst, std::less<>> bursts_;    // guarded by mutex_
  uint64_t latency_draws_ = 0;                          // guarded by mutex_
};

}  // namespace awscrape::sim
