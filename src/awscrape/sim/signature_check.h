// Server-side SigV4 verification: recomputes the signature of a received request with the
// simulator's known secret from the building blocks of aws/auth/sigv4.h and compares it with the
// one the client sent, as AWS front ends do. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/sim/request_route.h"

namespace awscrape::sim {

enum class SignatureVerdict { kOk, kUnknownAccessKey, kMismatch };

struct SignatureCheck {
  SignatureVerdict verdict = SignatureVerdict::kMismatch;
  std::string canonical_request;  // what the server signed, for AWS's mismatch message
  std::string string_to_sign;
};

// `s3_rules`: S3's signing rules (the path is signed as sent, without double encoding or
// normalisation).
SignatureCheck VerifySignature(const aws::HttpRequest& request, const Authorization& auth,
                               std::string_view access_key_id, std::string_view secret_access_key,
                               bool s3_rules);

}  // namespace awscrape::sim
