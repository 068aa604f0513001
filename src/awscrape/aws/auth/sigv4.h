// AWS Signature Version 4: header signing and query-string (presigned) signing.
//
// Pure functions of the request, the credentials, the scope and the signing time (an input, so
// tests and the conformance runner are deterministic). Thread-safe.
//
// Header signing adds X-Amz-Date, X-Amz-Security-Token (with a session token),
// X-Amz-Content-Sha256 (when the options ask for it, as S3 does) and Authorization.
//
// Behaviour follows botocore's SigV4Auth / S3SigV4Auth / SigV4QueryAuth and the AWS SigV4 test
// suite:
// - Signing is repeatable: a previous Authorization, X-Amz-Date, X-Amz-Security-Token and
//   X-Amz-Content-SHA256 (when the signer sets it) are replaced, so a retry re-signs cleanly.
// - Host: when the request has no Host header, `host` is signed from request.host (lowercased,
//   the scheme's default port dropped, as botocore does) but NOT added to the headers: the
//   transport derives the Host header from the same URL. A Host header present is signed as is.
// - Canonical headers: every header but `unsigned_headers`; names lowercased; values trimmed
//   with runs of whitespace (spaces, tabs, folded line breaks) collapsed to one space; repeated
//   names joined with ',' in order.
// - Canonical query: each parameter is percent-decoded and re-encoded strictly (RFC 3986
//   unreserved kept; '+' is a literal plus), then sorted by encoded name, then encoded value.
// - Payload hash: an X-Amz-Content-SHA256 header already on the request is trusted (botocore
//   does the same); otherwise UNSIGNED-PAYLOAD or the hex SHA-256 of the body. With header
//   signing, an unsigned payload always travels in X-Amz-Content-SHA256 (the server must know).
// - Presigning signs the headers present (plus host), keeps the query string as given and
//   appends the X-Amz-* parameters. Unlike botocore it never moves a form body into the query.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

struct SigningOptions {
  std::string region;   // signing region, e.g. "us-east-1"
  std::string service;  // signing name, e.g. "ec2", "s3", "execute-api"
  Timestamp time;       // the signing time
  // S3 rules: the path is used as sent (no double encoding, no dot-segment normalisation) and
  // the payload hash travels in X-Amz-Content-Sha256.
  bool double_uri_encode = true;
  bool normalize_path = true;
  bool add_content_sha256_header = false;
  bool unsigned_payload = false;  // hash "UNSIGNED-PAYLOAD" instead of the body's SHA-256
  // Add X-Amz-Security-Token after signing instead of signing it (the test suite's
  // "post-sts-header-after"; a few services want this). botocore always signs it.
  bool omit_session_token = false;
  // Headers never signed even when present (botocore skips these).
  std::vector<std::string> unsigned_headers = {"user-agent", "expect", "x-amzn-trace-id"};
};

// botocore's S3SigV4Auth / S3SigV4QueryAuth rules on top of `options`: no double encoding, no
// path normalisation, X-Amz-Content-SHA256 sent. (S3 presigning also wants unsigned_payload.)
void ApplyS3Rules(SigningOptions& options);

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

// Building blocks, exposed for tests and for servers that verify signatures.
// The canonical URI of an encoded request path under `options`' encoding/normalisation rules.
std::string CanonicalUri(std::string_view path, const SigningOptions& options);
// RFC 3986 §5.2.4 dot-segment removal that also collapses repeated slashes (botocore's).
std::string RemoveDotSegments(std::string_view path);
// The canonical query string of an encoded query (without '?').
std::string CanonicalQueryString(std::string_view query);
// Trimmed, with whitespace runs collapsed to one space.
std::string CanonicalHeaderValue(std::string_view value);
// The value signed for `host` when the request has no Host header.
std::string SigningHost(const HttpRequest& request);
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service);

}  // namespace awscrape::aws
