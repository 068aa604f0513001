// The HTTP bindings both REST protocols share (internal to aws/protocol), as botocore's
// BaseRestParser: members bound to a header, to a header prefix map and to the status code, and
// the body — either the shape's payload member (raw string or blob, event stream, or a parsed
// structure) or the whole shape parsed from the body (XML for rest-xml, JSON for rest-json).
#pragma once

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/shape.h"
#include "awscrape/aws/protocol/parser_util.h"

namespace awscrape::aws::parsing {

// RequestId from x-amzn-requestid, else x-amz-request-id with HostId from x-amz-id-2 (S3).
void AddRestRequestMetadata(const HttpHeaders& headers, ParseContext& ctx, JsonValue& metadata);

// Header, headers-prefix and statusCode members of `shape` into `out` (an object).
Status ParseRestNonPayload(const model::Shape& shape, const HttpResponse& response,
                           ParseContext& ctx, JsonValue& out);

// The body into `out` (an object): the payload member, or every body member of `shape`.
Status ParseRestPayload(const model::Shape& shape, const HttpResponse& response, ParseContext& ctx,
                        JsonValue& out);

}  // namespace awscrape::aws::parsing
