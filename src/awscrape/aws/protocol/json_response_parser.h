// JSON bodies (json 1.0/1.1 and rest-json) parsed into botocore's form, straight from a RapidJSON
// DOM (internal to aws/protocol).
//
// Like botocore's BaseJSONParser, scalars pass through as received (the json protocol keeps a
// "NaN" string as a string) except timestamps and blobs, which take the requested output form;
// rest-json also converts integers and booleans as RestJSONParser does. A value of the wrong
// JSON kind for a structure, list or map is a ParseError; JSON nulls are skipped in structures
// and kept in lists and maps.
#pragma once

#include <string_view>

#include "awscrape/aws/model/shape.h"
#include "awscrape/aws/protocol/parser_util.h"

namespace awscrape::aws::parsing {

// Parses a body: empty means {}, as botocore's _parse_body_as_json does.
Status LoadJsonBody(std::string_view body, JsonDocument& doc);

Status ParseJsonValue(const model::Shape& shape, const model::Traits& traits, const JsonValue& in,
                      ParseContext& ctx, JsonValue& out);

}  // namespace awscrape::aws::parsing
