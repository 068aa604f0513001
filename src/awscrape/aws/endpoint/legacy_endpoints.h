// LegacyEndpoints: botocore's endpoints.json resolver (regions.py EndpointResolver).
//
// botocore 1.29.27 still runs this older resolver when it creates a client, before the rule
// set: its answer supplies the signing region and signing name whenever the rule set's
// endpoint carries no authSchemes (e.g. codecatalyst signs for "aws-global"), the region the
// rule set sees for s3 and sts, and it refuses FIPS/dual-stack for services that model no such
// variant. ComputeLegacyEndpointConfig reproduces ClientEndpointBridge.resolve plus the s3/sts
// adjustments of args.py. Read-only after parsing; safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

struct LegacyResolvedEndpoint {
  std::string partition;
  std::string endpoint_name;
  std::string hostname;
  std::optional<std::string> credential_scope_region;
  std::optional<std::string> credential_scope_service;
  std::vector<std::string> variant_tags;  // non-empty when a fips/dualstack variant was used
};

class LegacyEndpoints {
 public:
  // Copies what it needs from endpoints.json.
  static Result<LegacyEndpoints> Parse(const JsonValue& endpoints_json);

  // EndpointResolver.construct_endpoint: nullopt when no partition resolves the region; errors
  // are botocore's NoRegionError and EndpointVariantError.
  Result<std::optional<LegacyResolvedEndpoint>> Construct(const std::string& service,
                                                          const std::string* region,
                                                          const std::string* partition,
                                                          bool use_dualstack, bool use_fips) const;

 private:
  struct PartitionData {
    std::string name;
    std::regex region_regex;
    bool has_regex = false;
    const JsonValue* json = nullptr;  // points into *doc_
  };
  Result<std::optional<LegacyResolvedEndpoint>> ForPartition(const PartitionData& partition,
                                                             const std::string& service,
                                                             const std::string* region,
                                                             bool use_dualstack, bool use_fips,
                                                             bool force_partition) const;
  bool RegionMatches(const PartitionData& partition, const std::string& region) const;

  std::shared_ptr<const JsonDocument> doc_;
  std::vector<PartitionData> partitions_;
};

// The legacy part of client creation (ClientEndpointBridge.resolve and args.py's s3/sts rules).
struct LegacyEndpointRequest {
  std::string service;       // the endpoint prefix: "s3", "sts", "iam"
  std::string signing_name;  // the model's metadata signingName; may be empty
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;
  bool use_fips = false;
  bool use_dualstack = false;
  std::string sts_regional_endpoints = "legacy";
  std::string s3_us_east_1_regional_endpoint = "legacy";
};

struct LegacyEndpointConfig {
  std::optional<std::string> region_name;     // client.meta.region_name
  std::optional<std::string> signing_region;  // the signer's default region
  std::string signing_name;                   // the signer's default signing name
  bool has_variant_tags = false;
};

// args.py LEGACY_GLOBAL_STS_REGIONS: where sts_regional_endpoints=legacy means sts.amazonaws.com.
bool IsLegacyGlobalStsRegion(std::string_view region);

// `legacy` may be null: then the config is what botocore assumes for an unknown service (the
// region itself and the model's signing name or the endpoint prefix).
Result<LegacyEndpointConfig> ComputeLegacyEndpointConfig(const LegacyEndpoints* legacy,
                                                         const LegacyEndpointRequest& request);

}  // namespace awscrape::aws::endpoint
