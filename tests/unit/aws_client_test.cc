// AwsClient end to end over a FakeTransport: endpoints, signing, retries, errors, outcomes.
#include "awscrape/aws/client/aws_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

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

// Counts resolutions and remembers the thread of the last one.
class CountingProvider : public CredentialProvider {
 public:
  explicit CountingProvider(std::optional<Timestamp> expiration) : expiration_(expiration) {}
  Result<Credentials> Resolve() override {
    std::lock_guard lock(mutex_);
    ++count_;
    thread_ = std::this_thread::get_id();
    Credentials credentials = TestCredentials();
    credentials.expiration = expiration_;
    return credentials;
  }
  std::string_view name() const override { return "counting"; }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }
  std::thread::id thread() {
    std::lock_guard lock(mutex_);
    return thread_;
  }

 private:
  std::optional<Timestamp> expiration_;
  std::mutex mutex_;
  int count_ = 0;
  std::thread::id thread_;
};

// Calls the client asynchronously and waits: the thread `done` ran on.
std::thread::id DoneThread(AwsClient& client, CallRequest request) {
  std::promise<std::thread::id> done;
  client.CallAsync(std::move(request), [&done](CallResult result) {
    EXPECT_TRUE(result.status.ok()) << result.status.ToString();
    done.set_value(std::this_thread::get_id());
  });
  return done.get_future().get();
}

TEST_F(AwsClientTest, FewThreadHandOffsPerCall) {
  // The fake's handler runs on the thread that called Send(): it tells where a request was
  // signed and sent from. A table named "big" asks for a body over the inline-parse limit.
  std::mutex mutex;
  std::vector<std::thread::id> senders;
  transport_.set_handler([&](const HttpRequest& request) -> Result<HttpResponse> {
    std::lock_guard lock(mutex);
    senders.push_back(std::this_thread::get_id());
    if (request.body.find("big") != std::string::npos) {
      return JsonReply(200, R"({"TableNames":[")" + std::string(200, 't') + R"("]})");
    }
    return JsonReply(200, R"({"TableNames":["a"]})");
  });
  CountingProvider provider(std::nullopt);  // credentials that never expire
  config_.inline_parse_max_bytes = 100;
  AwsClient client(Catalogue(), transport_, provider, config_);
  const std::thread::id caller = std::this_thread::get_id();

  // First call: the credentials are resolved (and the request sent) on the client's timer thread.
  std::thread::id first_done = DoneThread(client, ListTables());
  ASSERT_EQ(provider.count(), 1);
  const std::thread::id timer = provider.thread();
  EXPECT_NE(timer, caller);
  // Then: signed and sent on the caller's thread with the cached credentials, and a small body
  // parsed where it arrived (the transport's thread), not on the timer thread.
  std::thread::id second_done = DoneThread(client, ListTables());
  EXPECT_EQ(provider.count(), 1) << "cached: never-expiring credentials resolve once";
  EXPECT_NE(second_done, caller);
  EXPECT_NE(second_done, timer);
  EXPECT_EQ(second_done, first_done) << "both answered on the transport's thread";
  // A big body is parsed on the timer thread, off the transport's.
  CallRequest big = ListTables();
  big.params.Parse(R"({"ExclusiveStartTableName":"big"})");
  EXPECT_EQ(DoneThread(client, std::move(big)), timer);
  std::lock_guard lock(mutex);
  ASSERT_EQ(senders.size(), 3u);
  EXPECT_EQ(senders[0], timer);
  EXPECT_EQ(senders[1], caller);
  EXPECT_EQ(senders[2], caller);
}

TEST_F(AwsClientTest, CredentialsNearExpiryAreResolvedOffTheCallersThreadEveryTime) {
  std::mutex mutex;
  std::vector<std::thread::id> senders;
  transport_.set_handler([&](const HttpRequest&) -> Result<HttpResponse> {
    std::lock_guard lock(mutex);
    senders.push_back(std::this_thread::get_id());
    return JsonReply(200, R"({"TableNames":[]})");
  });
  // Five minutes left: inside botocore's refresh windows, so never reused from the cache.
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CountingProvider provider(Timestamp::FromEpochSeconds(now + 300));
  AwsClient client(Catalogue(), transport_, provider, config_);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(client.Call(ListTables()).status.ok());
  EXPECT_EQ(provider.count(), 3);
  std::lock_guard lock(mutex);
  for (std::thread::id sender : senders) EXPECT_NE(sender, std::this_thread::get_id());
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
