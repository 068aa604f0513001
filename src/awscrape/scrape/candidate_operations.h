// The candidate-operation rule (SPEC §2, aws-list-all's rule), applied to one service model.
//
// An operation is a candidate when its name starts with List, Describe or Get; every required
// input member is supplied — by its parameter override, or by a filler (a required MaxResults
// gets a value, as aws-list-all does); the model does not mark it deprecated; and no skip rule
// matches it. Operations with other verbs are not reported at all; the others get a verdict
// with the reason they were left out. Pure function of the model and the data files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/service_model.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/scrape_data.h"

namespace awscrape::scrape {

// Why an operation is not a candidate, besides the skip list's categories.
inline constexpr std::string_view kSkipRequiredInput = "required_input";
inline constexpr std::string_view kSkipDeprecated = "deprecated";

struct OperationVerdict {
  std::string operation;
  bool candidate = false;
  std::string category;      // empty for a candidate
  std::string reason;        // why it was left out; empty for a candidate
  std::string params_json;   // the call's input (overrides and fillers), "{}" when none
  bool by_override = false;  // a candidate only because an override fills required members
};

struct ServiceVerdicts {
  std::vector<OperationVerdict> operations;  // model order, List/Describe/Get only
  std::vector<std::string> warnings;         // data entries that do not fit the model
};

// The verb filter alone: List*, Describe*, Get*.
bool HasListingVerb(std::string_view operation);

ServiceVerdicts ClassifyOperations(std::string_view service, const aws::model::ServiceModel& model,
                                   const ScrapeData& data);

}  // namespace awscrape::scrape
