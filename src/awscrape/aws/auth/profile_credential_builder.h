// ProfileCredentialBuilder: turns a profile of the shared configuration into credential
// providers, with botocore's rules (AssumeRoleProvider, ProfileProviderBuilder,
// CanonicalNameCredentialSourcer):
//
// - A profile's own sources, in order: web identity (web_identity_token_file + role_arn, or
//   AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), IAM Identity Center (sso_account_id /
//   sso_role_name, legacy or sso-session form), its credentials-file keys, its
//   credential_process, its config-file keys. The web identity and SSO sources are wrapped in
//   a RefreshingCredentialProvider when they feed a role (source_profile).
// - A profile with `role_arn` (and no web_identity_token_file) assumes that role, with
//   external_id, role_session_name and duration_seconds, from exactly one of:
//     source_profile     another profile: its own sources when it has static keys or no
//                        role_arn, else its role, recursively (role chaining). A profile seen
//                        twice is a loop (kInvalidArgument naming the profiles), except a
//                        profile naming itself while holding static keys, which botocore allows.
//     credential_source  Environment | Ec2InstanceMetadata | EcsContainer (case as written).
//   mfa_serial needs a prompt, which awscrape never shows: kInvalidArgument.
// Configuration mistakes are kInvalidArgument and stop a chain; only "this profile has no role"
// is kNotFound.
//
// Immutable; the providers it builds are thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/auth/container_provider.h"
#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/auth/imds_provider.h"
#include "awscrape/aws/auth/refreshing_provider.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

// Everything the providers need, resolved once by DefaultCredentialChain.
struct CredentialContext {
  std::shared_ptr<const SharedConfig> config;  // required
  EnvLookup env;                               // required
  std::shared_ptr<HttpTransport> transport;    // STS, container, IMDS
  StsEndpoint sts;
  TimeSource now;
  RefreshWindows refresh;
  ContainerCredentialOptions container;  // transport and env are filled in by the builder
  ImdsCredentialOptions imds;            // likewise
  std::chrono::milliseconds process_timeout{std::chrono::minutes(2)};
  std::filesystem::path sso_token_cache_dir;  // ~/.aws/sso/cache
  std::string sso_endpoint_url;               // tests and emulators; empty: from sso_region
};

class ProfileCredentialBuilder {
 public:
  explicit ProfileCredentialBuilder(CredentialContext context);

  const CredentialContext& context() const { return context_; }

  // The profile's own sources (web identity, SSO, credentials file, credential_process, config
  // file). `use_env`: whether AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE /
  // AWS_ROLE_SESSION_NAME count (not for an explicit --profile or a source profile).
  std::vector<std::shared_ptr<CredentialProvider>> ProfileProviders(const std::string& profile,
                                                                    bool use_env) const;
  // The provider a credential_source names.
  Result<std::shared_ptr<CredentialProvider>> CredentialSource(std::string_view source,
                                                               std::string_view profile) const;
  // The role of `profile` (kNotFound when it has none). Not cached: see ProfileRoleProvider.
  Result<std::shared_ptr<CredentialProvider>> AssumeRoleFromProfile(
      const std::string& profile) const;

  std::shared_ptr<CredentialProvider> EnvironmentProvider() const;
  std::shared_ptr<CredentialProvider> ContainerProvider() const;
  std::shared_ptr<CredentialProvider> ImdsProvider() const;

 private:
  Result<std::shared_ptr<CredentialProvider>> AssumeRole(const std::string& profile,
                                                         std::vector<std::string>& visited) const;
  Result<std::shared_ptr<CredentialProvider>> SourceProfile(
      const std::string& profile, std::vector<std::string>& visited) const;

  CredentialContext context_;
};

// The chain's "assume-role" step for one profile: builds the role's providers on first use
// (so a broken role profile only matters when the chain reaches it, as in botocore) and keeps
// them, with their caches, for later calls.
class ProfileRoleProvider : public CredentialProvider {
 public:
  ProfileRoleProvider(std::shared_ptr<const ProfileCredentialBuilder> builder, std::string profile)
      : builder_(std::move(builder)), profile_(std::move(profile)) {}
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "assume-role"; }

 private:
  const std::shared_ptr<const ProfileCredentialBuilder> builder_;
  const std::string profile_;
  std::mutex mu_;
  std::optional<Result<std::shared_ptr<CredentialProvider>>> built_;  // guarded by mu_
};

}  // namespace awscrape::aws
