// The scheduler's own rules, over a fake asynchronous service: global and per-endpoint limits,
// interleaving across endpoints, a throttled endpoint that does not hold up the others, Ctrl-C
// (stop and abandon) with one ledger line per planned call whatever happens.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "awscrape/core/timer_queue.h"
#include "scrape_test_util.h"

namespace awscrape::scrape {
namespace {

using testing::TempDir;

PlannedCall Call(std::string endpoint, int n, bool paged = false) {
  PlannedCall call;
  call.service = endpoint;
  call.operation = "ListThings" + std::to_string(n);
  call.region = "us-east-1";
  call.endpoint_prefix = endpoint;
  call.params_json = "{}";
  if (paged) {
    PaginatorInfo info;
    info.input_token = {"NextToken"};
    info.output_token = {"NextToken"};
    info.result_key = {"Things"};
    call.paginator = info;
  }
  return call;
}

// An asynchronous fake service: answers each request after `latency` on a timer thread, with
// `answer(service, params)`; tracks concurrency per endpoint (= service here).
class FakeService {
 public:
  using Answer = std::function<aws::CallResult(const aws::CallRequest&)>;
  FakeService(std::chrono::milliseconds latency, Answer answer)
      : latency_(latency), answer_(std::move(answer)) {}

  CallFunction Function() {
    return [this](aws::CallRequest request, std::function<void(aws::CallResult)> done) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        int now = ++in_flight_[request.service];
        max_in_flight_[request.service] = std::max(max_in_flight_[request.service], now);
        max_total_ = std::max(max_total_, ++total_in_flight_);
        order_.push_back(request.service);
      }
      auto shared = std::make_shared<aws::CallRequest>(std::move(request));
      timers_.PostAfter(latency_, [this, shared, done = std::move(done)] {
        aws::CallResult result = answer_(*shared);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          --in_flight_[shared->service];
          --total_in_flight_;
        }
        done(std::move(result));
      });
    };
  }
  int max_in_flight(const std::string& service) {
    std::lock_guard<std::mutex> lock(mutex_);
    return max_in_flight_[service];
  }
  int max_total() {
    std::lock_guard<std::mutex> lock(mutex_);
    return max_total_;
  }
  std::vector<std::string> order() {
    std::lock_guard<std::mutex> lock(mutex_);
    return order_;
  }

 private:
  std::chrono::milliseconds latency_;
  Answer answer_;
  std::mutex mutex_;
  std::map<std::string, int> in_flight_, max_in_flight_;
  int total_in_flight_ = 0, max_total_ = 0;
  std::vector<std::string> order_;
  TimerQueue timers_;  // last: its thread stops before the rest goes
};

aws::CallResult Ok(const aws::CallRequest& request, int pages = 1) {
  aws::CallResult result;
  result.attempts = 1;
  result.http_status = 200;
  result.response.Parse(R"({"Things": [1, 2]})");
  int page = 0;
  if (const JsonValue* token = FindMember(request.params, "NextToken"))
    page = std::stoi(token->GetString());
  if (page + 1 < pages) {
    result.response.AddMember("NextToken",
                              MakeString(std::to_string(page + 1), result.response.GetAllocator()),
                              result.response.GetAllocator());
  }
  return result;
}

aws::CallResult Throttled() {
  aws::CallResult result;
  result.status = Status(StatusCode::kAwsError, "Throttling");
  result.attempts = 3;
  result.http_status = 400;
  result.error_code = "Throttling";
  result.error_kind = aws::ErrorKind::kThrottling;
  return result;
}

struct Outcome {
  ScrapeTotals totals;
  std::vector<CallRecord> ledger;  // in the order written
};

Outcome RunPlan(
    const Plan& plan, CallFunction call, SchedulerOptions options,
    const std::function<void(const ScrapeProgress&, std::atomic<int>&)>& progress = {}) {
  TempDir dir;
  auto ledger = LedgerWriter::Open(dir.path() / kLedgerFileName);
  EXPECT_TRUE(ledger.ok());
  SpoolWriter spool(dir.path(), {});
  Scheduler scheduler(plan, std::move(call), spool, **ledger, testing::Data().defaults,
                      testing::Rules(), std::move(options));
  std::atomic<int> cancel{0};
  Outcome out;
  out.totals = scheduler.Run(cancel, [&](const ScrapeProgress& p) {
    if (progress) progress(p, cancel);
  });
  out.ledger = testing::ReadLedger(dir.path());
  testing::LedgerByCall(plan, dir.path());  // exactly one line per planned call
  return out;
}

