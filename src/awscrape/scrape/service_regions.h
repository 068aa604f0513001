// ServiceRegions: where the planner calls each service — its regions in a partition, or once
// for a global service — from botocore's endpoints.json plus data/service_regions.json.
//
// Rules: a service whose endpoints.json entry has isRegionalized false, or only a partition
// endpoint and no real region, is global: called once, in the partition endpoint's
// credential-scope region. Otherwise its regions are the entry's endpoint keys that are regions
// of the partition (fips-*/aws-global pseudo-regions dropped). A service without an entry (newer
// services that only have an endpoint rule set) is offered in every region of the partition.
// The data file adds global services endpoints.json does not mark (s3: ListBuckets is global).
// Immutable after construction; safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

struct ServicePlacement {
  bool global = false;
  // Regional: the regions, sorted. Global: exactly one, the region to call.
  std::vector<std::string> regions;
  std::string source;  // "endpoints.json", "partition" (no entry), "data"
};

// data/service_regions.json's "global" list: service -> partition -> region to call.
using GlobalServiceData = std::map<std::string, std::map<std::string, std::string>, std::less<>>;
Result<GlobalServiceData> ParseServiceRegionData(std::string_view file, std::string_view text);

class ServiceRegions {
 public:
  // `endpoints_json` is botocore's endpoints.json (kept alive by the shared_ptr).
  static Result<ServiceRegions> Create(std::shared_ptr<const JsonDocument> endpoints_json,
                                       GlobalServiceData global_services);

  // The partition holding `region` ("aws", "aws-cn", ...); NotFound for an unknown region.
  Result<std::string> PartitionOf(std::string_view region) const;
  // The real regions of a partition, sorted.
  Result<std::vector<std::string>> PartitionRegions(std::string_view partition) const;
  // Where to call a service, by its model's endpoint prefix ("monitoring" for cloudwatch).
  Result<ServicePlacement> Placement(std::string_view partition, std::string_view service,
                                     std::string_view endpoint_prefix) const;

 private:
  const JsonValue* FindPartition(std::string_view partition) const;

  std::shared_ptr<const JsonDocument> endpoints_;
  GlobalServiceData data_global_;
};

}  // namespace awscrape::scrape
