// The errors the simulated account answers with, per protocol, as AWS sends them: the HTTP
// status and error code each protocol family uses for a bad signature, an unknown key, a denied
// call, throttling, a disabled opt-in region, a server fault or an invalid parameter. Where the
// service's model declares a more specific error (TooManyRequestsException,
// InvalidNextTokenException, ...), that one is used. Pure functions; thread-safe.
//
// Opt-in regions that are not enabled: AWS answers as if the credentials did not exist in that
// region — ec2 `AuthFailure` (401), query `InvalidClientTokenId` (403), json
// `UnrecognizedClientException` (400), rest-json `UnrecognizedClientException` (403), S3
// `InvalidAccessKeyId` (403) — because IAM does not replicate the account's keys to a region the
// account has not opted into.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/sim/wire_writer.h"

namespace awscrape::sim {

enum class SimError {
  kMissingAuthentication,
  kIncompleteSignature,
  kUnknownAccessKey,
  kSignatureMismatch,
  kRegionNotEnabled,
  kAccessDenied,
  kThrottled,
  kInternalError,
  kServiceUnavailable,
  kMissingParameter,
  kInvalidPaginationToken,
  kUnknownOperation,
};

// `detail` completes the message (the operation, the parameter, the region).
ErrorReply MakeError(SimError error, std::string_view protocol,
                     const aws::model::ServiceEntry* service, std::string_view detail);

}  // namespace awscrape::sim
