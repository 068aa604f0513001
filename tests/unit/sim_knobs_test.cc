// The simulator's knobs: throttling per endpoint (token bucket), AccessDenied patterns, disabled
// opt-in regions, 5xx bursts, malformed and truncated bodies, hanging connections, latency; and
// the loopback HTTP server (keep-alive, latency, truncation, stopping by itself).
#include <gtest/gtest.h>

#include <chrono>

#include "awscrape/aws/http/curl_transport.h"
#include "awscrape/sim/sim_server.h"
#include "sim_test_util.h"

namespace awscrape::sim {
namespace {

using testing::MakeCall;

TEST(SimKnobs, ThrottlesPerEndpointWithEachProtocolsError) {
  ManualClock clock;
  SimOptions options;
  options.throttles.push_back({"*", "*", /*rate=*/1, /*burst=*/2});
  auto sim = testing::MakeSimulator(options, clock);
  struct Case {
    const char* service;
    const char* op;
    int status;
    const char* code;
  } cases[] = {{"ec2", "DescribeVpcs", 503, "RequestLimitExceeded"},
               {"iam", "ListRoles", 400, "Throttling"},
               {"dynamodb", "ListTables", 400, "ThrottlingException"},
               {"lambda", "ListFunctions", 429, "TooManyRequestsException"},
               {"s3", "ListBuckets", 503, "SlowDown"}};
  for (const Case& c : cases) {
    auto call = MakeCall(c.service, c.op);
    EXPECT_EQ(sim->Handle(call.request).response.status, 200);
    EXPECT_EQ(sim->Handle(call.request).response.status, 200);
    aws::HttpResponse throttled = sim->Handle(call.request).response;
    EXPECT_EQ(throttled.status, c.status) << c.service;
    EXPECT_EQ(testing::ParseError(call, throttled).code, c.code) << c.service;
  }
  // Another region is another endpoint with its own bucket.
  auto west = MakeCall("ec2", "DescribeVpcs", "{}", "eu-west-1");
  EXPECT_EQ(sim->Handle(west.request).response.status, 200);
  // The bucket refills with time.
  clock.Advance(std::chrono::seconds(1));
  auto east = MakeCall("ec2", "DescribeVpcs");
  EXPECT_EQ(sim->Handle(east.request).response.status, 200);
  EXPECT_EQ(sim->Handle(east.request).response.status, 503);
}

TEST(SimKnobs, AccessDeniedAndDisabledRegions) {
  SimOptions options;
  options.access_denied = {"iam:ListRoles", "dynamodb:*", "ec2:DescribeVpc*"};
  auto sim = testing::MakeSimulator(options);
  struct Case {
    const char* service;
    const char* op;
    int status;
    const char* code;
  } denied[] = {{"iam", "ListRoles", 403, "AccessDenied"},
                {"dynamodb", "ListTables", 400, "AccessDeniedException"},
                {"ec2", "DescribeVpcs", 403, "UnauthorizedOperation"}};
  for (const Case& c : denied) {
    auto call = MakeCall(c.service, c.op);
    aws::HttpResponse r = sim->Handle(call.request).response;
    EXPECT_EQ(r.status, c.status) << c.service;
    EXPECT_EQ(testing::ParseError(call, r).code, c.code) << c.service;
  }
  EXPECT_EQ(sim->Handle(MakeCall("iam", "ListUsers").request).response.status, 200);

  // me-south-1 is an opt-in region the account has not enabled.
  struct Region {
    const char* service;
    const char* op;
    int status;
    const char* code;
  } regions[] = {{"ec2", "DescribeInstances", 401, "AuthFailure"},
                 {"sqs", "ListQueues", 403, "InvalidClientTokenId"},
                 {"logs", "DescribeLogGroups", 400, "UnrecognizedClientException"},
                 {"lambda", "ListFunctions", 403, "UnrecognizedClientException"}};
  for (const Region& c : regions) {
    auto call = MakeCall(c.service, c.op, "{}", "me-south-1");
    aws::HttpResponse r = sim->Handle(call.request).response;
    EXPECT_EQ(r.status, c.status) << c.service;
    EXPECT_EQ(testing::ParseError(call, r).code, c.code) << c.service;
  }
  SimOptions enabled;
  enabled.enabled_opt_in_regions = {"me-south-1"};
  auto sim2 = testing::MakeSimulator(enabled);
  EXPECT_EQ(sim2->Handle(MakeCall("ec2", "DescribeInstances", "{}", "me-south-1").request)
                .response.status,
            200);
}

TEST(SimKnobs, FaultBurstsMalformedTruncatedAndHangs) {
  SimOptions options;
  options.faults.push_back({FaultKind::kServerError, "ec2:*", "*", 1.0, 1});
  options.faults.push_back({FaultKind::kMalformed, "iam:*", "*", 1.0, 1});
  options.faults.push_back({FaultKind::kTruncated, "dynamodb:*", "*", 1.0, 1});
  options.faults.push_back({FaultKind::kHang, "lambda:*", "*", 1.0, 1});
  auto sim = testing::MakeSimulator(options);
  auto ec2 = MakeCall("ec2", "DescribeVpcs");
  aws::HttpResponse r = sim->Handle(ec2.request).response;
  EXPECT_GE(r.status, 500);
  std::string code = testing::ParseError(ec2, r).code;
  EXPECT_TRUE(code == "InternalError" || code == "Unavailable") << code;

  auto iam = MakeCall("iam", "ListRoles");
  r = sim->Handle(iam.request).response;
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(testing::Parse(iam, r).ok());

  SimReply truncated = sim->Handle(MakeCall("dynamodb", "ListTables").request);
  EXPECT_EQ(truncated.fault, TransportFault::kTruncate);
  SimReply hang = sim->Handle(MakeCall("lambda", "ListFunctions").request);
  EXPECT_EQ(hang.fault, TransportFault::kHang);
  EXPECT_EQ(sim->Handle(MakeCall("s3", "ListBuckets").request).fault, TransportFault::kNone);

  // A burst: rate 0.2, burst 3 — faults come in runs of at least three.
  SimOptions bursty;
  bursty.faults.push_back({FaultKind::kServerError, "*", "*", 0.2, 3});
  auto sim2 = testing::MakeSimulator(bursty);
  auto call = MakeCall("sqs", "ListQueues");
  std::string pattern;
  for (int i = 0; i < 200; ++i)
    pattern += sim2->Handle(call.request).response.status >= 500 ? 'x' : '.';
  EXPECT_NE(pattern.find("xxx"), std::string::npos);
  EXPECT_NE(pattern.find('.'), std::string::npos);
  for (size_t i = 0; (i = pattern.find('x', i)) != std::string::npos;) {
    size_t end = pattern.find('.', i);
    if (end == std::string::npos) break;
    EXPECT_GE(end - i, 3u) << pattern;
    i = end;
  }
}

TEST(SimServer, ServesOverLoopbackWithLatencyAndStopsByItself) {
  SimOptions options;
  options.latency_ms = 150;
  options.faults.push_back({FaultKind::kTruncated, "dynamodb:*", "*", 1.0, 1});
  auto sim = testing::MakeSimulator(options);
  ServerOptions server_options;
  server_options.max_seconds = 20;
  SimServer server(*sim, server_options);
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.port(), 0);

