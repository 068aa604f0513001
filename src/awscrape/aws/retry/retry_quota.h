// RetryQuota: the token pool that stops a struggling client from multiplying its load by
// retrying everything (botocore 1.29.27 botocore/retries/quota.py).
//
// A retry spends tokens (5, or 10 after a timeout); a successful call gives back what its last
// retry spent, or 1 when it needed no retry. When the pool is empty, failures are returned
// instead of retried. botocore keeps one quota per client, i.e. per (service, region); share one
// instance among the calls that should drain together. Thread-safe.
#pragma once

#include <mutex>

namespace awscrape::aws {

class RetryQuota {
 public:
  static constexpr int kInitialCapacity = 500;

  explicit RetryQuota(int capacity = kInitialCapacity)
      : max_capacity_(capacity), available_(capacity) {}
  RetryQuota(const RetryQuota&) = delete;
  RetryQuota& operator=(const RetryQuota&) = delete;

  // Takes `amount` tokens if that many are available; false (and nothing taken) otherwise.
  bool Acquire(int amount);
  // Returns up to `amount` tokens, never beyond the initial capacity.
  void Release(int amount);

  int available() const;
  int capacity() const { return max_capacity_; }

 private:
  const int max_capacity_;
  mutable std::mutex mutex_;
  int available_;  // guarded by mutex_
};

}  // namespace awscrape::aws
