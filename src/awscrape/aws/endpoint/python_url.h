// PythonUrl: Python 3.11's urllib.parse.urlparse, which botocore's parseURL rule function and
// IP-address checks are built on.
//
// Endpoint resolution must accept and reject exactly the URLs botocore does, so this mirrors
// CPython's splitting rules (scheme characters, "//" netloc, ";params" for http(s), '?' and
// '#'), its netloc validation (ValueError cases become errors) and the hostname/port
// properties. Pure functions; no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

struct PythonUrl {
  std::string scheme;  // lower-cased
  std::string netloc;
  std::string path;
  std::string params;
  std::string query;
  std::string fragment;

  // urlparse(...).hostname: lower-cased host without brackets, nullopt when empty.
  std::optional<std::string> Hostname() const;
  // urlparse(...).port: nullopt when absent; an error where Python raises ValueError.
  Result<std::optional<int>> Port() const;
};

// An error where urlparse raises ValueError (unbalanced or invalid bracketed hosts).
Result<PythonUrl> ParsePythonUrl(std::string_view url);

// botocore.utils.is_valid_ipv4_endpoint_url / is_valid_ipv6_endpoint_url; an error where botocore
// raises (the URL has no host).
Result<bool> IsIpv4EndpointUrl(std::string_view url);
Result<bool> IsIpv6EndpointUrl(std::string_view url);

}  // namespace awscrape::aws::endpoint
