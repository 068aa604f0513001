// DefaultResourceRules: which items of a response are default resources — created by AWS in
// every account or region (the default VPC, security groups named "default", AWS-managed
// policies, alias/aws/* KMS aliases, default.* parameter groups) — from
// data/default_resources.json. The scraper flags them; it never drops them.
//
// A rule names service:operation, the response's list member holding the items ("Vpcs"), and
// a test on a path inside each item: equals (any JSON value), prefix or regex (strings), with
// optional ignore_case. A path is dot-separated member names; "Name[]" means any element of
// the list Name ("Associations[].Main" holds when any association is main).
// Immutable after parsing; safe to share between threads.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/operation_pattern.h"

namespace awscrape::scrape {

struct DefaultResourceRule {
  std::string id;
  OperationPattern operation;
  std::string items;              // the response member holding the list of items
  std::vector<std::string> path;  // segments; a trailing "[]" marks a list
  enum class Test { kEquals, kPrefix, kRegex } test = Test::kEquals;
  std::shared_ptr<const JsonDocument> equals;
  std::string text;  // prefix or regex source
  bool ignore_case = false;
  std::shared_ptr<const std::regex> regex;
  std::string reason;

  // Whether one item (an element of response[items]) is a default resource by this rule.
  bool Matches(const JsonValue& item) const;
};

// One flagged item of a response.
struct DefaultResourceFlag {
  std::string items;  // "Vpcs"
  size_t index = 0;   // position in response[items]
  const DefaultResourceRule* rule = nullptr;
};

class DefaultResourceRules {
 public:
  DefaultResourceRules() = default;
  static Result<DefaultResourceRules> Parse(std::string_view file, std::string_view text);

  std::vector<const DefaultResourceRule*> RulesFor(std::string_view service,
                                                   std::string_view operation) const;
  // Every default item of a parsed response (one flag per item: the first matching rule).
  std::vector<DefaultResourceFlag> Flag(std::string_view service, std::string_view operation,
                                        const JsonValue& response) const;
  const std::vector<DefaultResourceRule>& rules() const { return rules_; }

 private:
  std::vector<DefaultResourceRule> rules_;
};

}  // namespace awscrape::scrape
