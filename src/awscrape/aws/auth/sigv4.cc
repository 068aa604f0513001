#include "awscrape/aws/auth/sigv4.h"

#include <algorithm>
#include <map>
#include <utility>

#include "awscrape/core/crypto.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kContentSha256 = "X-Amz-Content-SHA256";
constexpr std::string_view kSecurityToken = "X-Amz-Security-Token";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

struct HeaderSet {
  std::string canonical;  // "name:value\n" per signed header, sorted by name
  std::string signed_names;
};

HeaderSet CanonicalHeaders(const HttpRequest& request, const SigningOptions& options) {
  std::vector<std::string> skipped;
  for (const auto& name : options.unsigned_headers) skipped.push_back(ToLower(name));
  // std::map keeps names sorted; vectors keep repeated values in request order.
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& header : request.headers) {
    std::string name = ToLower(Trim(header.name));
    if (std::find(skipped.begin(), skipped.end(), name) != skipped.end()) continue;
    by_name[name].push_back(CanonicalHeaderValue(header.value));
  }
  if (!by_name.contains("host")) by_name["host"].push_back(SigningHost(request));

  HeaderSet set;
  for (const auto& [name, values] : by_name) {
    set.canonical += name;
    set.canonical += ':';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) set.canonical += ',';
      set.canonical += values[i];
    }
    set.canonical += '\n';
    if (!set.signed_names.empty()) set.signed_names += ';';
    set.signed_names += name;
  }
  return set;
}

std::string BodyHash(const HttpRequest& request, const SigningOptions& options) {
  return options.unsigned_payload ? std::string(kUnsignedPayload) : Sha256Hex(request.body);
}

std::string AmzDate(const SigningOptions& options) { return FormatAmzDate(options.time); }

std::string CredentialScope(std::string_view amz_date, const SigningOptions& options) {
  return std::string(amz_date.substr(0, 8)) + "/" + options.region + "/" + options.service +
         "/aws4_request";
}

// DeriveSigningKey remembered per thread: the key changes only with the secret, the day, the
// region and the service, and deriving it is four of a signature's five MACs. A handful of
// (region, service) pairs per scrape thread; starts over past kMaxKeys.
std::string CachedSigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service) {
  constexpr size_t kMaxKeys = 1024;
  thread_local std::map<std::string, std::string, std::less<>> keys;
  std::string scope;
  scope.reserve(secret_access_key.size() + date.size() + region.size() + service.size() + 3);
  for (std::string_view part : {secret_access_key, date, region, service}) {
    scope += part;
    scope += '\0';
  }
  if (auto it = keys.find(scope); it != keys.end()) return it->second;
  std::string key = DeriveSigningKey(secret_access_key, date, region, service);
  if (keys.size() >= kMaxKeys) keys.clear();
  keys.emplace(std::move(scope), key);
  return key;
}

// Fills every step from the canonical request on, for both header and query signing.
SigningSteps Sign(std::string canonical_request, std::string signed_headers,
                  std::string_view amz_date, const Credentials& credentials,
                  const SigningOptions& options) {
  SigningSteps steps;
  steps.canonical_request = std::move(canonical_request);
  steps.signed_headers = std::move(signed_headers);
  steps.string_to_sign = std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" +
                         CredentialScope(amz_date, options) + "\n" +
                         Sha256Hex(steps.canonical_request);
  std::string key = CachedSigningKey(credentials.secret_access_key, amz_date.substr(0, 8),
                                     options.region, options.service);
  steps.signature = HexEncode(HmacSha256(key, steps.string_to_sign));
  return steps;
}

std::string BuildCanonicalRequest(const HttpRequest& request, std::string_view query,
                                  const HeaderSet& headers, std::string_view payload_hash,
                                  const SigningOptions& options) {
  std::string out = request.method;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  }
  out += '\n';
  out += CanonicalUri(request.path, options);
  out += '\n';
  out += CanonicalQueryString(query);
  out += '\n';
  out += headers.canonical;
  out += '\n';
  out += headers.signed_names;
  out += '\n';
  out += payload_hash;
  return out;
}

}  // namespace

void ApplyS3Rules(SigningOptions& options) {
  options.double_uri_encode = false;
  options.normalize_path = false;
  options.add_content_sha256_header = true;
}

std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "";
  std::vector<std::string_view> kept;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out += '/';
    out += kept[i];
  }
  if (path.back() == '/' && !kept.empty()) out += '/';
  return out;
}

