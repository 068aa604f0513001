#include "awscrape/scrape/scheduler.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>

#include "awscrape/scrape/endpoint_queues.h"
#include "awscrape/scrape/pager.h"

namespace awscrape::scrape {

using Clock = std::chrono::steady_clock;

// Where the client's callbacks leave their results for the loop. Shared with the callbacks, so
// a callback that arrives after an abandoned Run() finds it alive (and closed).
struct Scheduler::Mailbox {
  struct Completion {
    size_t task;
    aws::CallResult result;
  };
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Completion> completions;  // guarded by mutex
  bool closed = false;                 // guarded by mutex

  void Push(size_t task, aws::CallResult result) {
    std::lock_guard<std::mutex> lock(mutex);
    if (closed) return;
    completions.push_back({task, std::move(result)});
    wake.notify_one();
  }
};

struct Scheduler::Task {
  const PlannedCall* call = nullptr;
  size_t endpoint = 0;
  std::optional<Pager> pager;  // opened at the first request
  Clock::time_point started{};
  bool in_flight = false;
  bool finished = false;
  int64_t attempts = 0;
  int64_t requests = 0;  // page requests sent, re-queues included
  int throttle_retries = 0;
  int transient_retries = 0;
  int64_t default_resources = 0;
  int http_status = 0;
  std::string request_id;
};

class Scheduler::Loop {
 public:
  Loop(Scheduler& s, const std::atomic<int>& cancel,
       const std::function<void(const ScrapeProgress&)>& on_progress)
      : s_(s),
        cancel_(cancel),
        on_progress_(on_progress),
        queues_(s.options_.per_endpoint),
        mailbox_(std::make_shared<Mailbox>()),
        random_(s.options_.random ? s.options_.random : aws::DefaultRandomSource()) {}

  ScrapeTotals Run();

 private:
  struct Delayed {
    Clock::time_point due;
    size_t task;
    bool operator>(const Delayed& o) const { return due > o.due; }
  };

  void Dispatch();
  void Send(size_t index);
  void OnCompletion(size_t index, aws::CallResult result);
  void OnPage(size_t index, Task& task, aws::CallResult& result);
  void Retry(size_t index, int retry_number);
  void Finish(size_t index, CallRecord record);
  CallRecord BaseRecord(const Task& task) const;
  void FinishOk(size_t index, std::string incomplete);
  void FinishFailed(size_t index, const aws::CallResult& result);
  void FinishCancelled(size_t index, std::string_view why);
  void Stop(bool abandon);
  void Report(bool force);
  ScrapeProgress Progress() const;

