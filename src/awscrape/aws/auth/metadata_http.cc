#include "awscrape/aws/auth/metadata_http.h"

#include "awscrape/core/json.h"

namespace awscrape::aws {

std::string ParsedUrl::Authority() const {
  std::string authority = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!port.empty()) authority += ":" + port;
  return authority;
}

Result<ParsedUrl> ParseHttpUrl(std::string_view url) {
  ParsedUrl parsed;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return InvalidArgument("not an http(s) URL: '" + std::string(url) + "'");
  }
  for (char c : url.substr(0, scheme_end)) {
    parsed.scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    return InvalidArgument("not an http(s) URL: '" + std::string(url) + "'");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);  // user info is never used for metadata
  }
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidArgument("bad IPv6 host in URL");
    parsed.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() == ':') parsed.port = std::string(after.substr(1));
  } else {
    size_t colon = authority.rfind(':');
    parsed.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) parsed.port = std::string(authority.substr(colon + 1));
  }
  if (parsed.host.empty()) return InvalidArgument("URL without a host: '" + std::string(url) + "'");
  for (char c : parsed.port) {
    if (c < '0' || c > '9') return InvalidArgument("bad port in URL: '" + std::string(url) + "'");
  }
  for (char& c : parsed.host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  size_t question = rest.find('?');
  parsed.path = std::string(rest.substr(0, question));
  if (question != std::string_view::npos) parsed.query = std::string(rest.substr(question + 1));
  if (parsed.path.empty()) parsed.path = "/";
  return parsed;
}

Result<HttpRequest> RequestForUrl(std::string_view method, std::string_view url) {
  AWSCRAPE_ASSIGN_OR_RETURN(ParsedUrl parsed, ParseHttpUrl(url));
  HttpRequest request;
  request.method = std::string(method);
  request.scheme = parsed.scheme;
  request.host = parsed.Authority();
  request.path = parsed.path;
  request.query = parsed.query;
  return request;
}

Result<Credentials> ParseMetadataCredentials(std::string_view body, std::string_view source) {
  auto parsed = ParseJson(body);
  if (!parsed.ok() || !parsed->IsObject()) {
    return ParseError("the credential document from " + std::string(source) + " is not JSON");
  }
  const JsonValue& doc = *parsed;
  Credentials credentials;
  credentials.source = std::string(source);
  credentials.access_key_id = std::string(GetString(doc, "AccessKeyId"));
  credentials.secret_access_key = std::string(GetString(doc, "SecretAccessKey"));
  credentials.session_token = std::string(GetString(doc, "Token"));
  std::string_view expiration = GetString(doc, "Expiration");
  if (credentials.empty() || credentials.session_token.empty() || expiration.empty()) {
    std::string_view code = GetString(doc, "Code");
    std::string detail = code.empty() ? std::string()
                                      : " (Code " + std::string(code) + ": " +
                                            std::string(GetString(doc, "Message")) + ")";
    return Unauthenticated("the credential document from " + std::string(source) +
                           " lacks AccessKeyId, SecretAccessKey, Token or Expiration" + detail);
  }
  credentials.expiration = ParseAnyTimestamp(expiration);
  if (!credentials.expiration) {
    return ParseError("the credential document from " + std::string(source) +
                      " has an unreadable Expiration");
  }
  return credentials;
}

}  // namespace awscrape::aws
