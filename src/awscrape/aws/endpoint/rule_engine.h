// The rule engine: evaluates a parsed EndpointRuleSet for one set of parameter values.
//
// Semantics are botocore 1.29.27's endpoint_provider.py: parameters get their defaults and are
// type-checked; top-level rules are tried in order; a rule matches when none of its conditions
// yields False or None; a tree's sub-rules each see their own copy of the variables assigned
// so far, and a tree none of whose sub-rules matches falls through to the next rule. An error
// rule, a type error in a function, or no matching rule is an InvalidArgument Status whose
// message is botocore's (an error rule's message verbatim). Stateless and thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/aws/endpoint/value.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

// What an endpoint rule produced, before any SDK post-processing.
struct RuleSetEndpoint {
  std::string url;
  EndpointValue properties;  // an object; "authSchemes" among others
  std::vector<std::pair<std::string, std::vector<std::string>>> headers;
};

// `params` holds the values the caller sets, in the rule set's parameter order; unset
// parameters are simply absent (or None).
Result<RuleSetEndpoint> EvaluateRuleSet(const EndpointRuleSet& rule_set,
                                        const Partitions& partitions,
                                        const EndpointValue::Object& params);

}  // namespace awscrape::aws::endpoint
