// Error classification for retries: botocore 1.29.27's standard retry mode, without botocore's
// event plumbing (botocore/retries/standard.py, special.py).
//
// The protocol layer turns a response into an AttemptOutcome (it alone knows where the AWS error
// code lives in each wire protocol); this file decides whether the attempt failed by throttling,
// failed transiently, or failed for good. Pure functions: thread-safe, no I/O.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/core/status.h"

namespace awscrape::aws {

// The `retryable` trait of the operation's modeled error shape whose code matched, if any
// (botocore ModeledRetryErrorDetector).
enum class ModeledRetry { kNone, kTransient, kThrottling };

// What one attempt of an AWS call came back with.
struct AttemptOutcome {
  // HTTP status of the response; 0 when no response arrived.
  int http_status = 0;
  // The AWS error code the protocol layer extracted ("ThrottlingException"); empty when none.
  std::string error_code;
  // kOk when a response arrived; otherwise the transport's error (kTimeout, kUnavailable, ...).
  StatusCode transport_error = StatusCode::kOk;
  ModeledRetry modeled = ModeledRetry::kNone;
  // botocore service name ("sts", "dynamodb"): special.py retries sts IDPCommunicationError.
  std::string service_name;
  // The response failed its integrity check (DynamoDB's x-amz-crc32; see Crc32Mismatch).
  bool checksum_mismatch = false;
};

enum class ErrorKind {
  kNone,        // the attempt succeeded (2xx, no error code, no transport error)
  kThrottling,  // retryable; also slows the client-side rate limiter down
  kTransient,   // retryable
  kFinal,       // not retryable
};

std::string_view ErrorKindName(ErrorKind kind);

ErrorKind ClassifyError(const AttemptOutcome& outcome);

// The attempt ended in a timeout: botocore charges such retries 10 quota tokens instead of 5.
bool IsTimeout(const AttemptOutcome& outcome);

// botocore's fixed lists, verbatim (ThrottledRetryableChecker, TransientRetryableChecker).
std::span<const std::string_view> ThrottlingErrorCodes();
std::span<const std::string_view> TransientErrorCodes();
std::span<const int> TransientHttpStatuses();

// True when the response carries an x-amz-crc32 header that does not match its body
// (special.py RetryDDBChecksumError; DynamoDB sends it).
bool Crc32Mismatch(const HttpResponse& response);

}  // namespace awscrape::aws
