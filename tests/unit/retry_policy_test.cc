// botocore standard-mode retry decisions: attempts, backoff bounds, quota.
#include "awscrape/aws/retry/retry_policy.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace awscrape::aws {
namespace {

using std::chrono::milliseconds;

AttemptOutcome Throttled() {
  AttemptOutcome o;
  o.http_status = 400;
  o.error_code = "ThrottlingException";
  return o;
}

AttemptOutcome TimedOut() {
  AttemptOutcome o;
  o.transport_error = StatusCode::kTimeout;
  return o;
}

AttemptOutcome Denied() {
  AttemptOutcome o;
  o.http_status = 403;
  o.error_code = "AccessDenied";
  return o;
}

RandomSource Fixed(double value) {
  return [value] { return value; };
}

TEST(RetryBackoffTest, FollowsBotocoreFormula) {
  const milliseconds cap(20000);
  // min(random * 2^(attempt - 1), 20 s)
  EXPECT_EQ(ComputeBackoff(1, 0.5, cap), milliseconds(500));
  EXPECT_EQ(ComputeBackoff(2, 0.5, cap), milliseconds(1000));
  EXPECT_EQ(ComputeBackoff(3, 0.5, cap), milliseconds(2000));
  EXPECT_EQ(ComputeBackoff(6, 0.5, cap), milliseconds(16000));
  EXPECT_EQ(ComputeBackoff(7, 0.5, cap), milliseconds(20000));
  EXPECT_EQ(ComputeBackoff(1, 0.0, cap), milliseconds(0));
  EXPECT_EQ(ComputeBackoff(1000, 0.999, cap), milliseconds(20000));
  EXPECT_EQ(ComputeBackoff(3, 1.0, milliseconds(3000)), milliseconds(3000));
}

TEST(RetryBackoffTest, DefaultRandomStaysWithinBounds) {
  RandomSource random = DefaultRandomSource();
  for (int attempt = 1; attempt <= 8; ++attempt) {
    for (int i = 0; i < 200; ++i) {
      const milliseconds delay = ComputeBackoff(attempt, random(), milliseconds(20000));
      EXPECT_GE(delay.count(), 0);
      EXPECT_LE(delay.count(), std::min<int64_t>(int64_t{1000} << (attempt - 1), 20000));
    }
  }
}

TEST(RetryPolicyTest, RetriesUntilMaxAttempts) {
  RetryPolicy policy({.max_attempts = 3}, std::make_shared<RetryQuota>(), Fixed(0.5));
  CallRetryState state;
  EXPECT_EQ(policy.ShouldRetry(1, Throttled(), state), milliseconds(500));
  EXPECT_EQ(policy.ShouldRetry(2, Throttled(), state), milliseconds(1000));
  EXPECT_FALSE(policy.ShouldRetry(3, Throttled(), state).has_value());
  EXPECT_TRUE(state.max_attempts_reached);
  EXPECT_FALSE(state.quota_exhausted);
  EXPECT_EQ(state.retries, 2);
  EXPECT_EQ(state.last_error, ErrorKind::kThrottling);
}

TEST(RetryPolicyTest, MaxAttemptsIsConfigurable) {
  RetryPolicy once({.max_attempts = 1}, nullptr, Fixed(0.5));
  CallRetryState state;
  EXPECT_FALSE(once.ShouldRetry(1, Throttled(), state).has_value());
  EXPECT_TRUE(state.max_attempts_reached);

  RetryPolicy many({.max_attempts = 10}, nullptr, Fixed(1.0));
  CallRetryState more;
  for (int attempt = 1; attempt < 10; ++attempt) {
    ASSERT_TRUE(many.ShouldRetry(attempt, TimedOut(), more).has_value()) << attempt;
  }
  EXPECT_FALSE(many.ShouldRetry(10, TimedOut(), more).has_value());
  EXPECT_EQ(more.retries, 9);
}

TEST(RetryPolicyTest, FinalErrorsAreNotRetriedAndCostNothing) {
  auto quota = std::make_shared<RetryQuota>();
  RetryPolicy policy({}, quota, Fixed(0.5));
  CallRetryState state;
  EXPECT_FALSE(policy.ShouldRetry(1, Denied(), state).has_value());
  EXPECT_EQ(state.last_error, ErrorKind::kFinal);
  EXPECT_FALSE(state.max_attempts_reached);
  EXPECT_EQ(quota->available(), 500);
}

TEST(RetryPolicyTest, QuotaCostsFiveOrTenForTimeouts) {
  auto quota = std::make_shared<RetryQuota>();
  RetryPolicy policy({}, quota, Fixed(0.5));
  CallRetryState a;
  ASSERT_TRUE(policy.ShouldRetry(1, Throttled(), a).has_value());
  EXPECT_EQ(quota->available(), 495);
  EXPECT_EQ(a.quota_acquired, 5);
  CallRetryState b;
  ASSERT_TRUE(policy.ShouldRetry(1, TimedOut(), b).has_value());
  EXPECT_EQ(quota->available(), 485);
  EXPECT_EQ(b.quota_acquired, 10);
}

TEST(RetryPolicyTest, QuotaExhaustionStopsRetries) {
  auto quota = std::make_shared<RetryQuota>();
  RetryPolicy policy({.max_attempts = 3}, quota, Fixed(0.5));
  // 500 tokens buy exactly 100 retries at 5 each.
  for (int call = 0; call < 100; ++call) {
    CallRetryState state;
    ASSERT_TRUE(policy.ShouldRetry(1, Throttled(), state).has_value()) << call;
  }
  EXPECT_EQ(quota->available(), 0);
  CallRetryState state;
  EXPECT_FALSE(policy.ShouldRetry(1, Throttled(), state).has_value());
  EXPECT_TRUE(state.quota_exhausted);
  EXPECT_EQ(state.retries, 0);
}

TEST(RetryPolicyTest, TimeoutNeedsTenTokens) {
  auto quota = std::make_shared<RetryQuota>(9);
  RetryPolicy policy({}, quota, Fixed(0.5));
  CallRetryState state;
  EXPECT_FALSE(policy.ShouldRetry(1, TimedOut(), state).has_value());
  EXPECT_TRUE(state.quota_exhausted);
  EXPECT_EQ(quota->available(), 9);
  EXPECT_TRUE(policy.ShouldRetry(1, Throttled(), state).has_value());
  EXPECT_EQ(quota->available(), 4);
}

TEST(RetryPolicyTest, SuccessRefundsQuota) {
  auto quota = std::make_shared<RetryQuota>();
  RetryPolicy policy({}, quota, Fixed(0.5));

  CallRetryState retried;
  ASSERT_TRUE(policy.ShouldRetry(1, Throttled(), retried).has_value());
  ASSERT_TRUE(policy.ShouldRetry(2, TimedOut(), retried).has_value());
  EXPECT_EQ(quota->available(), 485);
  // A success after retries refunds the last acquisition (10 for the timeout).
  policy.OnCallFinished(retried, 200);
  EXPECT_EQ(quota->available(), 495);

  // A success without retries refunds 1.
  policy.OnCallFinished(CallRetryState{}, 200);
  EXPECT_EQ(quota->available(), 496);

  // A failed call refunds nothing.
  CallRetryState failed;
  ASSERT_TRUE(policy.ShouldRetry(1, Throttled(), failed).has_value());
  policy.OnCallFinished(failed, 400);
  policy.OnCallFinished(failed, 0);
  EXPECT_EQ(quota->available(), 491);
}

TEST(RetryQuotaTest, NeverExceedsCapacity) {
  RetryQuota quota(20);
  quota.Release(5);
  EXPECT_EQ(quota.available(), 20);
  EXPECT_TRUE(quota.Acquire(15));
  EXPECT_FALSE(quota.Acquire(6));
  EXPECT_EQ(quota.available(), 5);
  quota.Release(100);
  EXPECT_EQ(quota.available(), 20);
  quota.Release(-3);
  EXPECT_EQ(quota.available(), 20);
}

TEST(RetryQuotaTest, ConcurrentAcquireNeverOverdraws) {
  RetryQuota quota(500);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (quota.Acquire(5)) ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 100);
  EXPECT_EQ(quota.available(), 0);
}

}  // namespace
}  // namespace awscrape::aws
