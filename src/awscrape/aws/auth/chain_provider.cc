#include "awscrape/aws/auth/chain_provider.h"

#include <string>

namespace awscrape::aws {

std::string_view ChainCredentialProvider::name() const {
  std::lock_guard lock(mu_);
  return chosen_ ? chosen_->name() : std::string_view("chain");
}

Result<Credentials> ChainCredentialProvider::Resolve() {
  std::shared_ptr<CredentialProvider> chosen;
  {
    std::lock_guard lock(mu_);
    chosen = chosen_;
  }
  if (chosen) return chosen->Resolve();

  std::string tried;
  for (const auto& provider : providers_) {
    auto credentials = provider->Resolve();
    if (credentials.ok()) {
      std::lock_guard lock(mu_);
      if (!chosen_) chosen_ = provider;
      return credentials;
    }
    if (credentials.status().code() != StatusCode::kNotFound) return credentials.status();
    tried += "\n  " + std::string(provider->name()) + ": " + credentials.status().message();
  }
  if (!when_none_.ok()) return when_none_;
  return Unauthenticated("Unable to locate credentials. Tried:" + tried);
}

}  // namespace awscrape::aws
