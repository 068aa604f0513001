// Where one call goes and how it is signed: the service's endpoint rule set evaluated for the
// region, the operation and its context parameters (as botocore does) — or --endpoint-url.
//
// CallEndpointResolver parses each service's rule set once and caches it, with the partitions
// and the legacy endpoints.json. It also remembers each answer by its endpoint::ResolutionKey
// (service, region, settings, context parameters), so the rule set is evaluated once per
// distinct key rather than once per call; at most kMaxRemembered answers, then it starts over
// (context parameters such as S3 bucket names make keys unbounded). Errors are not remembered.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "awscrape/aws/endpoint/resolver.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct CallEndpoint {
  std::string scheme = "https";
  std::string host;       // with ":port" when the URL has one
  std::string base_path;  // the endpoint URL's path without a trailing '/', often empty
  std::string signing_region;
  std::string signing_name;
  bool disable_double_encoding = false;
  HttpHeaders headers;  // headers the rule set asks for
  // S3: the bucket is already in the endpoint (virtual host or path), so the request URI's
  // "/{Bucket}" label must not be added again (botocore strips it from S3 models).
  bool bucket_in_endpoint = false;
};

// Splits "https://host:port/path" into a CallEndpoint's scheme, host and base path.
Result<CallEndpoint> ParseEndpointUrl(std::string_view url);

struct EndpointRequest {
  const model::ServiceEntry* service = nullptr;
  const model::Operation* operation = nullptr;
  const JsonValue* params = nullptr;  // the call's input, for contextParam members
  std::string region;
  std::string endpoint_url;  // --endpoint-url; empty to resolve from the rule set
};

class CallEndpointResolver {
 public:
  // remember_answers = false evaluates the rule set on every call (to check the memory).
  explicit CallEndpointResolver(const model::ModelCatalogue& catalogue,
                                bool remember_answers = true)
      : catalogue_(catalogue), remember_answers_(remember_answers) {}
  Result<CallEndpoint> Resolve(const EndpointRequest& request);

 private:
  struct Shared {
    endpoint::Partitions partitions;
    std::unique_ptr<endpoint::LegacyEndpoints> legacy;
  };
  Result<const Shared*> LoadShared();
  Result<std::shared_ptr<const endpoint::EndpointRuleSet>> RuleSet(const model::ServiceEntry& s);

  static constexpr size_t kMaxRemembered = 4096;

  const model::ModelCatalogue& catalogue_;
  const bool remember_answers_;
  std::mutex mutex_;
  std::unordered_map<std::string, CallEndpoint> remembered_;  // by service name + ResolutionKey
  std::unique_ptr<Shared> shared_;
  std::map<std::string, std::shared_ptr<const endpoint::EndpointRuleSet>, std::less<>> rule_sets_;
};

}  // namespace awscrape::aws
