// Helpers around AwsError (declared in protocol.h): botocore's conventions for error codes and
// generic errors, shared by the error parser and the layers that classify failed calls.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/protocol/protocol.h"

namespace awscrape::aws {

// The reason phrase Python's http.client.responses gives a status ("Service Unavailable"), or ""
// for an unknown status: botocore's generic error uses it as the message.
std::string_view HttpStatusReason(int status);

// botocore's clean-up of a JSON error code: the part before the first ':' (a URI suffix), then
// after the last '#' (a namespace): "aws.protocoltests#FooError:http://..." -> "FooError".
std::string_view CleanErrorCode(std::string_view code);

// "AccessDenied (HTTP 403, request id abc): message" for logs and outcome records.
std::string DescribeAwsError(const AwsError& error);

}  // namespace awscrape::aws
