// Partitions: botocore's partitions.json, the data behind the aws.partition function.
//
// A region belongs to the first partition that lists it or whose regionRegex matches it
// (Python re.match: anchored at the start); an unknown or absent region falls back to the first
// partition ("aws"), exactly as botocore's RuleSetStandardLibrary.aws_partition does. The
// outputs are handed to rule sets as an object with the partition id added as "name".
// Read-only after parsing; safe to share between threads.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/endpoint/value.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

struct Partition {
  std::string id;  // "aws", "aws-cn", "aws-us-gov", ...
  std::string region_regex;
  std::regex compiled_regex;
  std::vector<std::string> regions;  // the "regions" keys, pseudo-regions such as aws-global too
  EndpointValue outputs;             // "outputs" plus "name": id

  bool Matches(std::string_view region) const;
};

class Partitions {
 public:
  Partitions() = default;
  explicit Partitions(std::vector<Partition> partitions) : partitions_(std::move(partitions)) {}

  // The partition of `region`; the first partition when none matches or `region` is null.
  // Requires at least one partition (ParsePartitions guarantees it).
  const Partition& ForRegion(const std::string* region) const;
  const std::vector<Partition>& all() const { return partitions_; }

 private:
  std::vector<Partition> partitions_;
};

// Parses partitions.json ({"partitions": [{"id", "regionRegex", "regions", "outputs"}]}).
Result<Partitions> ParsePartitions(const JsonValue& json);

}  // namespace awscrape::aws::endpoint
