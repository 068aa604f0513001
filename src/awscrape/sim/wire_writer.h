// Wire writers: a response in the service's own protocol, from an operation's output value (the
// generator's neutral form, see value_generator.h) or from an error.
//
//   query     <OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId>
//   ec2       <OpResponse xmlns><requestId>...</OpResponse>
//   rest-xml  headers and status bindings, the payload member or a root element, S3's
//             x-amz-request-id / x-amz-id-2
//   json      application/x-amz-json-1.x body, x-amzn-RequestId
//   rest-json headers and status bindings, a JSON body or the payload
// Each protocol's timestamp format (ISO 8601 in XML, epoch seconds in JSON, HTTP dates in
// headers, or the member's timestampFormat), flattened and wrapped lists and maps, XML
// namespaces, attributes and locationNames. Errors in each protocol's format: query
// <ErrorResponse>, ec2 <Response><Errors>, json __type, rest-json x-amzn-ErrorType, rest-xml
// <Error> (S3) or <ErrorResponse>. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/json.h"

namespace awscrape::sim {

// `output` may be null (no output shape, or nothing to say).
aws::HttpResponse WriteSuccessResponse(const aws::model::ServiceEntry& service,
                                       const aws::model::Operation& operation,
                                       const JsonValue* output, std::string_view request_id);

struct ErrorReply {
  int status = 400;
  std::string code;
  std::string message;
  bool sender_fault = true;  // query's <Type>Sender</Type> vs Receiver
};

// `service` may be null when the request named none (the protocol is then a guess).
aws::HttpResponse WriteErrorResponse(std::string_view protocol,
                                     const aws::model::ServiceEntry* service,
                                     const ErrorReply& error, std::string_view request_id);

// The namespace of query/ec2/rest-xml responses: the model's xmlNamespace, else AWS's pattern.
std::string ResponseNamespace(const aws::model::ServiceEntry& service);

}  // namespace awscrape::sim
