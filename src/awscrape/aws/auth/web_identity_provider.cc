#include "awscrape/aws/auth/web_identity_provider.h"

#include <optional>
#include <utility>

#include "awscrape/aws/auth/token_file.h"

namespace awscrape::aws {
namespace {

// botocore's _get_config: a set environment variable wins, even when empty.
std::optional<std::string> Lookup(const ConfigSection* profile, const EnvLookup& env, bool use_env,
                                  std::string_view variable, std::string_view key) {
  if (use_env && env) {
    if (std::optional<std::string> value = env(variable)) return value;
  }
  if (profile != nullptr) {
    if (const std::string* value = profile->Find(key)) return *value;
  }
  return std::nullopt;
}

}  // namespace

Result<WebIdentityConfig> FindWebIdentityConfig(const SharedConfig& config,
                                                std::string_view profile, const EnvLookup& env,
                                                bool use_env) {
  const ConfigSection* section = config.FindProfile(profile);
  WebIdentityConfig found;
  found.token_file =
      Lookup(section, env, use_env, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file")
          .value_or("");
  if (found.token_file.empty()) {
    return NotFound("profile " + std::string(profile) + " has no web_identity_token_file");
  }
  found.params.role_arn = Lookup(section, env, use_env, "AWS_ROLE_ARN", "role_arn").value_or("");
  if (found.params.role_arn.empty()) {
    return InvalidArgument(
        "The provided profile or the current environment is configured to assume role with web "
        "identity but has no role ARN configured. Ensure that the profile has the role_arn "
        "configuration set or the AWS_ROLE_ARN env var is set.");
  }
  if (auto name = Lookup(section, env, use_env, "AWS_ROLE_SESSION_NAME", "role_session_name")) {
    found.params.role_session_name = *name;
  }
  return found;
}

WebIdentityCredentialProvider::WebIdentityCredentialProvider(
    std::shared_ptr<const SharedConfig> config, std::string profile, EnvLookup env, bool use_env,
    std::shared_ptr<HttpTransport> transport, StsEndpoint endpoint, TimeSource now)
    : config_(std::move(config)),
      profile_(std::move(profile)),
      env_(std::move(env)),
      use_env_(use_env),
      transport_(std::move(transport)),
      endpoint_(std::move(endpoint)) {
  Timestamp start = now ? now() : SystemTime();
  default_session_name_ = "awscrape-session-" + std::to_string(start.seconds);
}

Result<Credentials> WebIdentityCredentialProvider::Resolve() {
  AWSCRAPE_ASSIGN_OR_RETURN(WebIdentityConfig config,
                            FindWebIdentityConfig(*config_, profile_, env_, use_env_));
  if (config.params.role_session_name.empty()) {
    config.params.role_session_name = default_session_name_;
    config.params.session_name_generated = true;
  }
  if (!transport_) return Internal("assuming a role with web identity needs an HTTP transport");
  auto token = ReadTokenFile(config.token_file, "web identity token file");
  if (!token.ok()) {
    return token.status().WithContext("AssumeRoleWithWebIdentity for " + config.params.role_arn);
  }
  if (token->empty()) {
    return Unauthenticated("AssumeRoleWithWebIdentity for " + config.params.role_arn +
                           ": the web identity token file " + config.token_file + " is empty");
  }
  return CallAssumeRoleWithWebIdentity(*transport_, config.params, *token, endpoint_);
}

}  // namespace awscrape::aws
