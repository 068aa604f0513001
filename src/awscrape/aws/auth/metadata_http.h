// Helpers shared by the metadata credential providers (container and EC2 instance metadata):
// turning a URL into an HttpRequest, and reading the credential document both services return,
// {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct ParsedUrl {
  std::string scheme;  // lower-cased
  std::string host;    // without the port; IPv6 literals without brackets
  std::string port;    // empty when absent
  std::string path;    // "/" when absent
  std::string query;   // without '?'
  // host[:port] as an HttpRequest wants it, IPv6 literals bracketed.
  std::string Authority() const;
};

// "http://host[:port][/path][?query]" with http or https; kInvalidArgument otherwise.
Result<ParsedUrl> ParseHttpUrl(std::string_view url);

// A request for `method` on `url` with no headers or body.
Result<HttpRequest> RequestForUrl(std::string_view method, std::string_view url);

// Reads the metadata credential document: kParseError when it is not JSON, kUnauthenticated
// when it lacks a field (IMDS answers a role without a trust policy with {"Code", "Message"}).
// Errors never quote the body.
Result<Credentials> ParseMetadataCredentials(std::string_view body, std::string_view source);

}  // namespace awscrape::aws
