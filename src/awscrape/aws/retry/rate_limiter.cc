#include "awscrape/aws/retry/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace awscrape::aws {

RateClocker::RateClocker(double now_seconds) : last_bucket_(std::floor(now_seconds)) {}

double RateClocker::Record(double now_seconds, int amount) {
  const double scale = 1 / kTimeBucketRange;
  const double bucket = std::floor(now_seconds * scale) / scale;
  count_ += amount;
  if (bucket > last_bucket_) {
    const double current_rate = count_ / (bucket - last_bucket_);
    measured_rate_ = current_rate * kSmoothing + measured_rate_ * (1 - kSmoothing);
    count_ = 0;
    last_bucket_ = bucket;
  }
  return measured_rate_;
}

// botocore starts CUBIC at w_max 0 and the bucket at 1 token/s; both only matter once the first
// throttling response enables pacing.
AdaptiveRateLimiter::AdaptiveRateLimiter(const Clock& clock, RateLimiterOptions options)
    : clock_(clock),
      options_(options),
      cubic_(0, Seconds(clock.Now())),
      bucket_(options.max_rate > 0 ? options.max_rate : 1, clock),
      clocker_(Seconds(clock.Now())) {}

double AdaptiveRateLimiter::Seconds(Clock::TimePoint t) const {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

double AdaptiveRateLimiter::Capped(double rate) const {
  return options_.max_rate > 0 ? std::min(rate, options_.max_rate) : rate;
}

std::chrono::nanoseconds AdaptiveRateLimiter::Acquire() {
  std::lock_guard lock(mutex_);
  if (!throttled_once_ && options_.max_rate <= 0) return std::chrono::nanoseconds(0);
  return bucket_.Reserve();
}

void AdaptiveRateLimiter::OnResponse(bool throttled) {
  std::lock_guard lock(mutex_);
  const double now = Seconds(clock_.Now());
  const double measured = clocker_.Record(now);
  double new_rate;
  if (!throttled) {
    new_rate = cubic_.SuccessReceived(now);
  } else {
    const double rate_to_use = throttled_once_ ? std::min(measured, bucket_.max_rate()) : measured;
    new_rate = cubic_.ErrorReceived(rate_to_use, now);
    throttled_once_ = true;
  }
  if (!throttled_once_ && options_.max_rate > 0) {
    // Not adapting yet: the fixed cap alone paces sends.
    bucket_.SetMaxRate(options_.max_rate);
    return;
  }
  bucket_.SetMaxRate(Capped(std::min(new_rate, kMaxRateAdjustScale * measured)));
}

bool AdaptiveRateLimiter::enabled() const {
  std::lock_guard lock(mutex_);
  return throttled_once_ || options_.max_rate > 0;
}

double AdaptiveRateLimiter::send_rate() const {
  std::lock_guard lock(mutex_);
  return bucket_.max_rate();
}

double AdaptiveRateLimiter::measured_rate() const {
  std::lock_guard lock(mutex_);
  return clocker_.measured_rate();
}

}  // namespace awscrape::aws
