#include "awscrape/aws/auth/container_provider.h"

#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "awscrape/aws/auth/metadata_http.h"
#include "awscrape/aws/auth/token_file.h"

namespace awscrape::aws {
namespace {

constexpr std::string_view kContainerHost = "169.254.170.2";

ContainerCredentialOptions WithDefaults(ContainerCredentialOptions options) {
  if (!options.env) options.env = ProcessEnvironment();
  if (!options.sleep) options.sleep = SleepFor;
  if (options.attempts < 1) options.attempts = 1;
  return options;
}

// botocore's _build_headers: the token file wins over the variable; both count when set.
Result<std::optional<std::string>> AuthorizationToken(const EnvLookup& env) {
  std::optional<std::string> token;
  std::string_view origin;
  if (auto path = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    auto contents = ReadTokenFile(*path, "container authorization token file");
    if (!contents.ok()) {
      return contents.status().WithContext(
          "container credentials (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)");
    }
    token = std::move(contents).value();
    origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
  } else {
    token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  }
  if (token && token->find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("container credentials: the authorization token from " +
                           std::string(origin) +
                           " is not a legal header value (it contains CR or LF)");
  }
  return token;
}

}  // namespace

void SleepFor(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

bool IsAllowedContainerHost(std::string_view host) {
  return host == kContainerHost || host == "169.254.170.23" || host == "fd00:ec2::23" ||
         host == "localhost" || host == "::1" || host.starts_with("127.");
}

ContainerCredentialProvider::ContainerCredentialProvider(ContainerCredentialOptions options)
    : options_(WithDefaults(std::move(options))) {}

Result<Credentials> ContainerCredentialProvider::Resolve() {
  std::string relative = GetEnvOrEmpty(options_.env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::string full = GetEnvOrEmpty(options_.env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  std::string url;
  if (!relative.empty()) {
    url = "http://" + std::string(kContainerHost) + relative;
  } else if (!full.empty()) {
    url = full;
  } else {
    return NotFound(
        "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is "
        "set");
  }
  auto request = RequestForUrl("GET", url);
  if (!request.ok()) return request.status().WithContext("container credentials");
  if (relative.empty()) {
    std::string host = ParseHttpUrl(url)->host;
    if (!IsAllowedContainerHost(host)) {
      return InvalidArgument("Unsupported host '" + host +
                             "' in AWS_CONTAINER_CREDENTIALS_FULL_URI. Can only retrieve "
                             "metadata from 169.254.170.2, localhost or loopback addresses");
    }
  }
  SetHeader(request->headers, "Accept", "application/json");
  AWSCRAPE_ASSIGN_OR_RETURN(std::optional<std::string> token, AuthorizationToken(options_.env));
  if (token) SetHeader(request->headers, "Authorization", std::move(*token));
  if (!options_.transport) return Internal("container credentials need an HTTP transport");

  HttpOptions http;
  http.connect_timeout = options_.timeout;
  http.response_timeout = options_.timeout;
  Status last;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (attempt > 1) options_.sleep(options_.retry_delay);
    auto response = options_.transport->SendAndWait(*request, http);
    if (!response.ok()) {
      last = response.status();
      continue;
    }
    if (response->status != 200) {
      last = Unavailable("received non 200 response (" + std::to_string(response->status) +
                         ") from the container credential endpoint");
      continue;
    }
    auto credentials = ParseMetadataCredentials(response->body, name());
    if (credentials.ok()) return credentials;
    last = credentials.status();
    // A JSON document missing fields will not improve with retries; garbage might.
    if (last.code() != StatusCode::kParseError) break;
  }
  return Status(StatusCode::kUnavailable,
                "Error when retrieving credentials from container-role (" + request->Url() +
                    "): " + last.message());
}

}  // namespace awscrape::aws