std::string CanonicalUri(std::string_view path, const SigningOptions& options) {
  std::string uri = path.empty() ? "/" : std::string(path);
  if (options.normalize_path) {
    uri = RemoveDotSegments(uri);
    if (uri.empty()) uri = "/";
  }
  // The path is already percent-encoded on the wire; encoding it again is SigV4's "double
  // encoding" that every service but S3 expects.
  if (options.double_uri_encode) uri = UriEncode(uri, /*keep_slash=*/true);
  return uri;
}

std::string CanonicalQueryString(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      params.emplace_back(UriEncode(UriDecode(name)), UriEncode(UriDecode(value)));
    }
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsSpace(value[i])) ++i;
    size_t begin = i;
    while (i < value.size() && !IsSpace(value[i])) ++i;
    if (i > begin) {
      if (!out.empty()) out += ' ';
      out.append(value.substr(begin, i - begin));
    }
  }
  return out;
}

std::string SigningHost(const HttpRequest& request) {
  std::string_view authority = request.host;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal: "[::1]:8080"
    size_t close = authority.find(']');
    if (close != std::string_view::npos) {
      host = authority.substr(0, close + 1);
      if (close + 1 < authority.size() && authority[close + 1] == ':') {
        port = authority.substr(close + 2);
      }
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  std::string scheme = ToLower(request.scheme);
  bool default_port =
      port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  std::string out = ToLower(host);
  if (!default_port) {
    out += ':';
    out += port;
  }
  return out;
}

std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service) {
  std::string k_date = HmacSha256("AWS4" + std::string(secret_access_key), date);
  std::string k_region = HmacSha256(k_date, region);
  std::string k_service = HmacSha256(k_region, service);
  return HmacSha256(k_service, "aws4_request");
}

SigningSteps SignRequest(HttpRequest& request, const Credentials& credentials,
                         const SigningOptions& options) {
  const std::string amz_date = AmzDate(options);
  // A retry re-signs the same request: drop what a previous signing added.
  RemoveHeader(request.headers, "Authorization");
  if (!credentials.session_token.empty()) {
    RemoveHeader(request.headers, kSecurityToken);
    if (!options.omit_session_token) {
      request.headers.push_back({std::string(kSecurityToken), credentials.session_token});
    }
  }
  SetHeader(request.headers, "X-Amz-Date", amz_date);

  std::string payload_hash;
  if (options.add_content_sha256_header || options.unsigned_payload) {
    payload_hash = BodyHash(request, options);
    SetHeader(request.headers, kContentSha256, payload_hash);
  } else if (const std::string* given = FindHeader(request.headers, kContentSha256)) {
    payload_hash = *given;
  } else {
    payload_hash = BodyHash(request, options);
  }

  HeaderSet headers = CanonicalHeaders(request, options);
  SigningSteps steps =
      Sign(BuildCanonicalRequest(request, request.query, headers, payload_hash, options),
           headers.signed_names, amz_date, credentials, options);
  steps.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                        CredentialScope(amz_date, options) +
                        ", SignedHeaders=" + steps.signed_headers +
                        ", Signature=" + steps.signature;
  if (!credentials.session_token.empty() && options.omit_session_token) {
    request.headers.push_back({std::string(kSecurityToken), credentials.session_token});
  }
  request.headers.push_back({"Authorization", steps.authorization});
  return steps;
}

SigningSteps PresignRequest(HttpRequest& request, const Credentials& credentials,
                            const SigningOptions& options, int expires_seconds) {
  const std::string amz_date = AmzDate(options);
  const std::string* given_hash = FindHeader(request.headers, kContentSha256);
  std::string payload_hash = given_hash ? *given_hash : BodyHash(request, options);
  HeaderSet headers = CanonicalHeaders(request, options);

  // The order is aws-c-auth's (the suite's signed URLs); the canonical form sorts anyway.
  std::string auth_params =
      "X-Amz-Algorithm=" + std::string(kAlgorithm) + "&X-Amz-Credential=" +
      UriEncode(credentials.access_key_id + "/" + CredentialScope(amz_date, options)) +
      "&X-Amz-Date=" + amz_date + "&X-Amz-SignedHeaders=" + UriEncode(headers.signed_names) +
      "&X-Amz-Expires=" + std::to_string(expires_seconds);
  std::string token_param;
  if (!credentials.session_token.empty()) {
    token_param = "&X-Amz-Security-Token=" + UriEncode(credentials.session_token);
  }
  std::string prefix = request.query.empty() ? "" : request.query + "&";
  std::string signed_query = prefix + auth_params + (options.omit_session_token ? "" : token_param);

  SigningSteps steps =
      Sign(BuildCanonicalRequest(request, signed_query, headers, payload_hash, options),
           headers.signed_names, amz_date, credentials, options);
  request.query = prefix + auth_params + token_param + "&X-Amz-Signature=" + steps.signature;
  return steps;
}

}  // namespace awscrape::aws
