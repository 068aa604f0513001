// ChainCredentialProvider: tries providers in order and sticks with the first that answers.
//
// A provider answering kNotFound ("not configured here") passes to the next; any other error
// stops the chain, as an exception does in botocore's CredentialResolver. When every provider
// passes, the result is kUnauthenticated "Unable to locate credentials" listing why each
// passed. Once a provider has answered, later calls go to it alone, so a refresh renews the
// same credentials instead of silently switching source.
//
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "awscrape/aws/auth/credential_provider.h"

namespace awscrape::aws {

class ChainCredentialProvider : public CredentialProvider {
 public:
  // `when_none`, if not ok, replaces "Unable to locate credentials" (a source profile
  // without credentials is a configuration error).
  explicit ChainCredentialProvider(std::vector<std::shared_ptr<CredentialProvider>> providers,
                                   Status when_none = Status::Ok())
      : providers_(std::move(providers)), when_none_(std::move(when_none)) {}
  Result<Credentials> Resolve() override;
  // The answering provider's name once there is one, "chain" before.
  std::string_view name() const override;

  const std::vector<std::shared_ptr<CredentialProvider>>& providers() const { return providers_; }

 private:
  const std::vector<std::shared_ptr<CredentialProvider>> providers_;
  const Status when_none_;
  mutable std::mutex mu_;
  std::shared_ptr<CredentialProvider> chosen_;  // guarded by mu_
};

}  // namespace awscrape::aws
