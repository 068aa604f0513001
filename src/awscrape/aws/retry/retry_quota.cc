#include "awscrape/aws/retry/retry_quota.h"

#include <algorithm>

namespace awscrape::aws {

bool RetryQuota::Acquire(int amount) {
  std::lock_guard lock(mutex_);
  if (amount > available_) return false;
  available_ -= amount;
  return true;
}

void RetryQuota::Release(int amount) {
  std::lock_guard lock(mutex_);
  available_ += std::clamp(max_capacity_ - available_, 0, std::max(amount, 0));
}

int RetryQuota::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace awscrape::aws