  aws::CurlTransport transport;
  auto send = [&](const char* service, const char* op) {
    auto call = MakeCall(service, op);
    call.request.host = "127.0.0.1:" + std::to_string(server.port());
    // Re-sign for the real host.
    aws::RemoveHeader(call.request.headers, "Authorization");
    aws::SigningOptions signing;
    signing.region = "us-east-1";
    const auto& md = call.service->model->metadata();
    signing.service = md.signing_name.empty() ? md.endpoint_prefix : md.signing_name;
    signing.time = Timestamp{1700000000, 0};
    aws::Credentials creds{SimOptions{}.access_key_id, SimOptions{}.secret_access_key};
    aws::SignRequest(call.request, creds, signing);
    return std::make_pair(call, transport.SendAndWait(call.request));
  };
  auto start = std::chrono::steady_clock::now();
  auto [call, response] = send("iam", "ListRoles");
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(testing::Parse(call, *response).ok());
  EXPECT_GE(elapsed, std::chrono::milliseconds(150));
  auto second = send("sts", "GetCallerIdentity");  // same connection (keep-alive)
  ASSERT_TRUE(second.second.ok());
  EXPECT_EQ(second.second->status, 200);

  auto truncated = send("dynamodb", "ListTables");
  EXPECT_FALSE(truncated.second.ok());  // the body was cut short

  server.Stop();
  server.Wait();
  auto after = send("sts", "GetCallerIdentity");
  EXPECT_FALSE(after.second.ok());
}

TEST(SimServer, MaxSecondsEndsTheServer) {
  auto sim = testing::MakeSimulator();
  ServerOptions options;
  options.max_seconds = 0.3;
  SimServer server(*sim, options);
  ASSERT_TRUE(server.Start().ok());
  auto start = std::chrono::steady_clock::now();
  server.Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace awscrape::sim
