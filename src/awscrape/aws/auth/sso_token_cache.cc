#include "awscrape/aws/auth/sso_token_cache.h"

#include <openssl/evp.h>

#include <system_error>

#include "awscrape/aws/auth/token_file.h"
#include "awscrape/core/encoding.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

std::string LoginHint(const std::string& profile) {
  return "run `aws sso login --profile " + profile +
         "` to sign in again (awscrape reads the token the AWS CLI caches but does not refresh "
         "it)";
}

std::optional<Timestamp> ParseExpiresAt(std::string_view text) {
  std::string normalised(text);
  // Older AWS CLI versions wrote "2019-11-14T04:48:51UTC".
  if (normalised.ends_with("UTC")) normalised.replace(normalised.size() - 3, 3, "Z");
  return ParseIso8601(normalised);
}

}  // namespace

std::string Sha1Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string SsoTokenCacheKey(std::string_view start_url, std::string_view session_name) {
  return Sha1Hex(session_name.empty() ? start_url : session_name);
}

std::filesystem::path DefaultSsoTokenCacheDir(const EnvLookup& env) {
  std::string home = GetEnvOrEmpty(env, "HOME");
  if (home.empty()) return {};
  return std::filesystem::path(home) / ".aws" / "sso" / "cache";
}

Result<SsoToken> LoadSsoToken(const SsoTokenQuery& query, Timestamp now) {
  const std::string& name = query.session_name.empty() ? query.start_url : query.session_name;
  std::string context = "Error loading SSO Token for " + name + " (profile " + query.profile + ")";
  if (query.cache_dir.empty()) {
    return Unauthenticated(context + ": HOME is not set, so ~/.aws/sso/cache cannot be found");
  }
  std::filesystem::path file =
      query.cache_dir / (SsoTokenCacheKey(query.start_url, query.session_name) + ".json");
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return Unauthenticated(context + ": Token for " + name + " does not exist (no " +
                           file.string() + "); " + LoginHint(query.profile));
  }
  auto text = ReadTokenFile(file, "SSO token cache file");
  if (!text.ok()) {
    return Status(StatusCode::kUnauthenticated,
                  context + ": " + text.status().message() + "; " + LoginHint(query.profile));
  }
  auto doc = ParseJson(*text);
  if (!doc.ok() || !doc->IsObject()) {
    return Unauthenticated(context + ": the SSO token cache file " + file.string() +
                           " is not a JSON object; " + LoginHint(query.profile));
  }
  const JsonValue* access_token = FindMember(*doc, "accessToken");
  const JsonValue* expires_at = FindMember(*doc, "expiresAt");
  if (access_token == nullptr || !access_token->IsString() ||
      access_token->GetStringLength() == 0 || expires_at == nullptr || !expires_at->IsString()) {
    return Unauthenticated(context + ": Token for " + name + " is invalid (" + file.string() +
                           " lacks accessToken or expiresAt); " + LoginHint(query.profile));
  }
  std::optional<Timestamp> expiry =
      ParseExpiresAt(std::string_view(expires_at->GetString(), expires_at->GetStringLength()));
  if (!expiry) {
    return Unauthenticated(context + ": Token for " + name + " has an unreadable expiresAt (" +
                           file.string() + "); " + LoginHint(query.profile));
  }
  if (expiry->ToEpochSeconds() <= now.ToEpochSeconds()) {
    return Unauthenticated("The SSO session associated with profile " + query.profile +
                           " has expired (the cached token expired at " +
                           FormatIso8601(*expiry, false) + "); " + LoginHint(query.profile));
  }
  SsoToken token;
  token.access_token.assign(access_token->GetString(), access_token->GetStringLength());
  token.expires_at = *expiry;
  return token;
}

}  // namespace awscrape::aws
