// AWS Signature Version 4: header signing and query-string (presigned) signing.
//
// Pure functions of the request, the credentials, the scope and the signing time (an input, so
// tests and the conformance runner are deterministic). Thread-safe.
//
// Header signing adds X-Amz-Date, X-Amz-Security-Token (with a session token),
// X-Amz-Content-Sha256 (when the options ask for it, as S3 does) and Authorization.
#pragma once

#include <string>
#include <vector>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

struct SigningOptions {
  std::string region;        // signing region, e.g. "us-east-1"
  std::string service;       // signing name, e.g. "ec2", "s3", "execute-api"
  Timestamp time;            // the signing time
  // S3 rules: the path is used as sent (no double encoding, no dot-segment normalisation) and
  // the payload hash travels in X-Amz-Content-Sha256.
  bool double_uri_encode = true;
  bool normalize_path = true;
  bool add_content_sha256_header = false;
  bool unsigned_payload = false;  // hash "UNSIGNED-PAYLOAD" instead of the body's SHA-256
  // Headers never signed even when present (botocore skips these).
  std::vector<std::string> unsigned_headers = {"user-agent", "expect", "x-amzn-trace-id"};
};

// The intermediate steps, exposed so the conformance runner can check each.
struct SigningSteps {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::string authorization;  // the Authorization header value (header signing only)
  std::string signed_headers;
};

// Signs `request` in place with headers. Returns the steps taken.
SigningSteps SignRequest(HttpRequest& request, const Credentials& credentials,
                         const SigningOptions& options);

// Presigns `request` in place: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Security-Token and X-Amz-Signature go into the query string.
SigningSteps PresignRequest(HttpRequest& request, const Credentials& credentials,
                            const SigningOptions& options, int expires_seconds);

}  // namespace awscrape::aws