  Scheduler& s_;
  const std::atomic<int>& cancel_;
  const std::function<void(const ScrapeProgress&)>& on_progress_;
  EndpointQueues queues_;
  std::shared_ptr<Mailbox> mailbox_;
  aws::RandomSource random_;
  std::vector<Task> tasks_;
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed_;
  size_t in_flight_ = 0;
  bool stopping_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_report_{};
  ScrapeTotals totals_;
};

Scheduler::Scheduler(const Plan& plan, CallFunction call, SpoolWriter& spool, LedgerWriter& ledger,
                     const DefaultResourceRules& defaults, const OutcomeRules& rules,
                     SchedulerOptions options)
    : plan_(plan),
      call_(std::move(call)),
      spool_(spool),
      ledger_(ledger),
      defaults_(defaults),
      rules_(rules),
      options_(std::move(options)) {
  options_.parallel = std::max(1, options_.parallel);
  options_.per_endpoint = std::max(1, options_.per_endpoint);
  options_.max_pages = std::max(1, options_.max_pages);
}

Scheduler::~Scheduler() = default;

ScrapeTotals Scheduler::Run(const std::atomic<int>& cancel,
                            const std::function<void(const ScrapeProgress&)>& on_progress) {
  Loop loop(*this, cancel, on_progress);
  return loop.Run();
}

ScrapeTotals Scheduler::Loop::Run() {
  const auto& options = s_.options_;
  tasks_.resize(s_.plan_.calls.size());
  totals_.progress.planned = tasks_.size();
  for (size_t i = 0; i < tasks_.size(); ++i) {
    const PlannedCall& call = s_.plan_.calls[i];
    Task& task = tasks_[i];
    task.call = &call;
    task.endpoint = queues_.Endpoint(call.endpoint_prefix + "/" + call.region);
    if (options.disabled_regions.count(call.region) && !call.global) {
      CallRecord record = BaseRecord(task);
      record.outcome = CallOutcome::kNotAvailable;
      record.rule = "region-not-opted-in";
      record.reason =
          "ec2 DescribeRegions says the account has not enabled " + call.region + ": not called";
      Finish(i, std::move(record));
      continue;
    }
    if (call.paginator) {
      queues_.PushPaginated(task.endpoint, i);
    } else {
      queues_.Push(task.endpoint, i);
    }
  }

  while (true) {
    int cancel = cancel_.load();
    if (cancel >= 2 || (cancel == 1 && !stopping_)) Stop(cancel >= 2);
    if (cancel >= 2) break;
    if (!stopping_) Dispatch();
    if (totals_.progress.finished == tasks_.size()) break;
    if (stopping_ && in_flight_ == 0) break;

    std::deque<Mailbox::Completion> ready;
    {
      std::unique_lock<std::mutex> lock(mailbox_->mutex);
      auto deadline = Clock::now() + options.progress_interval;
      if (!delayed_.empty()) deadline = std::min(deadline, delayed_.top().due);
      mailbox_->wake.wait_until(lock, deadline, [&] { return !mailbox_->completions.empty(); });
      ready.swap(mailbox_->completions);
    }
    for (auto& completion : ready) OnCompletion(completion.task, std::move(completion.result));
    const auto now = Clock::now();
    while (!delayed_.empty() && delayed_.top().due <= now) {
      size_t index = delayed_.top().task;
      delayed_.pop();
      if (stopping_) {
        FinishCancelled(index, "the scrape was stopped while the call waited to retry");
      } else {
        queues_.Push(tasks_[index].endpoint, index, /*front=*/true);
      }
    }
    Report(false);
  }
  {
    std::lock_guard<std::mutex> lock(mailbox_->mutex);
    mailbox_->closed = true;
  }
  totals_.abandoned = in_flight_ > 0;
  if (totals_.abandoned) {
    for (size_t i = 0; i < tasks_.size(); ++i) {
      if (tasks_[i].in_flight)
        FinishCancelled(i, "the scrape was abandoned with the call in flight");
    }
  }
  Report(true);
  totals_.progress = Progress();
  return std::move(totals_);
}

void Scheduler::Loop::Dispatch() {
  size_t index = 0, endpoint = 0;
  while (in_flight_ < static_cast<size_t>(s_.options_.parallel) && queues_.Next(index, endpoint)) {
    Send(index);
  }
}

void Scheduler::Loop::Send(size_t index) {
  Task& task = tasks_[index];
  if (!task.pager) {
    auto pager = Pager::Create(*task.call, s_.options_.max_pages);
    if (!pager.ok()) {
      queues_.Release(task.endpoint, false);
      CallRecord record = BaseRecord(task);
      record.outcome = CallOutcome::kError;
      record.error_code = "InvalidPlan";
      record.error_message = pager.status().message();
      Finish(index, std::move(record));
      return;
    }
    task.pager = std::move(pager).value();
    task.started = Clock::now();
  }
  aws::CallRequest request;
  request.service = task.call->service;
  request.operation = task.call->operation;
  request.region = task.call->region;
  request.params = task.pager->NextParams();
  task.in_flight = true;
  ++task.requests;
  ++in_flight_;
  std::shared_ptr<Mailbox> mailbox = mailbox_;
  s_.call_(std::move(request),
           [mailbox, index](aws::CallResult result) { mailbox->Push(index, std::move(result)); });
}

void Scheduler::Loop::OnCompletion(size_t index, aws::CallResult result) {
  Task& task = tasks_[index];
  if (!task.in_flight || task.finished) return;  // cannot happen; keeps a bug from double-counting
  task.in_flight = false;
  --in_flight_;
  task.attempts += result.attempts;
  totals_.progress.requests += result.attempts;
  task.http_status = result.http_status;
  if (!result.request_id.empty()) task.request_id = result.request_id;
  const bool throttled = !result.status.ok() && result.error_kind == aws::ErrorKind::kThrottling;
  queues_.Release(task.endpoint, throttled);

  if (result.status.ok()) return OnPage(index, task, result);
  if (!stopping_ && throttled && task.throttle_retries < s_.options_.throttle_retries) {
    return Retry(index, ++task.throttle_retries);
  }
  // Cancelled by the transport at shutdown is not a transient failure of the service, and a host
  // name that does not resolve will not resolve a second later either.
  const bool transient = result.error_kind == aws::ErrorKind::kTransient &&
                         result.status.code() != StatusCode::kCancelled &&
                         !IsUnresolvedHost(result.status);
  if (!stopping_ && transient && task.transient_retries < s_.options_.transient_retries) {
    return Retry(index, ++task.transient_retries);
  }
  FinishFailed(index, result);
}

void Scheduler::Loop::OnPage(size_t index, Task& task, aws::CallResult& result) {
  const int page = task.pager->page();
  std::vector<DefaultResourceFlag> flags =
      s_.defaults_.Flag(task.call->service, task.call->operation, result.response);
  task.default_resources += static_cast<int64_t>(flags.size());
  auto written = s_.spool_.WritePage(*task.call, page, result.response, flags);
  if (!written.ok()) {
    if (totals_.write_error.ok()) totals_.write_error = written.status();
    CallRecord record = BaseRecord(task);
    record.outcome = CallOutcome::kError;
    record.error_code = "SpoolWriteFailed";
    record.error_message = written.status().message();
    Finish(index, std::move(record));
    Stop(false);  // a full disk fails every later page too
    return;
  }
  ++totals_.progress.pages;
  PageStep step = task.pager->OnPage(result.response);
  result.response = JsonDocument();  // the page is on disk: free it before anything else
  if (step == PageStep::kMore) {
    if (stopping_) return FinishOk(index, "interrupted");
    queues_.Push(task.endpoint, index, /*front=*/true);
    return;
  }
  FinishOk(index, step == PageStep::kDone ? "" : std::string(PageStepName(step)));
}

void Scheduler::Loop::Retry(size_t index, int retry_number) {
  const auto& o = s_.options_;
  // Exponential backoff with "equal jitter": at least half the step, so a re-queued call never
  // comes straight back to an endpoint that is still throttling.
  double step = static_cast<double>(o.backoff_base.count()) *
                static_cast<double>(1LL << std::min(retry_number - 1, 20));
  step = std::min(step, static_cast<double>(o.backoff_max.count()));
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(step * (0.5 + 0.5 * random_())));
  delayed_.push({Clock::now() + delay, index});
}

