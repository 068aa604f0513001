#include "awscrape/api/scrape_queue.h"

#include <algorithm>

#include "awscrape/store/scrape_id.h"

namespace awscrape::api {
namespace {

JsonDocument CallProgressJson(const CallProgress& p) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("planned", p.planned, a);
  doc.AddMember("finished", p.finished, a);
  JsonValue outcomes(rapidjson::kObjectType);
  for (const auto& [name, n] : p.by_outcome)
    outcomes.AddMember(MakeString(name, a), JsonValue(n), a);
  doc.AddMember("by_outcome", outcomes, a);
  doc.AddMember("elapsed_seconds", p.elapsed_seconds, a);
  JsonValue eta(rapidjson::kNullType);
  if (p.eta_seconds) eta.SetDouble(*p.eta_seconds);
  doc.AddMember("eta_seconds", eta, a);
  return doc;
}

JsonDocument IngestProgressJson(const IngestProgress& p) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("files_stored", p.files_stored, a);
  doc.AddMember("documents_inserted", p.documents_inserted, a);
  doc.AddMember("files_rejected", p.files_rejected, a);
  doc.AddMember("files_pending", p.files_pending, a);
  return doc;
}

}  // namespace

// Forwards one scrape's progress to the status map, the event bus and the metrics.
class ScrapeQueue::Observer final : public ScrapeObserver {
 public:
  Observer(ScrapeQueue& queue, std::string scrape_id)
      : queue_(queue), scrape_id_(std::move(scrape_id)) {}

  void OnCallProgress(const CallProgress& progress) override {
    for (const auto& [outcome, n] : progress.by_outcome) {
      int64_t& seen = calls_seen_[outcome];
      if (n > seen) queue_.metrics_.AddCalls(outcome, n - seen);
      seen = std::max(seen, n);
    }
    {
      std::lock_guard lock(queue_.mu_);
      auto it = queue_.active_.find(scrape_id_);
      if (it != queue_.active_.end()) it->second.calls = progress;
    }
    queue_.events_.Publish("scrape.progress", scrape_id_, CallProgressJson(progress));
  }

  void OnIngestProgress(const IngestProgress& progress) override {
    if (progress.documents_inserted > documents_seen_) {
      queue_.metrics_.AddDocumentsIngested(progress.documents_inserted - documents_seen_);
      documents_seen_ = progress.documents_inserted;
    }
    queue_.metrics_.SetIngestPending(scrape_id_, progress.files_pending);
    {
      std::lock_guard lock(queue_.mu_);
      auto it = queue_.active_.find(scrape_id_);
      if (it != queue_.active_.end()) it->second.ingest = progress;
    }
    queue_.events_.Publish("scrape.ingest", scrape_id_, IngestProgressJson(progress));
  }

 private:
  ScrapeQueue& queue_;
  std::string scrape_id_;
  std::map<std::string, int64_t> calls_seen_;
  int64_t documents_seen_ = 0;
};

ScrapeQueue::ScrapeQueue(store::Store& store, ScrapeLauncher& launcher, EventBus& events,
                         Metrics& metrics, int max_concurrent)
    : store_(store),
      launcher_(launcher),
      events_(events),
      metrics_(metrics),
      max_concurrent_(std::max(1, max_concurrent)) {
  for (int i = 0; i < max_concurrent_; ++i) workers_.emplace_back([this] { Work(); });
}

ScrapeQueue::~ScrapeQueue() { Shutdown(); }

Result<std::string> ScrapeQueue::Submit(ScrapeJob job) {
  Timestamp now = store::WallClockNow();
  if (job.scrape_id.empty()) job.scrape_id = store::GenerateScrapeId(now);
  store::ScrapeRecord record;
  record.scrape_id = job.scrape_id;
  record.start_time = record.created_at = record.updated_at = now;
  record.services = job.services;
  record.regions = job.regions;
  record.profile = job.profile;
  record.tool_version = AWSCRAPE_VERSION;
  launcher_.Describe(job, record);
  {
    std::lock_guard lock(mu_);
    if (shutdown_) return Unavailable("the server is shutting down");
    if (waiting_.size() >= kMaxQueued) {
      return Unavailable("too many scrapes waiting (" + std::to_string(kMaxQueued) +
                         "); try again later");
    }
  }
  AWSCRAPE_ASSIGN_OR_RETURN(bool created, store_.CreateScrapeIfAbsent(record));
  if (!created) return InvalidArgument("scrape '" + job.scrape_id + "' already exists");
  int64_t position = 0;
  {
    std::lock_guard lock(mu_);
    waiting_.push_back(job);
    position = static_cast<int64_t>(waiting_.size());
    active_[job.scrape_id] = ScrapeStatus{ScrapeState::kQueued, position, {}, {}};
  }
  metrics_.ScrapeQueued();
  JsonDocument fields(rapidjson::kObjectType);
  fields.AddMember("queue_position", position, fields.GetAllocator());
  events_.Publish("scrape.queued", job.scrape_id, std::move(fields));
  cv_.notify_one();
  return job.scrape_id;
}

