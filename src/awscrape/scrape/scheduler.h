// Scheduler: runs a scrape's plan — one task per planned call, i.e. per (account, region,
// service, operation) as in seeds/002 — event-driven over the asynchronous client: no thread per
// call, one loop on the caller's thread doing all bookkeeping, spool and ledger writes.
//
// Lifecycle of a task (STYLE.md habit 5): planned → opened (it gets its Pager, the pagination
// state) → stepped page by page, each page written to the spool as it arrives → finished with
// exactly one ledger line. Tasks wait in per-endpoint queues that get turns in proportion to
// their remaining work, paginated calls first (endpoint_queues.h), under a global concurrency
// (`parallel`) and an adaptive per-endpoint limit.
// A call that comes back throttled after the client's own retries is re-queued after a backoff
// with jitter, up to `throttle_retries` times, then recorded as `throttled`; a transient failure
// (5xx, timeout, connection reset) gets `transient_retries` more tries. While a task waits out its
// backoff it holds no slot, so a throttled endpoint slows down and the others proceed.
//
// Stopping: `cancel` is read by the loop (a signal handler may set it). 1 = stop: no new calls
// or pages; calls in flight finish and are recorded; calls never sent are recorded as
// error/Cancelled. 2 = abandon: additionally record the calls still in flight as cancelled and
// return at once (Result::abandoned); their callbacks may still arrive later and are dropped
// safely, but the caller must not destroy the client while they can (the CLI exits instead).
//
// Memory is bounded by concurrency, not account size: a page is written out and dropped as soon
// as it arrives; per task only the tokens and counters remain. One spool file descriptor at a
// time, plus the ledger's.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "awscrape/aws/client/aws_client.h"
#include "awscrape/aws/retry/retry_policy.h"
#include "awscrape/scrape/call_outcome.h"
#include "awscrape/scrape/default_resources.h"
#include "awscrape/scrape/ledger.h"
#include "awscrape/scrape/outcome_rules.h"
#include "awscrape/scrape/planner.h"
#include "awscrape/scrape/spool_writer.h"

namespace awscrape::scrape {

// How the scheduler makes one call: must not block, must call `done` exactly once (from any
// thread). AwsClient::CallAsync in production (client_pool.h).
using CallFunction =
    std::function<void(aws::CallRequest request, std::function<void(aws::CallResult)> done)>;

struct SchedulerOptions {
  std::string scrape_id;
  std::string profile;  // recorded in the ledger; empty: none
  int parallel = 32;
  int per_endpoint = 10;
  int max_pages = 1000;
  int throttle_retries = 10;
  int transient_retries = 2;
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_max{20000};
  std::chrono::milliseconds progress_interval{250};
  // Regions known to be disabled for the account: their calls are recorded as not_available
  // without being sent.
  std::set<std::string> disabled_regions;
  // Whether a region is an opt-in region (for the outcome rules); nullptr: none is.
  std::function<bool(const std::string& region)> is_opt_in_region;
  aws::RandomSource random;  // backoff jitter; empty: a real random source
};

using OutcomeCounts = std::array<int64_t, kCallOutcomeCount>;

struct ScrapeProgress {
  size_t planned = 0;
  size_t finished = 0;
  size_t in_flight = 0;
  size_t waiting = 0;  // in backoff
  OutcomeCounts by_outcome{};
  int64_t pages = 0;
  int64_t requests = 0;  // HTTP attempts
  int64_t items = 0;
  std::chrono::steady_clock::duration elapsed{};
};

struct ScrapeTotals {
  ScrapeProgress progress;
  // Outcomes per service and spool region ("None" for global calls).
  std::map<std::string, std::map<std::string, OutcomeCounts>> by_service_region;
  bool interrupted = false;  // stopped by `cancel` before every call finished normally
  bool abandoned = false;    // returned with calls still in flight (cancel = 2)
  Status write_error;        // the first spool or ledger write that failed (stops the scrape)
  int64_t default_resources = 0;
  int64_t incomplete_calls = 0;  // pagination stopped early: repeated token, page cap, stop
};

class Scheduler {
 public:
  Scheduler(const Plan& plan, CallFunction call, SpoolWriter& spool, LedgerWriter& ledger,
            const DefaultResourceRules& defaults, const OutcomeRules& rules,
            SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs every task to its outcome (or until `cancel`); calls `on_progress` on this thread about
  // every progress_interval. Call once.
  ScrapeTotals Run(const std::atomic<int>& cancel,
                   const std::function<void(const ScrapeProgress&)>& on_progress = {});

 private:
  struct Task;
  struct Mailbox;
  class Loop;

  const Plan& plan_;
  CallFunction call_;
  SpoolWriter& spool_;
  LedgerWriter& ledger_;
  const DefaultResourceRules& defaults_;
  const OutcomeRules& rules_;
  SchedulerOptions options_;
};

}  // namespace awscrape::scrape
