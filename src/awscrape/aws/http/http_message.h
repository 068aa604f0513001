// HTTP request and response values exchanged between the protocol layer, the signer and the
// transport. Plain data: no I/O happens here.
//
// `path` and `query` hold the wire form (already percent-encoded); header names keep the case
// they were given but are looked up case-insensitively.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awscrape::aws {

struct HttpHeader {
  std::string name;
  std::string value;
};

using HttpHeaders = std::vector<HttpHeader>;

bool HeaderNameEquals(std::string_view a, std::string_view b);
// nullptr when absent; the first match when repeated.
const std::string* FindHeader(const HttpHeaders& headers, std::string_view name);
// Replaces every header of that name with one.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string value);
void RemoveHeader(HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;        // "ec2.us-east-1.amazonaws.com" or "127.0.0.1:4566"
  std::string path = "/";  // encoded, e.g. "/bucket/key%20name"
  std::string query;       // encoded, without '?', e.g. "list-type=2&prefix=a%2Fb"
  HttpHeaders headers;
  std::string body;

  // scheme://host/path?query
  std::string Url() const;
  // path?query (the request target)
  std::string Target() const;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

}  // namespace awscrape::aws
