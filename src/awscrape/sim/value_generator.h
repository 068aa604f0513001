// ValueGenerator: deterministic synthetic data for a model shape — the simulated account's
// resources. Every value is a pure function of (seed, account, region, service, operation, the
// member path and item key), so one seed always yields the same account.
//
// Values come out in the simulator's neutral form (what the wire writers serialise): structures
// and maps as objects keyed by member name, lists as arrays, timestamps as epoch seconds, blobs as
// raw bytes in a string. Strings look like AWS's: ids such as `vpc-0a1b2c3d4e5f67890`, ARNs for
// the account and region, names, enum values from the model; numbers keep to the model's min/max.
// Recursion is bounded in depth; deeper structures keep only scalars. Not thread-safe (one per
// response); cheap to construct.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/shape.h"
#include "awscrape/core/json.h"
#include "awscrape/sim/resource_rules.h"
#include "awscrape/sim/sim_options.h"

namespace awscrape::sim {

struct GeneratorContext {
  uint64_t seed = 1;
  std::string_view account_id;
  std::string_view region;
  std::string_view partition = "aws";
  std::string_view service;      // catalogue name: "ec2"
  std::string_view arn_service;  // the ARN's service field: "ec2", "elasticloadbalancing"
  bool global = false;           // ARNs without a region (iam, route53, ...)
  AccountSize size = AccountSize::kSmall;
  const ResourceRules* rules = nullptr;
};

// One item of a planned list: `key` selects its data; `overlay` (a JSON object or nullptr) is
// merged over it, with placeholders expanded.
struct PlannedItem {
  uint64_t key = 0;
  const JsonValue* overlay = nullptr;
};
// Planned lists by member path from the output root ("Vpcs", "DistributionList.Items").
using ListPlans = std::map<std::string, std::vector<PlannedItem>, std::less<>>;

class ValueGenerator {
 public:
  ValueGenerator(const GeneratorContext& context, JsonAllocator& alloc)
      : ctx_(context), alloc_(alloc) {}

  // The operation's output structure. Lists at a planned path hold exactly the planned items;
  // other lists directly in the output hold `unplanned_top_level` items at most.
  void GenerateOutput(const aws::model::Shape& output, uint64_t seed, const ListPlans& plans,
                      size_t unplanned_top_level, JsonValue& out);

  // One value of `shape`, named `name` (names drive the look of strings).
  void GenerateValue(const aws::model::Shape& shape, std::string_view name, uint64_t hash,
                     int depth, JsonValue& out);

  // Merges `overlay` over `target` (objects member by member, arrays element by element) with
  // placeholders in strings expanded.
  void MergeOverlay(JsonValue& target, const JsonValue& overlay);

 private:
  void Structure(const aws::model::Shape& shape, uint64_t hash, int depth, const std::string* path,
                 const ListPlans* plans, size_t unplanned, JsonValue& out);
  void List(const aws::model::Shape& shape, std::string_view name, uint64_t hash, int depth,
            size_t count, JsonValue& out);
  std::string String(const aws::model::Shape& shape, std::string_view name, uint64_t hash);
  std::string Arn(std::string_view name, uint64_t hash);

  const GeneratorContext& ctx_;
  JsonAllocator& alloc_;
  std::string_view current_struct_;  // the structure whose member is being generated
};

// How many items a top-level list of (service, operation) holds in an account of this size:
// small 0-3, medium 0-30, large 0-100 and thousands in the rules' big lists.
size_t ListTotal(const GeneratorContext& context, std::string_view operation, uint64_t list_hash);

// The item keys of a list of `total` base items at `changes.generation`: items removed, added
// and modified between generations (a modified item keeps its position but gets a new key).
// The first `stable_prefix` items (default and pinned resources) never change.
std::vector<PlannedItem> PlanItems(size_t total, const ChangeSpec& changes, uint64_t list_hash,
                                   size_t stable_prefix);

// The base time of synthetic timestamps (2023-01-01T00:00:00Z) and their spread.
inline constexpr int64_t kSimEpoch = 1672531200;

}  // namespace awscrape::sim
