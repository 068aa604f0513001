// IAM Identity Center (SSO) access tokens cached by `aws sso login`, read as botocore's
// SSOTokenLoader reads them.
//
// The AWS CLI writes the token to ~/.aws/sso/cache/<sha1 hex>.json, where the SHA-1 is of the
// sso-session name for a profile using `sso_session`, and of the start URL for a legacy profile
// (sso_start_url in the profile itself). The JSON holds "accessToken" and "expiresAt"
// (ISO 8601, "Z" or the older CLI's "UTC" suffix), plus refresh material awscrape ignores.
//
// awscrape never refreshes the SSO token itself (botocore may, through SSO OIDC CreateToken,
// for sso-session profiles): a missing, unreadable, invalid or expired token is
// kUnauthenticated with a message telling the user to run `aws sso login --profile <profile>`.
// Messages name the cache file but never quote its contents.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "awscrape/aws/auth/environment.h"
#include "awscrape/core/result.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

// Lowercase hex SHA-1 of `text`.
std::string Sha1Hex(std::string_view text);

// The cache file's base name without ".json": Sha1Hex(session_name) when a session name is
// given, else Sha1Hex(start_url).
std::string SsoTokenCacheKey(std::string_view start_url, std::string_view session_name);

// $HOME/.aws/sso/cache; empty when HOME is unset or empty.
std::filesystem::path DefaultSsoTokenCacheDir(const EnvLookup& env);

struct SsoToken {
  std::string access_token;
  Timestamp expires_at;
};

struct SsoTokenQuery {
  std::filesystem::path cache_dir;
  std::string start_url;
  std::string session_name;  // empty for a legacy profile
  std::string profile;       // for the `aws sso login --profile` hint
};

// Loads the token and checks that it has not expired at `now`.
Result<SsoToken> LoadSsoToken(const SsoTokenQuery& query, Timestamp now);

}  // namespace awscrape::aws
