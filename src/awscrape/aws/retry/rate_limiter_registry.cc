#include "awscrape/aws/retry/rate_limiter_registry.h"

namespace awscrape::aws {

RateLimiterRegistry::RateLimiterRegistry(const Clock& clock, RateLimiterOptions options)
    : clock_(clock), options_(options) {}

std::string RateLimiterRegistry::MakeKey(std::string_view account, std::string_view region,
                                         std::string_view service) {
  std::string key;
  key.reserve(account.size() + region.size() + service.size() + 2);
  key.append(account).append("/").append(region).append("/").append(service);
  return key;
}

AdaptiveRateLimiter& RateLimiterRegistry::Get(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = limiters_.find(key);
  if (it == limiters_.end()) {
    it =
        limiters_.emplace(std::string(key), std::make_unique<AdaptiveRateLimiter>(clock_, options_))
            .first;
  }
  return *it->second;
}

size_t RateLimiterRegistry::size() const {
  std::lock_guard lock(mutex_);
  return limiters_.size();
}

}  // namespace awscrape::aws
