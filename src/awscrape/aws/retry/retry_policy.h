// RetryPolicy: botocore 1.29.27's "standard" retry mode as a plain decision object
// (botocore/retries/standard.py: StandardRetryConditions, ExponentialBackoff,
// RetryQuotaChecker).
//
// After each failed attempt the caller asks ShouldRetry(); the answer is the delay before the
// next attempt, or nothing when the call must end: the error is not retryable, max_attempts is
// reached, or the shared RetryQuota is empty (CallRetryState says which). When the call ends,
// OnCallFinished() refunds quota for a success. The policy never sleeps or schedules: the
// event-driven caller arms its own timer. RetryPolicy is thread-safe and meant to be shared;
// CallRetryState belongs to one call.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "awscrape/aws/retry/error_classifier.h"
#include "awscrape/aws/retry/retry_quota.h"

namespace awscrape::aws {

// Returns a uniformly distributed number in [0, 1). Must be thread-safe.
using RandomSource = std::function<double()>;
RandomSource DefaultRandomSource();

struct RetryOptions {
  // Attempts in all, the first one included (botocore DEFAULT_MAX_ATTEMPTS; AWS_MAX_ATTEMPTS).
  int max_attempts = 3;
  std::chrono::milliseconds max_backoff{20000};
};

// Retry bookkeeping of one call, owned by the caller.
struct CallRetryState {
  int retries = 0;         // retries granted so far (ResponseMetadata.RetryAttempts)
  int quota_acquired = 0;  // tokens taken by the latest granted retry, refunded on success
  bool max_attempts_reached = false;  // ResponseMetadata.MaxAttemptsReached
  bool quota_exhausted = false;       // ResponseMetadata.RetryQuotaReached
  ErrorKind last_error = ErrorKind::kNone;
};

// botocore's truncated binary exponential backoff with full jitter:
// min(random * 2^(attempt - 1), max_backoff) seconds, `attempt` being the 1-based number of the
// attempt that just failed (so the first retry waits random * 1 s).
std::chrono::milliseconds ComputeBackoff(int attempt, double random,
                                         std::chrono::milliseconds max_backoff);

class RetryPolicy {
 public:
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  RetryPolicy(RetryOptions options, std::shared_ptr<RetryQuota> quota,
              RandomSource random = DefaultRandomSource());

  // Attempt number `attempt` (1-based) of a call ended with `outcome`. Returns the delay before
  // the next attempt, or nullopt to give up. Takes quota tokens when it grants a retry.
  std::optional<std::chrono::milliseconds> ShouldRetry(int attempt, const AttemptOutcome& outcome,
                                                       CallRetryState& state) const;

  // The call is over; `final_http_status` is its last response's status (0 when none). A 2xx
  // refunds the last retry's tokens, or kNoRetryIncrement when the call needed no retry.
  void OnCallFinished(const CallRetryState& state, int final_http_status) const;

  const RetryOptions& options() const { return options_; }
  RetryQuota& quota() const { return *quota_; }

 private:
  RetryOptions options_;
  std::shared_ptr<RetryQuota> quota_;
  RandomSource random_;
};

}  // namespace awscrape::aws
