#include "awscrape/aws/retry/token_bucket.h"

#include <algorithm>

namespace awscrape::aws {

TokenBucket::TokenBucket(double max_rate, const Clock& clock, double min_rate)
    : clock_(clock), min_rate_(min_rate) {
  SetMaxRate(max_rate);
}

void TokenBucket::SetMaxRate(double rate) {
  // Credit what was earned at the old rate before the new one applies.
  Refill();
  fill_rate_ = std::max(rate, min_rate_);
  max_capacity_ = rate >= 1 ? rate : 1;
  current_capacity_ = std::min(current_capacity_, max_capacity_);
}

void TokenBucket::Refill() {
  const Clock::TimePoint now = clock_.Now();
  if (!last_refill_) {
    last_refill_ = now;
    return;
  }
  const double elapsed = std::chrono::duration<double>(now - *last_refill_).count();
  if (elapsed <= 0) return;
  current_capacity_ = std::min(max_capacity_, current_capacity_ + elapsed * fill_rate_);
  last_refill_ = now;
}

std::chrono::nanoseconds TokenBucket::Reserve(double amount) {
  Refill();
  current_capacity_ -= amount;
  if (current_capacity_ >= 0) return std::chrono::nanoseconds(0);
  const std::chrono::duration<double> wait(-current_capacity_ / fill_rate_);
  return std::chrono::ceil<std::chrono::nanoseconds>(wait);
}

}  // namespace awscrape::aws
