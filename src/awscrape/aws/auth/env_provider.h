// Credentials from environment variables, as botocore's EnvProvider reads them:
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SECURITY_TOKEN or else AWS_SESSION_TOKEN, and
// AWS_CREDENTIAL_EXPIRATION (any timestamp botocore parses).
//
// Not configured (kNotFound) when AWS_ACCESS_KEY_ID is unset or empty; an access key without a
// secret, or an unreadable expiration, is an error (kInvalidArgument). Each Resolve() re-reads
// the environment, which is how botocore refreshes expiring environment credentials.
#pragma once

#include <string_view>
#include <utility>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"

namespace awscrape::aws {

class EnvironmentCredentialProvider : public CredentialProvider {
 public:
  explicit EnvironmentCredentialProvider(EnvLookup env) : env_(std::move(env)) {}
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "env"; }

 private:
  const EnvLookup env_;
};

}  // namespace awscrape::aws
