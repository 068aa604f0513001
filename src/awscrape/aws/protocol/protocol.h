// The wire protocols: request serialisation and response/error parsing for the five protocols
// botocore models use (ec2, query, json 1.0/1.1, rest-json, rest-xml), driven by a ServiceModel.
//
// Inputs are the parameters as boto3 keyword arguments in JSON (timestamps as epoch seconds or
// ISO-8601 strings, blobs as raw byte strings). Parsed output is botocore's parsed form written as
// JSON (SPEC §1): timestamps as Python isoformat() text, blobs base64, and ResponseMetadata. Both
// directions are pure functions of their inputs and thread-safe.
#pragma once

#include <functional>
#include <string>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/service_model.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct SerializeOptions {
  // The endpoint's host ("ec2.us-east-1.amazonaws.com" or "127.0.0.1:4566"); the operation's
  // host prefix, with its labels filled, is prepended to it.
  std::string host = "localhost";
  std::string scheme = "https";
  // The endpoint URL's own path ("/prefix" for https://host/prefix), prepended to request paths.
  std::string base_path;
  // Makes the value of an idempotency-token member the caller left out; empty means a random
  // UUID v4, as botocore does. Tests inject a fixed token here.
  std::function<std::string()> new_idempotency_token;
  // S3: the endpoint already carries the bucket (virtual host or path style), so a "/{Bucket}"
  // label at the start of the request URI template is dropped, as botocore drops it from S3
  // models.
  bool omit_uri_labels_in_endpoint = false;
  // botocore's Config(inject_host_prefix): false leaves the operation's host prefix off (its
  // labels are still checked), for custom endpoints that serve every operation on one host.
  bool inject_host_prefix = true;
};

// Builds the HTTP request for `operation` with `params` (a JSON object; null means no input).
// Missing required members, members the input shape does not have, and values of the wrong type
// are InvalidArgument errors naming the member.
Result<HttpRequest> SerializeRequest(const model::ServiceModel& service,
                                     const model::Operation& operation, const JsonValue& params,
                                     const SerializeOptions& options);

enum class TimestampOutput {
  kIsoformat,     // botocore's datetime written with isoformat(): the product's form
  kEpochSeconds,  // numbers: the protocol test vectors' form
  kRaw,           // the text exactly as received: the response_parsing fixtures' form
};
enum class BlobOutput {
  kBase64,  // the product's form
  kRaw,     // decoded bytes as a string: the test vectors' form
};

struct ParseOptions {
  TimestampOutput timestamps = TimestampOutput::kIsoformat;
  BlobOutput blobs = BlobOutput::kBase64;
  bool include_response_metadata = true;
  int retry_attempts = 0;  // ResponseMetadata.RetryAttempts
};

// Parses a successful (2xx) response into botocore's parsed form.
Result<JsonDocument> ParseResponse(const model::ServiceModel& service,
                                   const model::Operation& operation, const HttpResponse& response,
                                   const ParseOptions& options);

// An error response, parsed.
struct AwsError {
  int http_status = 0;
  std::string code;  // AWS error code, e.g. "UnauthorizedOperation"; may be empty
  std::string message;
  std::string request_id;
  // botocore's parsed error: {"Error": {"Code","Message",...}, modelled members...,
  // "ResponseMetadata": {...}}.
  JsonDocument parsed;
};

// Parses an error response (status >= 300, or a 200 that carries an error, as S3 can). Never
// fails: an unparseable body (or a 5xx with an empty or HTML body) yields botocore's generic
// error, whose code is the HTTP status as digits ("503") and whose message is its reason phrase
// ("Service Unavailable").
AwsError ParseErrorResponse(const model::ServiceModel& service, const model::Operation& operation,
                            const HttpResponse& response, const ParseOptions& options);

}  // namespace awscrape::aws
