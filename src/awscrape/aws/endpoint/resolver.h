// ResolveEndpoint: where to send a service's requests and how to sign them, as botocore does.
//
// Input: the service's parsed rule set, the partitions, and EndpointParams (the client's
// settings plus per-call context). The function computes the rule-set parameters exactly like
// botocore 1.29.27 (args.py compute_endpoint_resolver_builtin_defaults: AWS::Region,
// AWS::UseFIPS, AWS::UseDualStack, SDK::Endpoint, AWS::STS::UseGlobalEndpoint and the
// AWS::S3* built-ins), evaluates the rule set, and turns the endpoint's authSchemes into a
// signing region and name (regions.py auth_schemes_to_signing_ctx), falling back to the
// legacy endpoints.json answer as botocore's signer does. Errors are InvalidArgument Statuses
// carrying botocore's message (an error rule's text verbatim).
// Everything here is a pure function of its inputs; share the parsed inputs freely.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "awscrape/aws/endpoint/legacy_endpoints.h"
#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/rule_engine.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

// The parts of a service model's "metadata" endpoint resolution needs.
struct ServiceEndpointMetadata {
  std::string endpoint_prefix;  // "s3", "sts", "monitoring"
  std::string signing_name;     // "signingName"; empty when the model has none
};
ServiceEndpointMetadata ParseServiceEndpointMetadata(const JsonValue& metadata);

// Client settings, with botocore's defaults (no config file, no environment).
struct EndpointClientConfig {
  std::string region;  // empty: no region. "fips-us-east-1" / "us-east-1-fips" imply use_fips
  bool use_fips = false;
  bool use_dualstack = false;
  std::optional<std::string> endpoint_url;  // --endpoint-url: the SDK::Endpoint built-in
  bool use_ssl = true;
  std::string sts_regional_endpoints = "legacy";          // or "regional"
  std::string s3_us_east_1_regional_endpoint = "legacy";  // or "regional"
  std::string s3_addressing_style;                        // "", "auto", "virtual", "path"
  bool s3_use_accelerate_endpoint = false;
  std::optional<bool> s3_use_arn_region;
  bool s3_disable_multiregion_access_points = false;
};

struct EndpointParams {
  ServiceEndpointMetadata service;
  EndpointClientConfig config;
  // Operation context: static and dynamic context parameters by rule-set parameter name
  // (e.g. {"Bucket": "my-bucket"}, {"RequiresAccountId": true}); they win over built-ins.
  EndpointValue::Object context_params;
  std::string operation;  // the operation name, for botocore's per-operation s3 adjustments
  // endpoints.json; when null, signing falls back to the region and the model's signing name.
  const LegacyEndpoints* legacy = nullptr;
};

struct ResolvedEndpoint {
  std::string url;
  std::string signing_region;
  std::string signing_name;
  // The chosen auth scheme without its "sig" prefix ("v4", "v4a"); empty when the endpoint
  // names none and the service's own signature version applies.
  std::string auth_type;
  bool disable_double_encoding = false;        // authSchemes' disableDoubleEncoding (S3)
  std::map<std::string, std::string> headers;  // first value of each header, as botocore
  EndpointValue properties;
};

// The rule-set parameter values botocore would pass for `params` (definition order).
Result<EndpointValue::Object> ComputeEndpointParameters(const EndpointRuleSet& rule_set,
                                                        const EndpointParams& params);

// Everything ResolveEndpoint's answer depends on besides the rule set and the partitions, as one
// string: the service metadata, every client setting, the context parameters, and the operation
// name only where it changes the rule-set parameters (s3's GetBucketLocation). Equal keys give
// equal answers for the same rule set, partitions and legacy endpoints, so callers may memoise
// on it; most operations of a service in a region share one key.
std::string ResolutionKey(const EndpointParams& params);

Result<ResolvedEndpoint> ResolveEndpoint(const EndpointRuleSet& rule_set,
                                         const Partitions& partitions,
                                         const EndpointParams& params);

}  // namespace awscrape::aws::endpoint
