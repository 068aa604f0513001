#include "awscrape/aws/auth/profile_providers.h"

namespace awscrape::aws {

Result<Credentials> CredentialsFromProfileKeys(const ConfigSection& profile,
                                               std::string_view profile_name,
                                               std::string_view source) {
  const std::string* access_key = profile.Find("aws_access_key_id");
  if (access_key == nullptr) {
    return NotFound("profile " + std::string(profile_name) + " has no aws_access_key_id");
  }
  const std::string* secret_key = profile.Find("aws_secret_access_key");
  if (secret_key == nullptr || secret_key->empty() || access_key->empty()) {
    return InvalidArgument("Partial credentials found in " + std::string(source) + " profile " +
                           std::string(profile_name) +
                           ": both aws_access_key_id and aws_secret_access_key must be set");
  }
  Credentials credentials;
  credentials.access_key_id = *access_key;
  credentials.secret_access_key = *secret_key;
  for (std::string_view key : {"aws_security_token", "aws_session_token"}) {
    if (const std::string* token = profile.Find(key)) {
      credentials.session_token = *token;
      break;
    }
  }
  credentials.source = std::string(source);
  return credentials;
}

namespace {

Result<Credentials> FromSection(const ProfileMap& profiles, const std::string& profile,
                                std::string_view source, std::string_view file) {
  auto it = profiles.find(profile);
  if (it == profiles.end()) {
    return NotFound("profile " + profile + " is not in the " + std::string(file));
  }
  return CredentialsFromProfileKeys(it->second, profile, source);
}

}  // namespace

Result<Credentials> SharedCredentialsFileProvider::Resolve() {
  return FromSection(config_->credentials_profiles(), profile_, name(), "credentials file");
}

Result<Credentials> SharedConfigFileProvider::Resolve() {
  return FromSection(config_->config_profiles(), profile_, name(), "config file");
}

}  // namespace awscrape::aws