CallRecord Scheduler::Loop::BaseRecord(const Task& task) const {
  CallRecord r;
  r.scrape_id = s_.options_.scrape_id;
  r.service = task.call->service;
  r.operation = task.call->operation;
  r.region = task.call->SpoolRegion();
  r.call_region = task.call->region;
  r.profile = s_.options_.profile;
  r.pages = task.pager ? task.pager->page() : 0;
  r.items = task.pager ? task.pager->items() : 0;
  r.attempts = task.attempts;
  r.retries = std::max<int64_t>(0, task.attempts - task.requests);
  r.throttle_retries = task.throttle_retries;
  if (task.pager) {
    r.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - task.started).count();
  }
  r.http_status = task.http_status;
  r.request_id = task.request_id;
  r.default_resources = task.default_resources;
  return r;
}

void Scheduler::Loop::FinishOk(size_t index, std::string incomplete) {
  CallRecord record = BaseRecord(tasks_[index]);
  record.outcome = record.items > 0 ? CallOutcome::kOk : CallOutcome::kEmpty;
  record.incomplete = std::move(incomplete);
  Finish(index, std::move(record));
}

void Scheduler::Loop::FinishFailed(size_t index, const aws::CallResult& result) {
  const Task& task = tasks_[index];
  CallRecord record = BaseRecord(task);
  const std::string& region = task.call->region;
  bool opt_in = s_.options_.is_opt_in_region ? s_.options_.is_opt_in_region(region) : false;
  OutcomeDecision decision = s_.rules_.Decide(FailedCall::From(result, opt_in));
  record.outcome = decision.outcome;
  if (decision.rule) {
    record.rule = decision.rule->id;
    record.reason = decision.rule->reason;
  }
  record.error_code = result.error_code.empty() && !result.status.ok()
                          ? std::string(StatusCodeName(result.status.code()))
                          : result.error_code;
  record.error_message =
      result.error_message.empty() ? result.status.message() : result.error_message;
  Finish(index, std::move(record));
}

void Scheduler::Loop::FinishCancelled(size_t index, std::string_view why) {
  const Task& task = tasks_[index];
  if (task.pager && task.pager->page() > 0) return FinishOk(index, "interrupted");
  CallRecord record = BaseRecord(task);
  record.outcome = CallOutcome::kError;
  record.error_code = "Cancelled";
  record.error_message = std::string(why);
  Finish(index, std::move(record));
}

void Scheduler::Loop::Finish(size_t index, CallRecord record) {
  Task& task = tasks_[index];
  if (task.finished) return;
  task.finished = true;
  task.in_flight = false;
  task.pager.reset();
  record.recorded_at = Timestamp::FromEpochSeconds(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  Status written = s_.ledger_.Append(record);
  if (!written.ok() && totals_.write_error.ok()) totals_.write_error = written;
  auto& progress = totals_.progress;
  ++progress.finished;
  ++progress.by_outcome[static_cast<size_t>(record.outcome)];
  progress.items += record.items;
  ++totals_.by_service_region[record.service][record.region][static_cast<size_t>(record.outcome)];
  totals_.default_resources += record.default_resources;
  if (!record.incomplete.empty()) ++totals_.incomplete_calls;
  if (!written.ok()) Stop(false);
}

void Scheduler::Loop::Stop(bool abandon) {
  if (!stopping_) {
    stopping_ = true;
    totals_.interrupted = true;
    for (size_t index : queues_.DrainAll()) {
      FinishCancelled(index, "the scrape was stopped before the call was sent");
    }
    while (!delayed_.empty()) {
      size_t index = delayed_.top().task;
      delayed_.pop();
      FinishCancelled(index, "the scrape was stopped while the call waited to retry");
    }
  }
  (void)abandon;  // in-flight calls are settled by Run() once the loop ends
}

ScrapeProgress Scheduler::Loop::Progress() const {
  ScrapeProgress p = totals_.progress;
  p.in_flight = in_flight_;
  p.waiting = delayed_.size();
  p.elapsed = Clock::now() - start_;
  return p;
}

void Scheduler::Loop::Report(bool force) {
  if (!on_progress_) return;
  auto now = Clock::now();
  if (!force && now - last_report_ < s_.options_.progress_interval) return;
  last_report_ = now;
  on_progress_(Progress());
}

}  // namespace awscrape::scrape