TEST(Scheduler, KeepsTheGlobalAndPerEndpointLimitsAndInterleavesEndpoints) {
  Plan plan;
  for (int i = 0; i < 60; ++i) plan.calls.push_back(Call("big", i));
  for (std::string small : {"s1", "s2", "s3", "s4", "s5"}) {
    for (int i = 0; i < 4; ++i) plan.calls.push_back(Call(small, i));
  }
  FakeService service(std::chrono::milliseconds(3),
                      [](const aws::CallRequest& r) { return Ok(r); });
  auto options = testing::FastOptions();
  options.parallel = 8;
  options.per_endpoint = 3;
  Outcome out = RunPlan(plan, service.Function(), options);
  EXPECT_EQ(out.totals.progress.by_outcome[static_cast<size_t>(CallOutcome::kOk)], 80);
  EXPECT_LE(service.max_total(), 8);
  EXPECT_EQ(service.max_total(), 8);
  EXPECT_LE(service.max_in_flight("big"), 3);
  // The first eight requests reach every endpoint, though "big" comes first in the plan.
  std::vector<std::string> order = service.order();
  std::set<std::string> first(order.begin(), order.begin() + 8);
  EXPECT_EQ(first.size(), 6u);
}

TEST(Scheduler, LongPaginationsOfABigEndpointStartFirst) {
  // A big endpoint whose long lists come last in the plan, behind its one-page calls, among many
  // small endpoints: the lists must start at once (they are the scrape's longest chains), and
  // the big endpoint's work must be spread over the scrape, not left to run alone at the end.
  Plan plan;
  for (int i = 0; i < 20; ++i) plan.calls.push_back(Call("big", i));
  for (int i = 0; i < 3; ++i) plan.calls.push_back(Call("big", 100 + i, /*paged=*/true));
  for (int e = 0; e < 20; ++e) {
    for (int i = 0; i < 2; ++i) plan.calls.push_back(Call("small" + std::to_string(e), i));
  }
  std::mutex mutex;
  std::vector<std::string> sent;  // "service:operation" of each request, in order
  FakeService service(std::chrono::milliseconds(2), [](const aws::CallRequest& r) {
    return Ok(r, r.operation.size() == 13 ? 6 : 1);  // ListThings100..102: six pages
  });
  CallFunction inner = service.Function();
  CallFunction call = [&](aws::CallRequest request, std::function<void(aws::CallResult)> done) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      sent.push_back(request.service + ":" + request.operation);
    }
    inner(std::move(request), std::move(done));
  };
  auto options = testing::FastOptions();
  options.parallel = 6;
  options.per_endpoint = 4;
  Outcome out = RunPlan(plan, call, options);
  EXPECT_EQ(out.totals.progress.by_outcome[static_cast<size_t>(CallOutcome::kOk)], 63);
  ASSERT_EQ(sent.size(), 20u + 3 * 6 + 40);
  // The three lists are the first three requests (a round-robin in plan order sent them last).
  std::set<std::string> first(sent.begin(), sent.begin() + 3);
  EXPECT_EQ(first,
            (std::set<std::string>{"big:ListThings100", "big:ListThings101", "big:ListThings102"}));
  // The big endpoint does not run alone at the end: after the small endpoints' last request,
  // at most about one round of its limit is left (a round-robin in plan order left it its
  // lists, 18 pages in sequence, and most of its calls).
  size_t last_small = 0;
  for (size_t i = 0; i < sent.size(); ++i) {
    if (sent[i].rfind("small", 0) == 0) last_small = i;
  }
  EXPECT_LE(sent.size() - 1 - last_small, 8u);
}

TEST(Scheduler, ThrottledEndpointBacksOffWithoutHoldingUpTheOthers) {
  Plan plan;
  for (int i = 0; i < 8; ++i) plan.calls.push_back(Call("throttled", i));
  for (int i = 0; i < 40; ++i) plan.calls.push_back(Call("other", i));
  FakeService service(std::chrono::milliseconds(2), [](const aws::CallRequest& r) {
    return r.service == "throttled" ? Throttled() : Ok(r);
  });
  auto options = testing::FastOptions();
  options.parallel = 4;
  options.per_endpoint = 4;
  options.throttle_retries = 3;
  options.backoff_base = std::chrono::milliseconds(100);
  options.backoff_max = std::chrono::milliseconds(100);
  Outcome out = RunPlan(plan, service.Function(), options);
  size_t last_other = 0, first_throttled = out.ledger.size();
  for (size_t i = 0; i < out.ledger.size(); ++i) {
    const CallRecord& r = out.ledger[i];
    if (r.service == "other") {
      EXPECT_EQ(r.outcome, CallOutcome::kOk);
      last_other = i;
    } else {
      EXPECT_EQ(r.outcome, CallOutcome::kThrottled);
      EXPECT_EQ(r.throttle_retries, 3);
      EXPECT_EQ(r.attempts, 12);
      EXPECT_EQ(r.retries, 8) << "attempts beyond one per request";
      first_throttled = std::min(first_throttled, i);
    }
  }
  EXPECT_LT(last_other, first_throttled) << "the other endpoint finished while throttled waited";
  EXPECT_GE(service.max_in_flight("other"), 3);
}

