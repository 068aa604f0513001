// Routing an incoming request to (service, operation, region) the way AWS front ends do: the
// service from the SigV4 credential scope (signing name → the services signed with it, ambiguity
// settled by X-Amz-Target prefix, API version or REST route), the region from the scope, the
// operation from X-Amz-Target (json), the Action parameter (query, ec2) or the REST route
// (method, path template with labels and greedy labels, the template's fixed query string).
//
// Pure functions over an immutable ServiceIndex; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/sim/service_index.h"

namespace awscrape::sim {

// The parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
struct Authorization {
  std::string access_key_id;
  std::string date;  // yyyymmdd of the scope
  std::string region;
  std::string service;  // the signing name
  std::vector<std::string> signed_headers;
  std::string signature;
};

// nullopt when the header is absent; `malformed` set when present but incomplete.
std::optional<Authorization> ParseAuthorization(const aws::HttpRequest& request, bool& malformed);

// "a=1&b=x%20y" → {{"a","1"},{"b","x y"}}; with `form`, '+' is a space too.
std::vector<std::pair<std::string, std::string>> ParseQueryPairs(std::string_view encoded,
                                                                 bool form);
// The value of `name` in the pairs, or nullptr.
const std::string* FindPair(const std::vector<std::pair<std::string, std::string>>& pairs,
                            std::string_view name);

// The request's query/ec2 parameters: the form body of a POST, else the query string.
std::vector<std::pair<std::string, std::string>> QueryProtocolParams(
    const aws::HttpRequest& request);

struct RouteResult {
  const IndexedService* service = nullptr;  // set whenever the service could be told
  const aws::model::Operation* operation = nullptr;
  std::string region;
  std::map<std::string, std::string> labels;  // REST URI labels, decoded
  // On failure: the AWS error code and message, and the protocol to answer in.
  std::string error_code;
  std::string error_message;
  std::string protocol;
  bool ok() const { return operation != nullptr; }
};

RouteResult RouteRequest(const ServiceIndex& index, const aws::HttpRequest& request,
                         const Authorization& authorization);

// Matches `path` (encoded, without query) and `query_pairs` against one route; fills labels.
bool MatchRestRoute(const RestRoute& route, std::string_view method, std::string_view path,
                    const std::vector<std::pair<std::string, std::string>>& query_pairs,
                    std::map<std::string, std::string>& labels);

}  // namespace awscrape::sim
