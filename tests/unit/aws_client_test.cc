// AwsClient end to end over a FakeTransport: endpoints, signing, retries, errors, outcomes.
#include "awscrape/aws/client/aws_client.h"

#include <gtest/gtest.h>

#include <atomic>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/http/fake_transport.h"

namespace awscrape::aws {
namespace {

const model::ModelCatalogue& Catalogue() {
  static auto catalogue = model::ModelCatalogue::Open(AWSCRAPE_DEFAULT_MODELS_DIR);
  return **catalogue;
}

Credentials TestCredentials() {
  return {"AKIDEXAMPLE",
          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          "session-token-secret",
          {},
          "test"};
}

class FailingProvider : public CredentialProvider {
 public:
  Result<Credentials> Resolve() override { return Unauthenticated("no credentials configured"); }
  std::string_view name() const override { return "failing"; }
};

HttpResponse JsonReply(int status, std::string body) {
  return FakeTransport::Reply(
      status, std::move(body),
      {{"x-amzn-RequestId", "req-123"}, {"Content-Type", "application/x-amz-json-1.0"}});
}

CallRequest ListTables() {
  CallRequest request;
  request.service = "dynamodb";
  request.operation = "ListTables";
  request.region = "eu-west-1";
  request.params.SetObject();
  return request;
}

class AwsClientTest : public ::testing::Test {
 protected:
  explicit AwsClientTest() : credentials_(TestCredentials()) {
    config_.backoff_random = [] { return 0.0; };
  }

  AwsClient MakeClient() { return AwsClient(Catalogue(), transport_, credentials_, config_); }

  FakeTransport transport_{[](const HttpRequest&) -> Result<HttpResponse> {
    return JsonReply(200, R"({"TableNames":["a","b"]})");
  }};
  StaticCredentialProvider credentials_;
  ClientConfig config_;
};

TEST_F(AwsClientTest, SignsSendsToTheRegionalEndpointAndParses) {
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.request_id, "req-123");
  ASSERT_TRUE(result.response["TableNames"].IsArray());
  EXPECT_EQ(result.response["TableNames"].Size(), 2u);
  EXPECT_EQ(result.response["ResponseMetadata"]["RetryAttempts"].GetInt(), 0);

  ASSERT_EQ(transport_.request_count(), 1u);
  HttpRequest sent = transport_.requests()[0];
  EXPECT_EQ(sent.Url(), "https://dynamodb.eu-west-1.amazonaws.com/");
  ASSERT_NE(FindHeader(sent.headers, "X-Amz-Target"), nullptr);
  EXPECT_EQ(*FindHeader(sent.headers, "X-Amz-Target"), "DynamoDB_20120810.ListTables");
  const std::string* authorization = FindHeader(sent.headers, "Authorization");
  ASSERT_NE(authorization, nullptr);
  EXPECT_NE(authorization->find("Credential=AKIDEXAMPLE/"), std::string::npos);
  EXPECT_NE(authorization->find("/eu-west-1/dynamodb/aws4_request"), std::string::npos);
  EXPECT_NE(FindHeader(sent.headers, "X-Amz-Security-Token"), nullptr);
}

TEST_F(AwsClientTest, EndpointUrlSendsEveryCallThere) {
  config_.endpoint_url = "http://127.0.0.1:4566/prefix";
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  // botocore joins "/" onto a base path without a trailing slash.
  EXPECT_EQ(transport_.requests()[0].Url(), "http://127.0.0.1:4566/prefix");
}

TEST_F(AwsClientTest, S3BucketGoesIntoTheHostNotThePath) {
  transport_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return FakeTransport::Reply(200,
                                "<ListBucketResult><Name>logs</Name><KeyCount>0</KeyCount>"
                                "<IsTruncated>false</IsTruncated></ListBucketResult>");
  });
  AwsClient client = MakeClient();
  CallRequest request;
  request.service = "s3";
  request.operation = "ListObjectsV2";
  request.region = "us-west-2";
  request.params.Parse(R"({"Bucket":"logs","Prefix":"a b/"})");
  CallResult result = client.Call(std::move(request));
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.response["Name"], "logs");
  HttpRequest sent = transport_.requests()[0];
  EXPECT_EQ(sent.host, "logs.s3.us-west-2.amazonaws.com");
  EXPECT_EQ(sent.path, "/");
  EXPECT_NE(sent.query.find("list-type=2"), std::string::npos);
  EXPECT_NE(sent.query.find("prefix=a%20b%2F"), std::string::npos);
  ASSERT_NE(FindHeader(sent.headers, "X-Amz-Content-SHA256"), nullptr);
}