std::optional<ScrapeStatus> ScrapeQueue::Status(const std::string& scrape_id) const {
  std::lock_guard lock(mu_);
  auto it = active_.find(scrape_id);
  if (it == active_.end()) return std::nullopt;
  ScrapeStatus status = it->second;
  if (status.state == ScrapeState::kQueued) {
    auto pos = std::find_if(waiting_.begin(), waiting_.end(),
                            [&](const ScrapeJob& j) { return j.scrape_id == scrape_id; });
    status.queue_position = pos - waiting_.begin() + 1;
  }
  return status;
}

size_t ScrapeQueue::queued() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

size_t ScrapeQueue::running() const {
  std::lock_guard lock(mu_);
  return active_.size() - waiting_.size();
}

void ScrapeQueue::Shutdown() {
  std::deque<ScrapeJob> dropped;
  {
    std::lock_guard lock(mu_);
    if (shutdown_ && workers_.empty()) return;
    shutdown_ = true;
    dropped.swap(waiting_);
    for (const auto& job : dropped) active_.erase(job.scrape_id);
  }
  cancel_.store(true);
  cv_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
  for (const auto& job : dropped) {
    auto record = store_.GetScrape(job.scrape_id);
    if (record.ok()) {
      Timestamp now = store::WallClockNow();
      record->end_time = now;
      record->duration_seconds = 0;
      record->success = false;
      record->return_code = -1;
      record->updated_at = now;
      (void)store_.SaveScrape(*record);
    }
    metrics_.ScrapeStarted();
    metrics_.ScrapeFinished(false);
  }
}

void ScrapeQueue::Work() {
  while (true) {
    ScrapeJob job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return shutdown_ || !waiting_.empty(); });
      if (shutdown_) return;
      job = std::move(waiting_.front());
      waiting_.pop_front();
      active_[job.scrape_id].state = ScrapeState::kRunning;
      active_[job.scrape_id].queue_position = 0;
    }
    RunOne(job);
  }
}

void ScrapeQueue::RunOne(const ScrapeJob& job) {
  metrics_.ScrapeStarted();
  events_.Publish("scrape.started", job.scrape_id, JsonDocument(rapidjson::kObjectType));
  Observer observer(*this, job.scrape_id);
  ScrapeResult result = launcher_.Run(job, observer, cancel_);

  // The launcher may have updated the record (counters, command); keep what it wrote.
  Timestamp now = store::WallClockNow();
  auto record = store_.GetScrape(job.scrape_id);
  awscrape::Status saved = record.status();
  if (record.ok()) {
    record->end_time = now;
    record->duration_seconds = now.ToEpochSeconds() - record->start_time.ToEpochSeconds();
    record->success = result.success;
    record->return_code = result.return_code;
    record->updated_at = now;
    saved = store_.SaveScrape(*record);
  }
  if (!result.success && !result.message.empty()) {
    store::LogEntry entry;
    entry.timestamp = now;
    entry.level = "ERROR";
    entry.component = "ScrapeQueue";
    entry.scrape_id = job.scrape_id;
    entry.message = "scrape failed";
    entry.error = result.message;
    (void)store_.AppendLogs(std::span<const store::LogEntry>(&entry, 1));
  }
  metrics_.SetIngestPending(job.scrape_id, 0);
  metrics_.ScrapeFinished(result.success);
  {
    std::lock_guard lock(mu_);
    active_.erase(job.scrape_id);
  }
  JsonDocument fields(rapidjson::kObjectType);
  auto& a = fields.GetAllocator();
  fields.AddMember("success", result.success, a);
  fields.AddMember("return_code", result.return_code, a);
  if (!result.message.empty()) fields.AddMember("message", MakeString(result.message, a), a);
  if (!saved.ok()) fields.AddMember("store_error", MakeString(saved.ToString(), a), a);
  events_.Publish("scrape.finished", job.scrape_id, std::move(fields));
}

}  // namespace awscrape::api
