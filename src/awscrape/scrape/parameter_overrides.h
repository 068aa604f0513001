// ParameterOverrides: the parameters the planner adds to calls (data/parameter_overrides.json).
//
// Two kinds: fillers give a value to a required member the model rule allows (MaxResults, as
// aws-list-all does), and overrides set parameters of one operation — mostly to restrict a
// listing to what the account owns (ec2 DescribeImages Owners=[self]). Values are JSON kept as
// documents; {"$enum_except": [...]} is resolved against the operation's model by the planner.
// Immutable after parsing; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/operation_pattern.h"

namespace awscrape::scrape {

struct RequiredFiller {
  std::string member;  // "MaxResults"
  std::shared_ptr<const JsonDocument> value;
  bool use_model_max = false;  // prefer the member shape's modelled max
  std::string reason;
};

struct ParameterOverride {
  OperationPattern operation;                  // always exact: "ec2:DescribeImages"
  std::shared_ptr<const JsonDocument> params;  // an object
  std::string reason;
};

class ParameterOverrides {
 public:
  ParameterOverrides() = default;
  static Result<ParameterOverrides> Parse(std::string_view file, std::string_view text);

  const ParameterOverride* Find(std::string_view service, std::string_view operation) const;
  const RequiredFiller* FindFiller(std::string_view member) const;
  const std::vector<ParameterOverride>& overrides() const { return overrides_; }
  const std::vector<RequiredFiller>& fillers() const { return fillers_; }

 private:
  std::vector<RequiredFiller> fillers_;
  std::vector<ParameterOverride> overrides_;
};

}  // namespace awscrape::scrape