TEST(Scheduler, StopRecordsEveryCallAndSendsNothingNew) {
  Plan plan;
  for (int i = 0; i < 200; ++i) plan.calls.push_back(Call("svc" + std::to_string(i % 7), i, true));
  std::atomic<int> requests{0};
  FakeService service(std::chrono::milliseconds(5), [&](const aws::CallRequest& r) {
    ++requests;
    return Ok(r, 3);
  });
  auto options = testing::FastOptions();
  options.parallel = 6;
  options.progress_interval = std::chrono::milliseconds(1);
  int sent_at_stop = -1;
  Outcome out = RunPlan(plan, service.Function(), options,
                        [&](const ScrapeProgress& p, std::atomic<int>& cancel) {
                          if (p.finished >= 20 && cancel.load() == 0) {
                            sent_at_stop = static_cast<int>(service.order().size());
                            cancel = 1;
                          }
                        });
  EXPECT_TRUE(out.totals.interrupted);
  EXPECT_FALSE(out.totals.abandoned);
  ASSERT_GT(sent_at_stop, 0);
  EXPECT_EQ(static_cast<int>(service.order().size()), sent_at_stop) << "no request after the stop";
  size_t cancelled = 0, interrupted = 0, complete = 0;
  for (const CallRecord& r : out.ledger) {
    if (r.error_code == "Cancelled") {
      ++cancelled;
      EXPECT_EQ(r.outcome, CallOutcome::kError);
      EXPECT_EQ(r.attempts, 0);
    } else if (r.incomplete == "interrupted") {
      ++interrupted;
      EXPECT_EQ(r.outcome, CallOutcome::kOk);
      EXPECT_LT(r.pages, 3);
    } else {
      ++complete;
      EXPECT_EQ(r.pages, 3);
      EXPECT_EQ(r.items, 6);
    }
  }
  EXPECT_GE(complete, 20u);
  EXPECT_GT(cancelled, 100u);
  EXPECT_EQ(cancelled + interrupted + complete, 200u);
  // Every page received is in the spool.
  EXPECT_EQ(out.totals.progress.pages, requests.load());
}

TEST(Scheduler, AbandonReturnsWithCallsInFlightAndLateAnswersAreDropped) {
  Plan plan;
  for (int i = 0; i < 20; ++i) plan.calls.push_back(Call("svc" + std::to_string(i % 3), i));
  std::mutex mutex;
  std::vector<std::function<void(aws::CallResult)>> pending;
  CallFunction never = [&](aws::CallRequest, std::function<void(aws::CallResult)> done) {
    std::lock_guard<std::mutex> lock(mutex);
    pending.push_back(std::move(done));
  };
  auto options = testing::FastOptions();
  options.parallel = 5;
  options.progress_interval = std::chrono::milliseconds(1);
  Outcome out =
      RunPlan(plan, never, options, [&](const ScrapeProgress& p, std::atomic<int>& cancel) {
        if (p.in_flight == 5) cancel = 2;
      });
  EXPECT_TRUE(out.totals.abandoned);
  EXPECT_TRUE(out.totals.interrupted);
  EXPECT_EQ(out.totals.progress.by_outcome[static_cast<size_t>(CallOutcome::kError)], 20);
  ASSERT_EQ(pending.size(), 5u);
  for (auto& done : pending) done(Ok(aws::CallRequest{}));  // after Run: dropped, no crash
}

TEST(Scheduler, TransientFailuresAreRequeuedThenRecorded) {
  Plan plan;
  plan.calls.push_back(Call("flaky", 0));
  plan.calls.push_back(Call("broken", 0));
  std::atomic<int> flaky_calls{0};
  FakeService service(std::chrono::milliseconds(1), [&](const aws::CallRequest& r) {
    aws::CallResult failed;
    failed.status = Status(StatusCode::kAwsError, "InternalFailure");
    failed.attempts = 3;
    failed.http_status = 500;
    failed.error_code = "InternalFailure";
    failed.error_kind = aws::ErrorKind::kTransient;
    if (r.service == "flaky" && ++flaky_calls > 1) return Ok(r);
    return failed;
  });
  auto options = testing::FastOptions();
  options.transient_retries = 2;
  Outcome out = RunPlan(plan, service.Function(), options);
  for (const CallRecord& r : out.ledger) {
    if (r.service == "flaky") {
      EXPECT_EQ(r.outcome, CallOutcome::kOk);
      EXPECT_EQ(r.attempts, 4);
    } else {
      EXPECT_EQ(r.outcome, CallOutcome::kError);
      EXPECT_EQ(r.attempts, 9);
      EXPECT_EQ(r.http_status, 500);
      EXPECT_EQ(r.error_code, "InternalFailure");
    }
  }
}

}  // namespace
}  // namespace awscrape::scrape
