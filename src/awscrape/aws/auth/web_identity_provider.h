// WebIdentityCredentialProvider: temporary credentials for a role from STS
// AssumeRoleWithWebIdentity, proving identity with an OIDC token read from a file (EKS IRSA,
// GitHub Actions, any OIDC provider), as botocore's AssumeRoleWithWebIdentityProvider does.
//
// Configuration, each key from its environment variable when that variable is set (even empty),
// else from the profile; environment variables are ignored when `use_env` is false (an explicit
// --profile, or a profile used as a source_profile):
//   web_identity_token_file  AWS_WEB_IDENTITY_TOKEN_FILE   empty or absent: not configured
//                                                          (kNotFound, the chain moves on)
//   role_arn                 AWS_ROLE_ARN                  required (kInvalidArgument)
//   role_session_name        AWS_ROLE_SESSION_NAME         default "awscrape-session-<epoch>",
//                                                          fixed at construction
// The token file is read on every Resolve(), so a rotated token is used at the next refresh;
// a missing or unreadable file stops the chain (token_file.h). The call is unsigned and goes to
// the STS endpoint the chain chose for AssumeRole (sts_assume_role.h). Wrap the provider in a
// RefreshingCredentialProvider to reuse the credentials until they near expiry.
//
// Thread-safe (immutable).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

struct WebIdentityConfig {
  std::string token_file;
  AssumeRoleParams params;  // role_arn, role_session_name (empty when not configured)
};

// The configuration for `profile` (which may be absent from `config`); kNotFound when no token
// file is configured, kInvalidArgument when the role ARN is missing.
Result<WebIdentityConfig> FindWebIdentityConfig(const SharedConfig& config,
                                                std::string_view profile, const EnvLookup& env,
                                                bool use_env);

class WebIdentityCredentialProvider : public CredentialProvider {
 public:
  WebIdentityCredentialProvider(std::shared_ptr<const SharedConfig> config, std::string profile,
                                EnvLookup env, bool use_env,
                                std::shared_ptr<HttpTransport> transport, StsEndpoint endpoint,
                                TimeSource now = {});
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "assume-role-with-web-identity"; }

 private:
  const std::shared_ptr<const SharedConfig> config_;
  const std::string profile_;
  const EnvLookup env_;
  const bool use_env_;
  const std::shared_ptr<HttpTransport> transport_;
  const StsEndpoint endpoint_;
  std::string default_session_name_;
};

}  // namespace awscrape::aws
