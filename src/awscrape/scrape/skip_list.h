// SkipList: the operations the planner never calls although the model rule selects them
// (data/skip_operations.json), each with a category and a reason.
//
// Built once from the data file and immutable afterwards; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/result.h"
#include "awscrape/scrape/operation_pattern.h"

namespace awscrape::scrape {

struct SkipRule {
  OperationPattern match;
  std::string category;  // service, catalogue, not_resource, needs_parameter, unavailable, paid
  std::string reason;
};

class SkipList {
 public:
  SkipList() = default;
  // `file` names the source in errors ("skip_operations.json").
  static Result<SkipList> Parse(std::string_view file, std::string_view text);

  // The most specific rule matching the call, or nullptr.
  const SkipRule* Find(std::string_view service, std::string_view operation) const;
  const std::vector<SkipRule>& rules() const { return rules_; }

 private:
  std::vector<SkipRule> rules_;
};

// The categories a skip rule may have.
bool IsSkipCategory(std::string_view category);

}  // namespace awscrape::scrape
