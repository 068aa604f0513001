#include "awscrape/aws/retry/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace awscrape::aws {

RandomSource DefaultRandomSource() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

std::chrono::milliseconds ComputeBackoff(int attempt, double random,
                                         std::chrono::milliseconds max_backoff) {
  // Past 2^62 the cap always wins; clamping the exponent keeps the arithmetic finite.
  const int exponent = std::clamp(attempt - 1, 0, 62);
  const double seconds = std::clamp(random, 0.0, 1.0) * std::ldexp(1.0, exponent);
  const double cap = std::chrono::duration<double>(max_backoff).count();
  return std::chrono::milliseconds(std::llround(std::min(seconds, cap) * 1000.0));
}

RetryPolicy::RetryPolicy(RetryOptions options, std::shared_ptr<RetryQuota> quota,
                         RandomSource random)
    : options_(options),
      quota_(quota ? std::move(quota) : std::make_shared<RetryQuota>()),
      random_(random ? std::move(random) : DefaultRandomSource()) {}

std::optional<std::chrono::milliseconds> RetryPolicy::ShouldRetry(int attempt,
                                                                  const AttemptOutcome& outcome,
                                                                  CallRetryState& state) const {
  state.last_error = ClassifyError(outcome);
  // StandardRetryConditions: not max attempts AND (transient OR throttled OR modeled).
  if (attempt >= options_.max_attempts) {
    state.max_attempts_reached = true;
    return std::nullopt;
  }
  if (state.last_error != ErrorKind::kThrottling && state.last_error != ErrorKind::kTransient) {
    return std::nullopt;
  }
  const int cost = IsTimeout(outcome) ? kTimeoutRetryCost : kRetryCost;
  if (!quota_->Acquire(cost)) {
    state.quota_exhausted = true;
    return std::nullopt;
  }
  state.quota_acquired = cost;
  ++state.retries;
  return ComputeBackoff(attempt, random_(), options_.max_backoff);
}

void RetryPolicy::OnCallFinished(const CallRetryState& state, int final_http_status) const {
  if (final_http_status < 200 || final_http_status >= 300) return;
  quota_->Release(state.quota_acquired > 0 ? state.quota_acquired : kNoRetryIncrement);
}

}  // namespace awscrape::aws
