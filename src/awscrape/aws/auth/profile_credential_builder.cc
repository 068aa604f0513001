#include "awscrape/aws/auth/profile_credential_builder.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "awscrape/aws/auth/assume_role_provider.h"
#include "awscrape/aws/auth/chain_provider.h"
#include "awscrape/aws/auth/env_provider.h"
#include "awscrape/aws/auth/process_provider.h"
#include "awscrape/aws/auth/profile_providers.h"
#include "awscrape/aws/auth/sso_provider.h"
#include "awscrape/aws/auth/web_identity_provider.h"

namespace awscrape::aws {
namespace {

bool HasStaticCredentials(const ConfigSection& profile) {
  return profile.Has("aws_access_key_id") || profile.Has("aws_secret_access_key");
}

bool HasRoleConfig(const ConfigSection& profile) {
  return profile.Has("role_arn") && !profile.Has("web_identity_token_file");
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

Status Loop(const std::string& source, const std::vector<std::string>& visited) {
  return InvalidArgument(
      "Infinite loop in credential configuration detected. Attempting to load from profile " +
      source + " which has already been visited. Visited profiles: " + Joined(visited));
}

}  // namespace

ProfileCredentialBuilder::ProfileCredentialBuilder(CredentialContext context)
    : context_(std::move(context)) {
  if (!context_.now) context_.now = SystemTime;
  context_.container.transport = context_.transport;
  context_.container.env = context_.env;
  context_.imds.transport = context_.transport;
  context_.imds.env = context_.env;
  if (!context_.imds.now) context_.imds.now = context_.now;
  context_.imds.refresh_window = context_.refresh.advisory;
}

std::shared_ptr<CredentialProvider> ProfileCredentialBuilder::EnvironmentProvider() const {
  return std::make_shared<EnvironmentCredentialProvider>(context_.env);
}

std::shared_ptr<CredentialProvider> ProfileCredentialBuilder::ContainerProvider() const {
  return std::make_shared<ContainerCredentialProvider>(context_.container);
}

std::shared_ptr<CredentialProvider> ProfileCredentialBuilder::ImdsProvider() const {
  return std::make_shared<ImdsCredentialProvider>(context_.imds);
}

std::vector<std::shared_ptr<CredentialProvider>> ProfileCredentialBuilder::ProfileProviders(
    const std::string& profile, bool use_env) const {
  std::vector<std::shared_ptr<CredentialProvider>> providers;
  providers.push_back(std::make_shared<WebIdentityCredentialProvider>(
      context_.config, profile, context_.env, use_env, context_.transport, context_.sts,
      context_.now));
  SsoProviderOptions sso;
  sso.config = context_.config;
  sso.profile = profile;
  sso.transport = context_.transport;
  sso.token_cache_dir = context_.sso_token_cache_dir;
  sso.portal_endpoint_url = context_.sso_endpoint_url;
  sso.now = context_.now;
  providers.push_back(std::make_shared<SsoCredentialProvider>(std::move(sso)));
  providers.push_back(std::make_shared<SharedCredentialsFileProvider>(context_.config, profile));
  if (const std::string* command = context_.config->FindValue(profile, "credential_process")) {
    providers.push_back(
        std::make_shared<ProcessCredentialProvider>(*command, profile, context_.process_timeout));
  }
  providers.push_back(std::make_shared<SharedConfigFileProvider>(context_.config, profile));
  return providers;
}

Result<std::shared_ptr<CredentialProvider>> ProfileCredentialBuilder::CredentialSource(
    std::string_view source, std::string_view profile) const {
  // botocore validates the name case-sensitively against the canonical names.
  if (source == "Environment") return EnvironmentProvider();
  if (source == "Ec2InstanceMetadata") return ImdsProvider();
  if (source == "EcsContainer") return ContainerProvider();
  return InvalidArgument("The credential source \"" + std::string(source) +
                         "\" referenced in profile \"" + std::string(profile) +
                         "\" is not valid (Environment, Ec2InstanceMetadata or EcsContainer)");
}

Result<std::shared_ptr<CredentialProvider>> ProfileCredentialBuilder::AssumeRoleFromProfile(
    const std::string& profile) const {
  const ConfigSection* section = context_.config->FindProfile(profile);
  if (section == nullptr) return NotFound("profile " + profile + " does not exist");
  if (!HasRoleConfig(*section)) {
    // A role_arn with web_identity_token_file belongs to the web identity source.
    return NotFound("profile " + profile + " has no role_arn for AssumeRole");
  }
  std::vector<std::string> visited = {profile};
  return AssumeRole(profile, visited);
}

Result<std::shared_ptr<CredentialProvider>> ProfileCredentialBuilder::AssumeRole(
    const std::string& profile, std::vector<std::string>& visited) const {
  const ConfigSection& section = *context_.config->FindProfile(profile);
  const std::string* source_profile = section.Find("source_profile");
  const std::string* credential_source = section.Find("credential_source");

  AssumeRoleParams params;
  params.role_arn = *section.Find("role_arn");
  if (const std::string* name = section.Find("role_session_name")) {
    params.role_session_name = *name;
  }
  if (const std::string* external_id = section.Find("external_id")) {
    params.external_id = *external_id;
  }
  if (const std::string* duration = section.Find("duration_seconds")) {
    int seconds = 0;
    auto [end, error] =
        std::from_chars(duration->data(), duration->data() + duration->size(), seconds);
    if (error != std::errc() || end != duration->data() + duration->size() || seconds <= 0) {
      return InvalidArgument("profile " + profile +
                             ": duration_seconds must be a number of "
                             "seconds, not '" +
                             *duration + "'");
    }
    params.duration_seconds = seconds;
  }
  if (section.Has("mfa_serial")) {
    return InvalidArgument("profile " + profile +
                           " sets mfa_serial: assuming a role with an MFA token code is not "
                           "supported in non-interactive mode; use credentials from a session "
                           "that already has MFA (e.g. credential_process or environment)");
  }

  std::shared_ptr<CredentialProvider> source;
  if (credential_source != nullptr && source_profile != nullptr) {
    return InvalidArgument("The profile \"" + profile +
                           "\" contains both source_profile and credential_source.");
  } else if (credential_source != nullptr) {
    AWSCRAPE_ASSIGN_OR_RETURN(source, CredentialSource(*credential_source, profile));
  } else if (source_profile != nullptr) {
    const ConfigSection* parent = context_.config->FindProfile(*source_profile);
    if (parent == nullptr) {
      return InvalidArgument("The source_profile \"" + *source_profile +
                             "\" referenced in the profile \"" + profile + "\" does not exist.");
    }
    if (std::find(visited.begin(), visited.end(), *source_profile) != visited.end()) {
      // A profile may name itself to take its own static keys; anything else is a loop.
      if (*source_profile != profile || !HasStaticCredentials(*parent)) {
        return Loop(*source_profile, visited);
      }
    }
    visited.push_back(*source_profile);
    AWSCRAPE_ASSIGN_OR_RETURN(source, SourceProfile(*source_profile, visited));
  } else {
    return InvalidArgument("profile " + profile +
                           " has role_arn but neither source_profile nor credential_source");
  }
  // The role re-resolves its source on every refresh: keep a temporary source's credentials.
  source = std::make_shared<RefreshingCredentialProvider>(std::move(source), context_.now,
                                                          context_.refresh);
  return std::shared_ptr<CredentialProvider>(std::make_shared<AssumeRoleCredentialProvider>(
      std::move(source), std::move(params), context_.transport, context_.sts, context_.now));
}

Result<std::shared_ptr<CredentialProvider>> ProfileCredentialBuilder::SourceProfile(
    const std::string& profile, std::vector<std::string>& visited) const {
  const ConfigSection& section = *context_.config->FindProfile(profile);
  if (HasStaticCredentials(section) || !HasRoleConfig(section)) {
    // The source's own sources; a source profile with none is a configuration error.
    return std::shared_ptr<CredentialProvider>(std::make_shared<ChainCredentialProvider>(
        ProfileProviders(profile, /*use_env=*/false),
        InvalidArgument("The source profile \"" + profile + "\" must have credentials.")));
  }
  return AssumeRole(profile, visited);
}

Result<Credentials> ProfileRoleProvider::Resolve() {
  std::shared_ptr<CredentialProvider> provider;
  {
    std::lock_guard lock(mu_);
    if (!built_) built_ = builder_->AssumeRoleFromProfile(profile_);
    if (!built_->ok()) return built_->status();
    provider = built_->value();
  }
  return provider->Resolve();
}

}  // namespace awscrape::aws
