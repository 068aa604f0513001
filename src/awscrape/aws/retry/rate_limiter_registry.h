// RateLimiterRegistry: one AdaptiveRateLimiter per key, created on first use.
//
// The caller builds the key from what shares a throttling budget at AWS: account, region and
// service (MakeKey). Limiters live as long as the registry and never move, so references handed
// out stay valid. Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "awscrape/aws/retry/rate_limiter.h"
#include "awscrape/core/clock.h"

namespace awscrape::aws {

class RateLimiterRegistry {
 public:
  explicit RateLimiterRegistry(const Clock& clock = Clock::Real(), RateLimiterOptions options = {});
  RateLimiterRegistry(const RateLimiterRegistry&) = delete;
  RateLimiterRegistry& operator=(const RateLimiterRegistry&) = delete;

  // "account/region/service", e.g. "123456789012/us-east-1/ec2".
  static std::string MakeKey(std::string_view account, std::string_view region,
                             std::string_view service);

  AdaptiveRateLimiter& Get(std::string_view key);
  size_t size() const;

 private:
  const Clock& clock_;
  const RateLimiterOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<AdaptiveRateLimiter>, std::less<>> limiters_;
};

}  // namespace awscrape::aws
