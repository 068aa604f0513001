#include "awscrape/aws/auth/imds_provider.h"

#include <random>
#include <utility>

#include "awscrape/aws/auth/metadata_http.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

constexpr std::string_view kTokenPath = "latest/api/token";
constexpr std::string_view kCredentialsPath = "latest/meta-data/iam/security-credentials/";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int RandomJitterSeconds() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_int_distribution<int>(120, 600)(engine);
}

ImdsCredentialOptions WithDefaults(ImdsCredentialOptions options) {
  if (!options.env) options.env = ProcessEnvironment();
  if (options.endpoint.empty()) options.endpoint = std::string(kDefaultImdsEndpoint);
  if (options.attempts < 1) options.attempts = 1;
  if (!options.now) options.now = SystemTime;
  if (!options.jitter_seconds) options.jitter_seconds = RandomJitterSeconds;
  return options;
}

Status NoCredentials(std::string reason) {
  return NotFound("instance metadata service: " + std::move(reason));
}

}  // namespace

std::string ResolveImdsEndpoint(const EnvLookup& env, std::string_view config_endpoint,
                                std::string_view config_mode) {
  std::string endpoint = GetEnvOrEmpty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (endpoint.empty()) endpoint = std::string(config_endpoint);
  if (!endpoint.empty()) return endpoint;
  std::string mode = GetEnvOrEmpty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  if (mode.empty()) mode = std::string(config_mode);
  if (Lower(mode) == "ipv6") return std::string(kDefaultImdsIpv6Endpoint);
  return std::string(kDefaultImdsEndpoint);
}

ImdsCredentialProvider::ImdsCredentialProvider(ImdsCredentialOptions options)
    : options_(WithDefaults(std::move(options))) {}

std::string ImdsCredentialProvider::Url(std::string_view path) const {
  std::string url = options_.endpoint;
  if (!url.ends_with('/')) url += '/';
  return url + std::string(path);
}

Result<std::string> ImdsCredentialProvider::FetchToken() const {
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, RequestForUrl("PUT", Url(kTokenPath)));
  SetHeader(request.headers, "x-aws-ec2-metadata-token-ttl-seconds", "21600");
  HttpOptions http{options_.timeout, options_.timeout};
  for (int attempt = 0; attempt < options_.attempts; ++attempt) {
    auto response = options_.transport->SendAndWait(request, http);
    if (!response.ok()) {
      if (response.status().code() == StatusCode::kTimeout) return std::string();
      continue;  // connection errors are retried, then IMDSv1 is tried
    }
    if (response->status == 200) return response->body;
    if (response->status == 403 || response->status == 404 || response->status == 405) {
      return std::string();
    }
    if (response->status == 400) return NoCredentials("the token request was rejected (HTTP 400)");
  }
  return std::string();
}

Result<std::string> ImdsCredentialProvider::Get(std::string_view path, const std::string& token,
                                                bool want_json) const {
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, RequestForUrl("GET", Url(path)));
  if (!token.empty()) SetHeader(request.headers, "x-aws-ec2-metadata-token", token);
  HttpOptions http{options_.timeout, options_.timeout};
  std::string last = "no answer";
  for (int attempt = 0; attempt < options_.attempts; ++attempt) {
    auto response = options_.transport->SendAndWait(request, http);
    if (!response.ok()) {
      last = response.status().ToString();
      continue;
    }
    if (response->status != 200) {
      last = "HTTP " + std::to_string(response->status);
      continue;
    }
    if (response->body.empty()) {
      last = "an empty answer";
      continue;
    }
    if (want_json && !ParseJson(response->body).ok()) {
      last = "an answer that is not JSON";
      continue;
    }
    return response->body;
  }
  return NoCredentials("GET /" + std::string(path) + " failed after " +
                       std::to_string(options_.attempts) + " attempt(s): " + last);
}

Result<Credentials> ImdsCredentialProvider::Resolve() {
  if (Lower(GetEnvOrEmpty(options_.env, "AWS_EC2_METADATA_DISABLED")) == "true") {
    return NoCredentials("disabled by AWS_EC2_METADATA_DISABLED");
  }
  if (!options_.transport) return Internal("instance metadata credentials need an HTTP transport");
  AWSCRAPE_ASSIGN_OR_RETURN(std::string token, FetchToken());
  AWSCRAPE_ASSIGN_OR_RETURN(std::string roles, Get(kCredentialsPath, token, false));
  std::string role = roles.substr(0, roles.find_first_of("\r\n"));
  size_t end = role.find_last_not_of(" \t");
  role.resize(end == std::string::npos ? 0 : end + 1);
  if (role.empty()) return NoCredentials("the instance has no IAM role");
  AWSCRAPE_ASSIGN_OR_RETURN(std::string document,
                            Get(std::string(kCredentialsPath) + role, token, true));
  auto credentials = ParseMetadataCredentials(document, name());
  if (!credentials.ok()) return NoCredentials(credentials.status().message());

  // Static stability: never hand out credentials due for refresh right away.
  Timestamp now = options_.now();
  int64_t extension = options_.refresh_window.count() + options_.jitter_seconds();
  if (credentials->expiration->seconds - extension <= now.seconds) {
    credentials->expiration = Timestamp{now.seconds + extension, 0};
  }
  return credentials;
}

}  // namespace awscrape::aws
