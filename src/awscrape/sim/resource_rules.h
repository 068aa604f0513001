// ResourceRules: the simulated account's few hand-written facts, kept as data (one JSON document
// embedded in resource_rules.cc) that the generator interprets: which regions are opt-in, which
// lists are "big" in a large account, the resources every real account has by default (default
// VPC and its subnets, security group, route table, network ACL; AWS-managed IAM policies;
// aws/* KMS aliases; default.* RDS parameter groups), and the id prefixes of ec2-style ids.
//
// Strings in default items may hold placeholders, expanded per (seed, account, region):
//   {account} {region} {partition}  and  {hex17:TAG}: 17 hex digits fixed for TAG.
// Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::sim {

class ResourceRules {
 public:
  // The embedded rules.
  static const ResourceRules& Builtin();
  static Result<ResourceRules> Parse(std::string_view json);

  bool IsOptInRegion(std::string_view region) const { return opt_in_regions_.count(region) > 0; }
  const std::set<std::string, std::less<>>& opt_in_regions() const { return opt_in_regions_; }
  bool IsBigList(std::string_view service, std::string_view operation) const;
  // Default items of an operation's first result list (JSON objects), or nullptr.
  const JsonValue* DefaultItems(std::string_view service, std::string_view operation) const;
  // "vpc-" for "VpcId"; empty when the member has no known prefix.
  std::string_view IdPrefix(std::string_view member_name) const;

 private:
  std::set<std::string, std::less<>> opt_in_regions_;
  std::set<std::string, std::less<>> big_lists_;  // "service:Operation"
  std::map<std::string, std::string, std::less<>> id_prefixes_;
  std::shared_ptr<JsonDocument> document_;                         // owns the default items
  std::map<std::string, const JsonValue*, std::less<>> defaults_;  // "service:Operation"
};

// Expands the placeholders in `text`.
std::string ExpandPlaceholders(std::string_view text, uint64_t seed, std::string_view account,
                               std::string_view region, std::string_view partition);

}  // namespace awscrape::sim
