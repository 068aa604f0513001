// AWS event streams (application/vnd.amazon.eventstream) decoded and parsed into botocore's form
// (internal to aws/protocol): a list of {"<EventType>": {members}} in arrival order, as iterating
// botocore's EventStream yields them.
//
// Each binary message is checked (lengths, prelude and message CRC32) before use; "error" and
// "exception" messages become a ParseError carrying their code and message. Event payloads are
// parsed as XML or JSON according to the protocol in the context.
#pragma once

#include <string_view>

#include "awscrape/aws/model/shape.h"
#include "awscrape/aws/protocol/parser_util.h"

namespace awscrape::aws::parsing {

Status ParseEventStream(const model::Shape& stream_shape, std::string_view bytes, ParseContext& ctx,
                        JsonValue& out);

}  // namespace awscrape::aws::parsing
