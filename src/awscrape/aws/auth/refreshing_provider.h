// RefreshingCredentialProvider: caches another provider's credentials and refreshes them before
// they expire, with botocore's RefreshableCredentials windows.
//
//   more than `advisory` (15 min) left    the cached credentials, no call;
//   between `mandatory` (10 min) and it   one caller refreshes; callers arriving meanwhile get
//                                         the cached credentials; a failed refresh keeps them;
//   less than `mandatory` left, or none   callers wait for one refresh; if it fails, the error
//                                         is returned (the credentials are about to lapse).
// Credentials without an expiration are cached for good. Refreshed credentials that are
// already expired are an error (kUnauthenticated), as in botocore.
//
// Thread-safe: at most one call into the wrapped provider at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"

namespace awscrape::aws {

struct RefreshWindows {
  std::chrono::seconds advisory{15 * 60};
  std::chrono::seconds mandatory{10 * 60};
};

class RefreshingCredentialProvider : public CredentialProvider {
 public:
  RefreshingCredentialProvider(std::shared_ptr<CredentialProvider> inner, TimeSource now = {},
                               RefreshWindows windows = {});
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return inner_->name(); }

 private:
  // Seconds left before the cached credentials expire; nullopt when they never do.
  std::optional<double> SecondsLeft(const Credentials& credentials) const;
  // Calls the wrapped provider; mu_ is not held, refreshing_ is ours.
  Result<Credentials> Refresh();

  const std::shared_ptr<CredentialProvider> inner_;
  const TimeSource now_;
  const RefreshWindows windows_;

  std::mutex mu_;
  std::condition_variable refreshed_;
  std::optional<Credentials> cached_;  // guarded by mu_
  bool refreshing_ = false;            // guarded by mu_
};

}  // namespace awscrape::aws
