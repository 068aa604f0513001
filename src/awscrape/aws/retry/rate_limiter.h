// AdaptiveRateLimiter: client-side rate limiting that adapts to throttling, as botocore
// 1.29.27's adaptive retry mode (botocore/retries/adaptive.py ClientRateLimiter + RateClocker,
// bucket.py, throttling.py), for one (account, region, service) key.
//
// Until the first throttling response it lets everything through. From then on a token bucket
// paces sends at a rate chosen by CUBIC: each throttling response cuts the rate to 0.7x the rate
// measured when it happened; successes let it grow back, at most to twice the measured rate.
// Acquire() never sleeps: it reserves a send slot and returns how long to wait before sending,
// which suits an event-driven scheduler. Optionally a fixed max_rate caps sends from the start.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "awscrape/aws/retry/cubic_calculator.h"
#include "awscrape/aws/retry/token_bucket.h"
#include "awscrape/core/clock.h"

namespace awscrape::aws {

struct RateLimiterOptions {
  // Sends per second never to exceed, throttled or not; 0 means only adaptive limiting.
  double max_rate = 0;
};

// Measures the rate of responses, smoothed over half-second buckets (adaptive.py RateClocker).
// Not thread-safe.
class RateClocker {
 public:
  static constexpr double kSmoothing = 0.8;
  static constexpr double kTimeBucketRange = 0.5;

  explicit RateClocker(double now_seconds);
  // Counts one event at `now_seconds`; returns the current measured rate.
  double Record(double now_seconds, int amount = 1);
  double measured_rate() const { return measured_rate_; }

 private:
  double measured_rate_ = 0;
  double last_bucket_;
  int count_ = 0;
};

class AdaptiveRateLimiter {
 public:
  static constexpr double kMaxRateAdjustScale = 2.0;

  explicit AdaptiveRateLimiter(const Clock& clock, RateLimiterOptions options = {});
  AdaptiveRateLimiter(const AdaptiveRateLimiter&) = delete;
  AdaptiveRateLimiter& operator=(const AdaptiveRateLimiter&) = delete;

  // Reserves one send. Returns how long to wait before sending; zero means "send now".
  std::chrono::nanoseconds Acquire();

  // Reports the response (or transport failure) of every attempt; `throttled` when
  // ClassifyError() said kThrottling.
  void OnResponse(bool throttled);

  // Whether pacing is active (after a throttling response, or always with a max_rate).
  bool enabled() const;
  // The pacing rate in sends per second (meaningful when enabled()).
  double send_rate() const;
  double measured_rate() const;

 private:
  double Seconds(Clock::TimePoint t) const;
  double Capped(double rate) const;

  const Clock& clock_;
  const RateLimiterOptions options_;
  mutable std::mutex mutex_;
  // All guarded by mutex_.
  CubicCalculator cubic_;
  TokenBucket bucket_;
  RateClocker clocker_;
  bool throttled_once_ = false;
};

}  // namespace awscrape::aws
