#include "awscrape/aws/auth/sso_provider.h"

#include <utility>

#include "awscrape/aws/auth/sso_portal.h"
#include "awscrape/aws/auth/sso_token_cache.h"

namespace awscrape::aws {
namespace {

SsoProviderOptions WithDefaults(SsoProviderOptions options) {
  if (!options.now) options.now = SystemTime;
  return options;
}

}  // namespace

Result<SsoConfig> FindSsoConfig(const SharedConfig& config, std::string_view profile) {
  const ConfigSection* section = config.FindProfile(profile);
  if (section == nullptr || (!section->Has("sso_account_id") && !section->Has("sso_role_name"))) {
    return NotFound("profile " + std::string(profile) + " has no sso_account_id or sso_role_name");
  }
  ConfigValues values = section->values;
  SsoConfig found;
  if (const std::string* session_name = section->Find("sso_session")) {
    const ConfigSection* session = config.FindSsoSession(*session_name);
    if (session == nullptr) {
      return InvalidArgument("The specified sso-session does not exist: \"" + *session_name +
                             "\" (profile " + std::string(profile) + ")");
    }
    for (const auto& [key, value] : session->values) {
      auto [it, inserted] = values.emplace(key, value);
      if (!inserted && it->second != value) {
        return InvalidArgument("The value for " + key + " is inconsistent between profile (" +
                               it->second + ") and sso-session (" + value + ").");
      }
    }
    found.session_name = *session_name;
  }
  std::string missing;
  auto take = [&](std::string_view key, std::string& into) {
    auto it = values.find(key);
    if (it == values.end()) {
      missing += (missing.empty() ? "" : ", ") + std::string(key);
    } else {
      into = it->second;
    }
  };
  take("sso_role_name", found.role_name);
  take("sso_account_id", found.account_id);
  take("sso_start_url", found.start_url);
  take("sso_region", found.region);
  if (!missing.empty()) {
    return InvalidArgument(
        "The profile \"" + std::string(profile) +
        "\" is configured to use SSO but is missing required configuration: " + missing);
  }
  return found;
}

SsoCredentialProvider::SsoCredentialProvider(SsoProviderOptions options)
    : options_(WithDefaults(std::move(options))) {}

Result<Credentials> SsoCredentialProvider::Resolve() {
  AWSCRAPE_ASSIGN_OR_RETURN(SsoConfig config, FindSsoConfig(*options_.config, options_.profile));
  if (!options_.transport) return Internal("SSO credentials need an HTTP transport");
  SsoTokenQuery query;
  query.cache_dir = options_.token_cache_dir;
  query.start_url = config.start_url;
  query.session_name = config.session_name;
  query.profile = options_.profile;
  AWSCRAPE_ASSIGN_OR_RETURN(SsoToken token, LoadSsoToken(query, options_.now()));
  SsoRoleRequest role;
  role.region = config.region;
  role.account_id = config.account_id;
  role.role_name = config.role_name;
  role.profile = options_.profile;
  return CallGetRoleCredentials(
      *options_.transport, role, token.access_token,
      ResolveSsoPortalEndpoint(config.region, options_.portal_endpoint_url));
}

}  // namespace awscrape::aws
