// Long-term keys written in a profile: aws_access_key_id, aws_secret_access_key and
// aws_security_token or else aws_session_token.
//
// Two sources, as in botocore: SharedCredentialsFileProvider reads the profile's section of the
// credentials file alone ("shared-credentials-file"), SharedConfigFileProvider the profile in the
// config file alone ("config-file"). Each is not configured (kNotFound) when its profile lacks
// aws_access_key_id; a key id without its secret (or either empty) is kInvalidArgument.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/shared_config.h"

namespace awscrape::aws {

// Credentials from a profile section's static keys; kNotFound when it has none.
Result<Credentials> CredentialsFromProfileKeys(const ConfigSection& profile,
                                               std::string_view profile_name,
                                               std::string_view source);

class SharedCredentialsFileProvider : public CredentialProvider {
 public:
  SharedCredentialsFileProvider(std::shared_ptr<const SharedConfig> config, std::string profile)
      : config_(std::move(config)), profile_(std::move(profile)) {}
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "shared-credentials-file"; }

 private:
  const std::shared_ptr<const SharedConfig> config_;
  const std::string profile_;
};

class SharedConfigFileProvider : public CredentialProvider {
 public:
  SharedConfigFileProvider(std::shared_ptr<const SharedConfig> config, std::string profile)
      : config_(std::move(config)), profile_(std::move(profile)) {}
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "config-file"; }

 private:
  const std::shared_ptr<const SharedConfig> config_;
  const std::string profile_;
};

}  // namespace awscrape::aws