TEST_F(AwsClientTest, RetriesTransientErrorsThenSucceeds) {
  std::atomic<int> calls = 0;
  transport_.set_handler([&](const HttpRequest&) -> Result<HttpResponse> {
    if (calls++ == 0) return JsonReply(503, R"({"__type":"ServiceUnavailable","message":"busy"})");
    return JsonReply(200, R"({"TableNames":[]})");
  });
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.response["ResponseMetadata"]["RetryAttempts"].GetInt(), 1);
  // Each attempt is signed afresh.
  auto sent = transport_.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(
      std::count_if(sent[1].headers.begin(), sent[1].headers.end(),
                    [](const HttpHeader& h) { return HeaderNameEquals(h.name, "Authorization"); }),
      1);
}

TEST_F(AwsClientTest, ThrottlingThatNeverEndsIsReportedAsThrottled) {
  transport_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return JsonReply(400, R"({"__type":"com.amazon.coral.availability#ThrottlingException",
                              "message":"Rate exceeded"})");
  });
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  EXPECT_EQ(result.status.code(), StatusCode::kAwsError);
  EXPECT_EQ(result.error_code, "ThrottlingException");
  EXPECT_EQ(result.error_message, "Rate exceeded");
  EXPECT_EQ(result.error_kind, ErrorKind::kThrottling);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.http_status, 400);
}

TEST_F(AwsClientTest, FinalErrorsAreNotRetried) {
  transport_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return JsonReply(400, R"({"__type":"AccessDeniedException","message":"not allowed"})");
  });
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  EXPECT_EQ(result.status.code(), StatusCode::kAwsError);
  EXPECT_EQ(result.error_code, "AccessDeniedException");
  EXPECT_EQ(result.error_kind, ErrorKind::kFinal);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.request_id, "req-123");
}

TEST_F(AwsClientTest, TransportFailuresAreRetriedAndReported) {
  transport_.InjectFailures(5, Unavailable("connection refused"));
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  EXPECT_EQ(result.status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.http_status, 0);
}

TEST_F(AwsClientTest, MalformedSuccessBodyIsAnErrorNotAnEmptyResult) {
  transport_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return JsonReply(200, R"({"TableNames":[)");
  });
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  EXPECT_FALSE(result.status.ok());
  EXPECT_NE(result.status.code(), StatusCode::kAwsError);
  EXPECT_NE(result.status.message().find("parse"), std::string::npos);
}

TEST_F(AwsClientTest, BadRequestsFailBeforeAnythingIsSent) {
  AwsClient client = MakeClient();
  CallRequest unknown = ListTables();
  unknown.operation = "ListTablez";
  EXPECT_EQ(client.Call(std::move(unknown)).status.code(), StatusCode::kNotFound);
  CallRequest bad_param = ListTables();
  bad_param.params.Parse(R"({"Limit":"ten"})");
  EXPECT_EQ(client.Call(std::move(bad_param)).status.code(), StatusCode::kInvalidArgument);
  CallRequest bad_service = ListTables();
  bad_service.service = "nosuchservice";
  EXPECT_EQ(client.Call(std::move(bad_service)).status.code(), StatusCode::kNotFound);
  EXPECT_EQ(transport_.request_count(), 0u);
}

TEST_F(AwsClientTest, MissingCredentialsEndTheCallWithoutSendingOrLeaking) {
  FailingProvider failing;
  AwsClient client(Catalogue(), transport_, failing, config_);
  CallResult result = client.Call(ListTables());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(transport_.request_count(), 0u);
}

TEST_F(AwsClientTest, SecretsNeverAppearInResults) {
  transport_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return JsonReply(403, R"({"__type":"UnrecognizedClientException","message":"bad token"})");
  });
  AwsClient client = MakeClient();
  CallResult result = client.Call(ListTables());
  std::string everything =
      result.status.ToString() + ToJson(result.response) + result.error_message;
  EXPECT_EQ(everything.find(TestCredentials().secret_access_key), std::string::npos);
  EXPECT_EQ(everything.find("session-token-secret"), std::string::npos);
}

TEST_F(AwsClientTest, ManyConcurrentCallsEachCompleteOnce) {
  AwsClient client = MakeClient();
  std::atomic<int> done = 0;
  std::mutex mutex;
  std::condition_variable all_done;
  constexpr int kCalls = 200;
  for (int i = 0; i < kCalls; ++i) {
    client.CallAsync(ListTables(), [&](CallResult result) {
      EXPECT_TRUE(result.status.ok());
      std::lock_guard lock(mutex);
      if (++done == kCalls) all_done.notify_one();
    });
  }
  std::unique_lock lock(mutex);
  ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(30), [&] { return done == kCalls; }));
  EXPECT_EQ(transport_.request_count(), size_t(kCalls));
}

}  // namespace
}  // namespace awscrape::aws
