// CacheInvalidator: follows the store's ChangeFeed on a thread of its own and applies its
// notices to a ResponseCache, which it trusts only while the feed runs: a broken feed empties
// the cache and turns it off until a new feed is listening (retried every `retry`), so a notice
// missed while the database connection was down can never leave a stale answer behind.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "awscrape/api/response_cache.h"
#include "awscrape/core/result.h"
#include "awscrape/store/store.h"

namespace awscrape::api {

class CacheInvalidator {
 public:
  // Opens the first feed here, so a backend without change notices is known at once
  // (kUnimplemented: the cache must stay off); a database that is down is retried on the thread.
  static Result<std::unique_ptr<CacheInvalidator>> Start(
      store::Store& store, ResponseCache& cache,
      std::chrono::milliseconds retry = std::chrono::seconds(1));
  ~CacheInvalidator();  // Stop()
  CacheInvalidator(const CacheInvalidator&) = delete;
  CacheInvalidator& operator=(const CacheInvalidator&) = delete;

  // Stops following and leaves the cache untrusted (empty). Idempotent.
  void Stop();

 private:
  CacheInvalidator(store::Store& store, ResponseCache& cache, std::chrono::milliseconds retry)
      : store_(store), cache_(cache), retry_(retry) {}
  void Run(std::unique_ptr<store::ChangeFeed> feed);
  bool Stopping();
  void SleepForRetry();

  store::Store& store_;
  ResponseCache& cache_;
  const std::chrono::milliseconds retry_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace awscrape::api
