#include "awscrape/aws/retry/error_classifier.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace awscrape::aws {
namespace {

// botocore/retries/standard.py ThrottledRetryableChecker._THROTTLED_ERROR_CODES.
constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

// TransientRetryableChecker._TRANSIENT_ERROR_CODES and _TRANSIENT_STATUS_CODES.
constexpr std::array<std::string_view, 3> kTransientCodes = {
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
};
constexpr std::array<int, 4> kTransientStatuses = {500, 502, 503, 504};

bool Contains(std::span<const std::string_view> list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

// The transport failures botocore retries: its ConnectionError and HTTPClientError families
// (connect and read timeouts, refused or reset connections, DNS, TLS handshakes, proxies).
bool IsRetryableTransportError(StatusCode code) {
  return code == StatusCode::kTimeout || code == StatusCode::kUnavailable ||
         code == StatusCode::kIoError;
}

}  // namespace

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNone:
      return "none";
    case ErrorKind::kThrottling:
      return "throttling";
    case ErrorKind::kTransient:
      return "transient";
    case ErrorKind::kFinal:
      return "final";
  }
  return "unknown";
}

ErrorKind ClassifyError(const AttemptOutcome& outcome) {
  const bool transport_ok = outcome.transport_error == StatusCode::kOk;
  if (transport_ok && outcome.error_code.empty() && !outcome.checksum_mismatch &&
      outcome.http_status >= 200 && outcome.http_status < 300) {
    return ErrorKind::kNone;
  }
  // Throttling first: PriorRequestNotComplete is on both lists, and the rate limiter must see
  // it as throttling (ThrottlingErrorDetector checks the fixed list, then the model).
  if (Contains(kThrottlingCodes, outcome.error_code) ||
      outcome.modeled == ModeledRetry::kThrottling) {
    return ErrorKind::kThrottling;
  }
  const bool transient =
      Contains(kTransientCodes, outcome.error_code) ||
      std::find(kTransientStatuses.begin(), kTransientStatuses.end(), outcome.http_status) !=
          kTransientStatuses.end() ||
      (!transport_ok && IsRetryableTransportError(outcome.transport_error)) ||
      outcome.modeled == ModeledRetry::kTransient ||
      (outcome.service_name == "sts" && outcome.error_code == "IDPCommunicationError") ||
      outcome.checksum_mismatch;
  return transient ? ErrorKind::kTransient : ErrorKind::kFinal;
}

bool IsTimeout(const AttemptOutcome& outcome) {
  return outcome.transport_error == StatusCode::kTimeout;
}

std::span<const std::string_view> ThrottlingErrorCodes() { return kThrottlingCodes; }
std::span<const std::string_view> TransientErrorCodes() { return kTransientCodes; }
std::span<const int> TransientHttpStatuses() { return kTransientStatuses; }

bool Crc32Mismatch(const HttpResponse& response) {
  const std::string* header = FindHeader(response.headers, "x-amz-crc32");
  if (header == nullptr) return false;
  unsigned long expected = 0;  // NOLINT(runtime/int): zlib's type
  const char* end = header->data() + header->size();
  auto [ptr, ec] = std::from_chars(header->data(), end, expected);
  // botocore compares against int(header); a header it could not parse would raise, which
  // botocore's retry handler does not retry. Treat an unparsable header as "no checksum".
  if (ec != std::errc() || ptr != end) return false;
  unsigned long actual = crc32(0L, Z_NULL, 0);  // NOLINT(runtime/int)
  // zlib takes uInt lengths: feed large bodies in chunks.
  const auto* data = reinterpret_cast<const Bytef*>(response.body.data());
  size_t left = response.body.size();
  while (left > 0) {
    const uInt chunk = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
    actual = crc32(actual, data, chunk);
    data += chunk;
    left -= chunk;
  }
  return (actual & 0xFFFFFFFFul) != expected;
}

}  // namespace awscrape::aws
