// Every call's outcome, for each fault the simulator (or a fake transport) injects: denied,
// not_available (disabled opt-in region, unknown host, unsupported operation), throttled after
// the budget, error (5xx after retries, malformed bodies), and the rules file's own checks.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "scrape_test_util.h"

namespace awscrape::scrape {
namespace {

using testing::CallKey;
using testing::MakePlan;
using testing::RunScrape;
using testing::SimHarness;
using testing::TempDir;

sim::SimOptions Account() {
  sim::SimOptions options;
  options.seed = 5;
  options.size = sim::AccountSize::kSmall;
  return options;
}

TEST(ScrapeOutcome, DeniedCallsAreDeniedAndTheOthersAreNot) {
  sim::SimOptions account = Account();
  account.access_denied = {"iam:ListRoles", "s3:*", "ec2:DescribeVpcs", "dynamodb:ListTables",
                           "lambda:ListFunctions"};
  std::vector<std::string> services = {"iam", "s3", "ec2", "dynamodb", "lambda"};
  Plan plan = MakePlan(services, {"us-east-1"});
  TempDir dir;
  SimHarness harness(account, services);
  auto run = RunScrape(plan, harness.Call(), dir.path());
  for (const auto& [key, record] : run.ledger) {
    bool denied = key == "iam:ListRoles@None" || record.service == "s3" ||
                  key == "ec2:DescribeVpcs@us-east-1" || key == "dynamodb:ListTables@us-east-1" ||
                  key == "lambda:ListFunctions@us-east-1";
    if (denied) {
      EXPECT_EQ(record.outcome, CallOutcome::kDenied) << key << " " << record.error_code;
      EXPECT_FALSE(record.rule.empty());
      EXPECT_EQ(record.pages, 0);
      EXPECT_EQ(record.attempts, 1) << "a denial is not retried";
    } else {
      EXPECT_TRUE(record.outcome == CallOutcome::kOk || record.outcome == CallOutcome::kEmpty)
          << key << " " << CallOutcomeName(record.outcome) << " " << record.error_code;
    }
  }
  EXPECT_EQ(run.ledger.at("ec2:DescribeVpcs@us-east-1").error_code, "UnauthorizedOperation");
  EXPECT_EQ(run.ledger.at("ec2:DescribeVpcs@us-east-1").http_status, 403);
}

TEST(ScrapeOutcome, DisabledOptInRegionIsNotAvailableInEveryProtocol) {
  // ec2 (AuthFailure), iam is global (never in the opt-in region), sqs query
  // (InvalidClientTokenId), dynamodb json (UnrecognizedClientException), lambda rest-json.
  std::vector<std::string> services = {"ec2", "sqs", "dynamodb", "lambda"};
  Plan plan = MakePlan(services, {"af-south-1", "us-east-1"});
  TempDir dir;
  SimHarness harness(Account(), services);
  auto run = RunScrape(plan, harness.Call(), dir.path());
  size_t not_available = 0;
  for (const auto& [key, record] : run.ledger) {
    if (record.call_region == "af-south-1") {
      EXPECT_EQ(record.outcome, CallOutcome::kNotAvailable) << key << " " << record.error_code;
      EXPECT_EQ(record.rule, "region-not-enabled");
      ++not_available;
    } else {
      EXPECT_NE(record.outcome, CallOutcome::kNotAvailable) << key;
    }
  }
  EXPECT_GT(not_available, 20u);
}

TEST(ScrapeOutcome, KnownDisabledRegionIsRecordedWithoutBeingCalled) {
  Plan plan = MakePlan({"dynamodb"}, {"af-south-1", "us-east-1"});
  TempDir dir;
  SimHarness harness(Account(), {"dynamodb"});
  auto options = testing::FastOptions();
  options.disabled_regions = {"af-south-1"};
  auto run = RunScrape(plan, harness.Call(), dir.path(), options);
  for (const auto& [key, record] : run.ledger) {
    if (record.call_region != "af-south-1") continue;
    EXPECT_EQ(record.outcome, CallOutcome::kNotAvailable);
    EXPECT_EQ(record.attempts, 0);
    EXPECT_EQ(record.rule, "region-not-opted-in");
  }
  harness.transport().WaitIdle();
  for (const auto& request : harness.transport().requests()) {
    const std::string* authorization = aws::FindHeader(request.headers, "Authorization");
    ASSERT_NE(authorization, nullptr);
    EXPECT_EQ(authorization->find("af-south-1"), std::string::npos);
  }
}

TEST(ScrapeOutcome, ThrottledUntilTheBudgetEndsIsThrottled) {
  sim::SimOptions account = Account();
  // One request per 1000 s after a burst of one: everything after the first call is throttled.
  account.throttles.push_back({"kms:*", "*", 0.001, 1});
  Plan plan = MakePlan({"kms", "sqs"}, {"us-east-1"});
  TempDir dir;
  SimHarness harness(account, {"kms", "sqs"}, /*adaptive=*/false);
  auto options = testing::FastOptions();
  options.throttle_retries = 2;
  auto run = RunScrape(plan, harness.Call(), dir.path(), options);
  size_t throttled = 0, kms = 0;
  for (const auto& [key, record] : run.ledger) {
    if (record.service == "kms") {
      ++kms;
      if (record.outcome == CallOutcome::kThrottled) {
        ++throttled;
        EXPECT_EQ(record.throttle_retries, 2) << key;
        EXPECT_EQ(record.attempts, 9) << key << ": 3 client attempts x 3 scheduler tries";
        EXPECT_EQ(record.error_code, "ThrottlingException");
        EXPECT_EQ(record.rule, "throttled");
      }
    } else {
      EXPECT_NE(record.outcome, CallOutcome::kThrottled) << key;
    }
  }
  EXPECT_EQ(throttled, kms - 1) << "the bucket admits one request, then nothing";
  EXPECT_GE(kms, 3u);
}

TEST(ScrapeOutcome, ThrottlingWithinTheBudgetEndsOk) {
  sim::SimOptions account = Account();
  account.throttles.push_back({"dynamodb:*", "*", 200, 2});
  Plan plan = MakePlan({"dynamodb"}, {"us-east-1"});
  TempDir dir;
  SimHarness harness(account, {"dynamodb"}, /*adaptive=*/false);
  auto options = testing::FastOptions();
  options.throttle_retries = 50;
  options.backoff_base = std::chrono::milliseconds(5);
  options.backoff_max = std::chrono::milliseconds(40);
  auto run = RunScrape(plan, harness.Call(), dir.path(), options);
  int64_t retried = 0;
  for (const auto& [key, record] : run.ledger) {
    EXPECT_TRUE(record.outcome == CallOutcome::kOk || record.outcome == CallOutcome::kEmpty)
        << key << " " << CallOutcomeName(record.outcome);
    retried += record.retries;
  }
  EXPECT_GT(retried, 0) << "the bucket must have throttled something";
}

TEST(ScrapeOutcome, ServerErrorsAfterRetriesAndMalformedBodiesAreErrors) {
  sim::SimOptions account = Account();
  account.faults.push_back({sim::FaultKind::kServerError, "kms:*", "*", 1.0, 1000000});
  account.faults.push_back({sim::FaultKind::kMalformed, "sqs:*", "*", 1.0, 1000000});
  Plan plan = MakePlan({"kms", "sqs", "dynamodb"}, {"us-east-1"});
  TempDir dir;
  SimHarness harness(account, {"kms", "sqs", "dynamodb"});
  auto options = testing::FastOptions();
  options.transient_retries = 1;
  auto run = RunScrape(plan, harness.Call(), dir.path(), options);
  for (const auto& [key, record] : run.ledger) {
    if (record.service == "kms") {
      EXPECT_EQ(record.outcome, CallOutcome::kError) << key;
      EXPECT_TRUE(record.http_status == 500 || record.http_status == 503) << record.http_status;
      EXPECT_EQ(record.attempts, 6) << "3 client attempts, one transient re-queue";
      EXPECT_EQ(record.rule, "");
    } else if (record.service == "sqs") {
      EXPECT_EQ(record.outcome, CallOutcome::kError) << key;
      EXPECT_EQ(record.error_code, "ParseError") << key;
    } else {
      EXPECT_NE(record.outcome, CallOutcome::kError) << key;
    }
  }
}

// A fake transport for faults the simulator does not produce.
CallRecord ExpectOutcome(std::function<Result<aws::HttpResponse>(const aws::HttpRequest&)> handler,
                         CallOutcome expected, std::string_view rule) {
  Plan plan = MakePlan({"ec2"}, {"us-east-1"}, {"ec2:DescribeVpcs"});
  aws::FakeTransport transport(std::move(handler));
  aws::StaticCredentialProvider credentials(testing::SimCredentials());
  aws::ClientConfig config;
  config.backoff_random = [] { return 0.0; };
  aws::AwsClient client(testing::Catalogue(), transport, credentials, config);
  TempDir dir;
  auto options = testing::FastOptions();
  options.transient_retries = 2;
  auto run = RunScrape(
      plan,
      [&client](aws::CallRequest r, std::function<void(aws::CallResult)> done) {
        client.CallAsync(std::move(r), std::move(done));
      },
      dir.path(), options);
  const CallRecord& record = run.ledger.begin()->second;
  EXPECT_EQ(record.outcome, expected) << record.error_code << " " << record.error_message;
  EXPECT_EQ(record.rule, rule);
  transport.WaitIdle();
  return record;
}

TEST(ScrapeOutcome, UnresolvableEndpointIsNotAvailable) {
  CallRecord record = ExpectOutcome(
      [](const aws::HttpRequest& r) -> Result<aws::HttpResponse> {
        return Status(StatusCode::kUnavailable, "GET https://" + r.host + ": " +
                                                    curl_easy_strerror(CURLE_COULDNT_RESOLVE_HOST) +
                                                    ": Could not resolve host: " + r.host);
      },
      CallOutcome::kNotAvailable, "no-endpoint");
  EXPECT_EQ(record.attempts, 3) << "the client's retries only: no scheduler re-queue";
  EXPECT_EQ(record.error_code, "Unavailable");
}

TEST(ScrapeOutcome, RefusedConnectionIsAnError) {
  CallRecord record = ExpectOutcome(
      [](const aws::HttpRequest& r) -> Result<aws::HttpResponse> {
        return Status(StatusCode::kUnavailable,
                      "GET https://" + r.host + ": " + curl_easy_strerror(CURLE_COULDNT_CONNECT));
      },
      CallOutcome::kError, "");
  EXPECT_EQ(record.attempts, 9) << "3 client attempts x (1 + 2 transient re-queues)";
}

aws::HttpResponse Ec2Error(int status, std::string code) {
  return aws::FakeTransport::Reply(
      status, "<Response><Errors><Error><Code>" + code +
                  "</Code><Message>m</Message></Error></Errors><RequestID>r-1</RequestID>"
                  "</Response>");
}

TEST(ScrapeOutcome, UnsupportedOperationIsNotAvailable) {
  ExpectOutcome([](const aws::HttpRequest&) { return Ec2Error(400, "UnsupportedOperation"); },
                CallOutcome::kNotAvailable, "unsupported-operation");
}

TEST(ScrapeOutcome, OptInRequiredIsNotAvailable) {
  ExpectOutcome([](const aws::HttpRequest&) { return Ec2Error(401, "OptInRequired"); },
                CallOutcome::kNotAvailable, "opt-in-required");
}

TEST(ScrapeOutcome, AuthFailureInAnAlwaysEnabledRegionIsAnError) {
  ExpectOutcome([](const aws::HttpRequest&) { return Ec2Error(401, "AuthFailure"); },
                CallOutcome::kError, "");
}

TEST(ScrapeOutcome, ForbiddenSuffixIsDenied) {
  ExpectOutcome([](const aws::HttpRequest&) { return Ec2Error(403, "ResourceForbidden"); },
                CallOutcome::kDenied, "denied-forbidden");
}

TEST(OutcomeRules, DecideFollowsTheFirstMatchingRule) {
  const OutcomeRules& rules = testing::Rules();
  FailedCall call;
  call.error_code = "AccessDeniedException";
  call.http_status = 400;
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kDenied);
  call.error_code = "InvalidClientTokenId";
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kError);
  call.opt_in_region = true;
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kNotAvailable);
  call = {};
  call.error_code = "ThrottlingException";
  call.error_kind = aws::ErrorKind::kThrottling;
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kThrottled);
  call = {};
  call.http_status = 403;
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kDenied);
  call.error_code = "SignatureDoesNotMatch";
  EXPECT_EQ(rules.Decide(call).outcome, CallOutcome::kError);
  EXPECT_EQ(rules.Decide(call).rule, nullptr);
  EXPECT_TRUE(rules.IsOptInRegion("af-south-1"));
  EXPECT_FALSE(rules.IsOptInRegion("us-east-1"));
}

