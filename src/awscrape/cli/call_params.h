// Turns `--param Name=Value` arguments into an operation's input, typed by the model.
//
// A value is taken as JSON when it parses as JSON of the member's type (MaxResults=5,
// Owners=["self"], Filters=[{"Name":"x","Values":["y"]}]); otherwise as text, which suits string,
// timestamp and blob members. A list member given plain text gets a comma-split list. Unknown
// members and values of the wrong type are InvalidArgument errors naming the member.
#pragma once

#include <string>
#include <vector>

#include "awscrape/aws/model/operation.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::cli {

// `input_json` (from --input) is the starting object, may be empty; `params` override it.
Result<JsonDocument> BuildCallInput(const aws::model::Operation& operation,
                                    const std::string& input_json,
                                    const std::vector<std::string>& params);

}  // namespace awscrape::cli
