// ScrapeQueue: runs the scrapes the API asks for in the background, at most `max_concurrent`
// at once (the seed's MAX_CONCURRENT_SCRAPES), the rest waiting in order. Submit creates the
// scrape's record in the store (end_time/success null) so GET /api/scrapes/{id} finds it at once,
// publishes scrape.queued / started / progress / ingest / finished on the EventBus and keeps
// Metrics. After the launcher returns it records end_time, duration, success and return_code.
//
// Thread-safe. Shutdown() (or the destructor) asks running scrapes to stop, drops the queued
// ones (recorded as failed, return code -1) and joins the workers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "awscrape/api/event_bus.h"
#include "awscrape/api/metrics.h"
#include "awscrape/api/scrape_launcher.h"
#include "awscrape/core/result.h"
#include "awscrape/store/store.h"

namespace awscrape::api {

enum class ScrapeState { kQueued, kRunning };

struct ScrapeStatus {
  ScrapeState state = ScrapeState::kQueued;
  int64_t queue_position = 0;  // 1-based, while queued
  CallProgress calls;
  IngestProgress ingest;
};

class ScrapeQueue {
 public:
  // Submit refuses (kUnavailable) beyond this many waiting scrapes.
  static constexpr size_t kMaxQueued = 100;

  ScrapeQueue(store::Store& store, ScrapeLauncher& launcher, EventBus& events, Metrics& metrics,
              int max_concurrent);
  ~ScrapeQueue();
  ScrapeQueue(const ScrapeQueue&) = delete;
  ScrapeQueue& operator=(const ScrapeQueue&) = delete;

  // Gives the job an id (unless it has one), stores its record and queues it. Fails when the
  // queue is shut down or the store refuses the record.
  Result<std::string> Submit(ScrapeJob job);
  // The scrape's state while this queue holds it; nullopt once finished (or never seen).
  std::optional<ScrapeStatus> Status(const std::string& scrape_id) const;
  size_t queued() const;
  size_t running() const;
  int max_concurrent() const { return max_concurrent_; }
  void Shutdown();

 private:
  class Observer;
  void Work();
  void RunOne(const ScrapeJob& job);

  store::Store& store_;
  ScrapeLauncher& launcher_;
  EventBus& events_;
  Metrics& metrics_;
  const int max_concurrent_;
  std::atomic<bool> cancel_{false};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool shutdown_ = false;                       // guarded by mu_
  std::deque<ScrapeJob> waiting_;               // guarded by mu_
  std::map<std::string, ScrapeStatus> active_;  // guarded by mu_: queued and running
  std::vector<std::thread> workers_;
};

}  // namespace awscrape::api
