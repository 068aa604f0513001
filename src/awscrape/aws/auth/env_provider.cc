#include "awscrape/aws/auth/env_provider.h"

#include <string>

namespace awscrape::aws {

Result<Credentials> EnvironmentCredentialProvider::Resolve() {
  Credentials credentials;
  credentials.source = "env";
  credentials.access_key_id = GetEnvOrEmpty(env_, "AWS_ACCESS_KEY_ID");
  if (credentials.access_key_id.empty()) {
    return NotFound("AWS_ACCESS_KEY_ID is not set");
  }
  credentials.secret_access_key = GetEnvOrEmpty(env_, "AWS_SECRET_ACCESS_KEY");
  if (credentials.secret_access_key.empty()) {
    return InvalidArgument(
        "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY (AWS_ACCESS_KEY_ID is "
        "set)");
  }
  for (std::string_view variable : {"AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"}) {
    credentials.session_token = GetEnvOrEmpty(env_, variable);
    if (!credentials.session_token.empty()) break;
  }
  std::string expiration = GetEnvOrEmpty(env_, "AWS_CREDENTIAL_EXPIRATION");
  if (!expiration.empty()) {
    credentials.expiration = ParseAnyTimestamp(expiration);
    if (!credentials.expiration) {
      return InvalidArgument("AWS_CREDENTIAL_EXPIRATION is not a timestamp: '" + expiration + "'");
    }
  }
  return credentials;
}

}  // namespace awscrape::aws
