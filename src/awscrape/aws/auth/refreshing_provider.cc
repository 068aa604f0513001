#include "awscrape/aws/auth/refreshing_provider.h"

#include <string>
#include <utility>

namespace awscrape::aws {

RefreshingCredentialProvider::RefreshingCredentialProvider(
    std::shared_ptr<CredentialProvider> inner, TimeSource now, RefreshWindows windows)
    : inner_(std::move(inner)),
      now_(now ? std::move(now) : TimeSource(SystemTime)),
      windows_(windows) {}

std::optional<double> RefreshingCredentialProvider::SecondsLeft(
    const Credentials& credentials) const {
  if (!credentials.expiration) return std::nullopt;
  return credentials.expiration->ToEpochSeconds() - now_().ToEpochSeconds();
}

Result<Credentials> RefreshingCredentialProvider::Refresh() {
  auto fresh = inner_->Resolve();
  if (!fresh.ok()) return fresh;
  std::optional<double> left = SecondsLeft(*fresh);
  if (left && *left <= 0) {
    return Unauthenticated("credentials from " + fresh->Redacted() + " expired at " +
                           FormatIso8601(*fresh->expiration, false) +
                           " (refreshed credentials are still expired)");
  }
  return fresh;
}

Result<Credentials> RefreshingCredentialProvider::Resolve() {
  const double advisory = static_cast<double>(windows_.advisory.count());
  const double mandatory = static_cast<double>(windows_.mandatory.count());
  std::unique_lock lock(mu_);
  while (true) {
    std::optional<double> left;
    if (cached_) {
      left = SecondsLeft(*cached_);
      if (!left || *left >= advisory) return *cached_;
    }
    bool must_wait = !cached_ || *left < mandatory;
    if (refreshing_) {
      if (!must_wait) return *cached_;  // advisory: someone else is refreshing
      refreshed_.wait(lock, [this] { return !refreshing_; });
      continue;  // re-evaluate what the other refresh left behind
    }
    refreshing_ = true;
    lock.unlock();
    Result<Credentials> fresh = Refresh();
    lock.lock();
    refreshing_ = false;
    refreshed_.notify_all();
    if (fresh.ok()) {
      cached_ = *fresh;
      return fresh;
    }
    if (must_wait) {
      if (!cached_) return fresh.status();
      return Status(fresh.status().code(),
                    "refreshing credentials (" + cached_->Redacted() + ", expiring " +
                        FormatIso8601(*cached_->expiration, false) +
                        ") failed in the mandatory refresh window: " + fresh.status().message());
    }
    return *cached_;  // advisory refresh failed: the cached credentials are still good
  }
}

}  // namespace awscrape::aws
