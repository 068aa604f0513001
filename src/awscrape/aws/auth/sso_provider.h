// SsoCredentialProvider: a role's temporary credentials from IAM Identity Center (SSO), as
// botocore's SSOProvider resolves them.
//
// A profile uses SSO when it sets sso_account_id or sso_role_name; otherwise the provider is not
// configured (kNotFound). Two forms, as written by `aws configure sso`:
//   legacy       the profile itself holds sso_start_url and sso_region;
//   sso-session  the profile says `sso_session = NAME` and "[sso-session NAME]" in the config
//                file holds sso_start_url and sso_region. A key set in both must agree.
// sso_account_id, sso_role_name, sso_start_url and sso_region are then required; a missing one,
// an unknown sso-session or a disagreement is kInvalidArgument (botocore's InvalidConfigError).
//
// Each Resolve() reads the access token `aws sso login` cached (sso_token_cache.h, re-read so a
// new login is picked up at the next refresh), refuses an expired one, and calls the portal's
// GetRoleCredentials (sso_portal.h). Wrap it in a RefreshingCredentialProvider to reuse the
// role credentials until they near expiry. Thread-safe (immutable).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

struct SsoConfig {
  std::string start_url;
  std::string region;
  std::string account_id;
  std::string role_name;
  std::string session_name;  // empty for the legacy form
};

Result<SsoConfig> FindSsoConfig(const SharedConfig& config, std::string_view profile);

struct SsoProviderOptions {
  std::shared_ptr<const SharedConfig> config;  // required
  std::string profile;
  std::shared_ptr<HttpTransport> transport;  // required when the profile uses SSO
  std::filesystem::path token_cache_dir;     // ~/.aws/sso/cache (DefaultSsoTokenCacheDir)
  std::string portal_endpoint_url;           // tests and emulators; empty: from sso_region
  TimeSource now;                            // default: SystemTime
};

class SsoCredentialProvider : public CredentialProvider {
 public:
  explicit SsoCredentialProvider(SsoProviderOptions options);
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "sso"; }

 private:
  const SsoProviderOptions options_;
};

}  // namespace awscrape::aws
