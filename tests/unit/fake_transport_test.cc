// FakeTransport, the test double other layers use in place of the network.
#include "awscrape/aws/http/fake_transport.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace awscrape::aws {
namespace {

using std::chrono::milliseconds;

TEST(FakeTransportTest, AnswersFromTheHandlerAndRecordsRequests) {
  FakeTransport fake([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.path == "/missing") return FakeTransport::Reply(404, "no");
    return FakeTransport::Reply(200, "hello " + request.path, {{"x-amzn-requestid", "r"}});
  });
  HttpRequest request;
  request.host = "example.test";
  request.path = "/a";
  Result<HttpResponse> result = fake.SendAndWait(request);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "hello /a");
  request.path = "/missing";
  EXPECT_EQ(fake.SendAndWait(request)->status, 404);
  ASSERT_EQ(fake.request_count(), 2u);
  EXPECT_EQ(fake.requests()[0].path, "/a");
}

TEST(FakeTransportTest, InjectsFaultsThenRecovers) {
  FakeTransport fake([](const HttpRequest&) { return FakeTransport::Reply(200); });
  fake.InjectFailures(2, Status(StatusCode::kUnavailable, "injected"));
  HttpRequest request;
  request.host = "h";
  EXPECT_EQ(fake.SendAndWait(request).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(fake.SendAndWait(request).status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(fake.SendAndWait(request).ok());
}

TEST(FakeTransportTest, LatencyBeyondTheTimeoutTimesOut) {
  FakeTransport fake([](const HttpRequest&) { return FakeTransport::Reply(200); });
  fake.set_latency(milliseconds(5000));
  HttpOptions options;
  options.response_timeout = milliseconds(50);
  HttpRequest request;
  request.host = "h";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(fake.SendAndWait(request, options).status().code(), StatusCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(4000));
}

TEST(FakeTransportTest, CallbacksRunOnItsThreadAndShutdownCancels) {
  std::atomic<int> cancelled{0};
  std::atomic<bool> other_thread{false};
  const auto caller = std::this_thread::get_id();
  {
    FakeTransport fake([](const HttpRequest&) { return FakeTransport::Reply(200); });
    HttpRequest request;
    request.host = "h";
    fake.Send(request, {},
              [&](Result<HttpResponse>) { other_thread = std::this_thread::get_id() != caller; });
    fake.WaitIdle();
    fake.set_latency(milliseconds(60000));
    for (int i = 0; i < 3; ++i) {
      fake.Send(request, {}, [&](Result<HttpResponse> r) {
        if (r.status().code() == StatusCode::kCancelled) ++cancelled;
      });
    }
  }
  EXPECT_TRUE(other_thread);
  EXPECT_EQ(cancelled.load(), 3);
}

}  // namespace
}  // namespace awscrape::aws