TEST(OutcomeRules, EveryRuleHasAReasonAndMalformedFilesAreRefused) {
  for (const OutcomeRule& rule : testing::Rules().rules()) {
    EXPECT_FALSE(rule.reason.empty()) << rule.id;
  }
  auto parse = [](std::string_view text) { return OutcomeRules::Parse("t.json", text); };
  EXPECT_TRUE(parse(R"({"rules": [{"id": "a", "outcome": "denied", "codes": ["X"],
                                  "reason": "r"}]})")
                  .ok());
  EXPECT_FALSE(parse(R"({"rules": [{"id": "a", "outcome": "denied", "codes": ["X"]}]})").ok());
  EXPECT_FALSE(parse(R"({"rules": [{"id": "a", "outcome": "ok", "codes": ["X"],
                                   "reason": "r"}]})")
                   .ok());
  EXPECT_FALSE(parse(R"({"rules": [{"id": "a", "outcome": "denied", "reason": "r"}]})").ok())
      << "a rule without a condition would match everything";
  EXPECT_FALSE(parse(R"({"rules": [{"id": "a", "outcome": "denied", "code": ["X"],
                                   "reason": "r"}]})")
                   .ok())
      << "misspelt keys are refused";
  auto status = parse(R"({"rules": [{"id": "a", "outcome": "denied", "codes": ["X"],
      "reason": "r"}, {"id": "a", "outcome": "error", "codes": ["Y"], "reason": "r"}]})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.status().message().find("rules[1]"), std::string::npos);
}

}  // namespace
}  // namespace awscrape::scrape
