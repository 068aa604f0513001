// Error classification for retries, checked row by row against botocore's standard mode.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "awscrape/aws/retry/error_classifier.h"

namespace awscrape::aws {
namespace {

struct Row {
  const char* name;
  AttemptOutcome outcome;
  ErrorKind expected;
};

AttemptOutcome Http(int status, std::string code = "") {
  AttemptOutcome o;
  o.http_status = status;
  o.error_code = std::move(code);
  return o;
}

AttemptOutcome Transport(StatusCode code) {
  AttemptOutcome o;
  o.transport_error = code;
  return o;
}

AttemptOutcome Modeled(int status, std::string code, ModeledRetry modeled) {
  AttemptOutcome o = Http(status, std::move(code));
  o.modeled = modeled;
  return o;
}

AttemptOutcome Service(std::string service, int status, std::string code) {
  AttemptOutcome o = Http(status, std::move(code));
  o.service_name = std::move(service);
  return o;
}

AttemptOutcome ChecksumMismatch() {
  AttemptOutcome o = Http(200);
  o.checksum_mismatch = true;
  return o;
}

TEST(RetryClassifierTest, Table) {
  const std::vector<Row> rows = {
      {"plain 200", Http(200), ErrorKind::kNone},
      {"204", Http(204), ErrorKind::kNone},
      {"error code inside a 200 (S3 CopyObject)", Http(200, "InternalError"), ErrorKind::kFinal},
      {"Throttling", Http(400, "Throttling"), ErrorKind::kThrottling},
      {"ThrottlingException", Http(400, "ThrottlingException"), ErrorKind::kThrottling},
      {"RequestLimitExceeded (EC2)", Http(503, "RequestLimitExceeded"), ErrorKind::kThrottling},
      {"SlowDown (S3) on 503", Http(503, "SlowDown"), ErrorKind::kThrottling},
      {"TooManyRequestsException", Http(429, "TooManyRequestsException"), ErrorKind::kThrottling},
      {"PriorRequestNotComplete is on both lists", Http(400, "PriorRequestNotComplete"),
       ErrorKind::kThrottling},
      {"EC2ThrottledException", Http(400, "EC2ThrottledException"), ErrorKind::kThrottling},
      {"LimitExceededException", Http(400, "LimitExceededException"), ErrorKind::kThrottling},
      {"RequestTimeout", Http(400, "RequestTimeout"), ErrorKind::kTransient},
      {"RequestTimeoutException", Http(408, "RequestTimeoutException"), ErrorKind::kTransient},
      {"500 without a code", Http(500), ErrorKind::kTransient},
      {"502", Http(502), ErrorKind::kTransient},
      {"503 with a code", Http(503, "ServiceUnavailable"), ErrorKind::kTransient},
      {"504", Http(504), ErrorKind::kTransient},
      {"501 is not transient", Http(501), ErrorKind::kFinal},
      {"429 without a throttling code (botocore does not retry it)", Http(429), ErrorKind::kFinal},
      {"AccessDenied", Http(403, "AccessDenied"), ErrorKind::kFinal},
      {"UnauthorizedOperation", Http(403, "UnauthorizedOperation"), ErrorKind::kFinal},
      {"codes are case-sensitive", Http(400, "throttling"), ErrorKind::kFinal},
      {"404 without code", Http(404), ErrorKind::kFinal},
      {"timeout", Transport(StatusCode::kTimeout), ErrorKind::kTransient},
      {"refused / DNS / TLS", Transport(StatusCode::kUnavailable), ErrorKind::kTransient},
      {"reset mid-body", Transport(StatusCode::kIoError), ErrorKind::kTransient},
      {"cancelled at shutdown", Transport(StatusCode::kCancelled), ErrorKind::kFinal},
      {"malformed request", Transport(StatusCode::kInvalidArgument), ErrorKind::kFinal},
      {"oversize body", Transport(StatusCode::kParseError), ErrorKind::kFinal},
      {"modeled transient", Modeled(400, "SomeModeledError", ModeledRetry::kTransient),
       ErrorKind::kTransient},
      {"modeled throttling", Modeled(400, "SomeModeledError", ModeledRetry::kThrottling),
       ErrorKind::kThrottling},
      {"sts IDPCommunicationError", Service("sts", 400, "IDPCommunicationError"),
       ErrorKind::kTransient},
      {"IDPCommunicationError elsewhere", Service("iam", 400, "IDPCommunicationError"),
       ErrorKind::kFinal},
      {"DynamoDB CRC32 mismatch", ChecksumMismatch(), ErrorKind::kTransient},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ClassifyError(row.outcome), row.expected)
        << row.name << ": got " << ErrorKindName(ClassifyError(row.outcome));
  }
}

TEST(RetryClassifierTest, TimeoutIsSeparateForQuotaCost) {
  EXPECT_TRUE(IsTimeout(Transport(StatusCode::kTimeout)));
  EXPECT_FALSE(IsTimeout(Transport(StatusCode::kUnavailable)));
  EXPECT_FALSE(IsTimeout(Http(400, "RequestTimeout")));
}

// Reads a Python list literal `NAME = [ ... ]` from botocore's source.
std::vector<std::string> PythonList(const std::string& source, const std::string& name) {
  std::vector<std::string> items;
  const size_t start = source.find(name + " = [");
  if (start == std::string::npos) return items;
  const size_t end = source.find(']', start);
  const std::string body = source.substr(start, end - start);
  std::regex item(R"(['"]?([A-Za-z0-9]+)['"]?,)");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), item); it != std::sregex_iterator();
       ++it) {
    items.push_back((*it)[1]);
  }
  return items;
}

// The lists must be botocore's, entry for entry (Debian's botocore 1.29.27 is the oracle).
TEST(RetryClassifierTest, ListsMatchBotocore) {
  std::ifstream in("/usr/lib/python3/dist-packages/botocore/retries/standard.py");
  if (!in) GTEST_SKIP() << "botocore is not installed";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string source = buffer.str();

  auto as_strings = [](auto span) {
    std::vector<std::string> out;
    for (const auto& item : span) out.emplace_back(item);
    return out;
  };
  EXPECT_EQ(as_strings(ThrottlingErrorCodes()), PythonList(source, "_THROTTLED_ERROR_CODES"));
  EXPECT_EQ(as_strings(TransientErrorCodes()), PythonList(source, "_TRANSIENT_ERROR_CODES"));
  std::vector<std::string> statuses;
  for (int s : TransientHttpStatuses()) statuses.push_back(std::to_string(s));
  std::vector<std::string> botocore_statuses;
  std::smatch m;
  std::regex status_list(R"(_TRANSIENT_STATUS_CODES = \[([0-9, ]+)\])");
  ASSERT_TRUE(std::regex_search(source, m, status_list));
  std::regex number("[0-9]+");
  const std::string numbers = m[1];
  for (auto it = std::sregex_iterator(numbers.begin(), numbers.end(), number);
       it != std::sregex_iterator(); ++it) {
    botocore_statuses.push_back(it->str());
  }
  EXPECT_EQ(statuses, botocore_statuses);
  EXPECT_EQ(ThrottlingErrorCodes().size(), 14u);
}

TEST(RetryClassifierTest, Crc32Mismatch) {
  HttpResponse response;
  response.status = 200;
  response.body = "{}";
  EXPECT_FALSE(Crc32Mismatch(response)) << "no header, nothing to check";
  // zlib.crc32(b"{}") == 2745614147
  response.headers.push_back({"x-amz-crc32", "2745614147"});
  EXPECT_FALSE(Crc32Mismatch(response));
  response.body = "{} ";
  EXPECT_TRUE(Crc32Mismatch(response));
  response.headers[0].value = "not-a-number";
  EXPECT_FALSE(Crc32Mismatch(response));
}

}  // namespace
}  // namespace awscrape::aws
