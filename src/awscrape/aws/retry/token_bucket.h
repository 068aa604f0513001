// TokenBucket: the client-side send-rate limiter of botocore's adaptive retry mode
// (botocore 1.29.27 botocore/retries/bucket.py), made non-blocking.
//
// botocore's acquire() sleeps until a token is available; Reserve() instead takes the token at
// once, letting the balance go negative, and returns how long the caller must wait before using
// it. Later reservations queue behind earlier ones, so waiting callers are served in order
// without any thread sleeping. Not thread-safe: AdaptiveRateLimiter guards it.
#pragma once

#include <chrono>
#include <optional>

#include "awscrape/core/clock.h"

namespace awscrape::aws {

class TokenBucket {
 public:
  static constexpr double kMinRate = 0.5;

  // `max_rate` in tokens per second; the bucket starts empty, as in botocore.
  TokenBucket(double max_rate, const Clock& clock, double min_rate = kMinRate);

  // Sets the fill rate (at least min_rate) and the capacity (the rate, at least 1), after
  // crediting the tokens earned at the previous rate.
  void SetMaxRate(double rate);
  double max_rate() const { return fill_rate_; }
  double max_capacity() const { return max_capacity_; }
  // Negative while reservations are outstanding.
  double available_capacity() const { return current_capacity_; }

  // Takes `amount` tokens and returns the wait until they are earned (zero when available now).
  std::chrono::nanoseconds Reserve(double amount = 1.0);

 private:
  void Refill();

  const Clock& clock_;
  const double min_rate_;
  double fill_rate_ = 0;
  double max_capacity_ = 0;
  double current_capacity_ = 0;
  std::optional<Clock::TimePoint> last_refill_;
};

}  // namespace awscrape::aws
