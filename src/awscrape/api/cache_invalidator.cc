#include "awscrape/api/cache_invalidator.h"

#include <utility>

namespace awscrape::api {
namespace {
// How long one Wait blocks: bounds how long Stop takes, not how late a notice is applied.
constexpr std::chrono::milliseconds kPoll{200};
}  // namespace

Result<std::unique_ptr<CacheInvalidator>> CacheInvalidator::Start(store::Store& store,
                                                                  ResponseCache& cache,
                                                                  std::chrono::milliseconds retry) {
  auto feed = store.OpenChangeFeed();
  if (!feed.ok() && feed.status().code() == StatusCode::kUnimplemented) return feed.status();
  std::unique_ptr<CacheInvalidator> invalidator(new CacheInvalidator(store, cache, retry));
  std::unique_ptr<store::ChangeFeed> first = feed.ok() ? std::move(*feed) : nullptr;
  invalidator->thread_ = std::thread(
      [self = invalidator.get(), f = std::move(first)]() mutable { self->Run(std::move(f)); });
  return invalidator;
}

CacheInvalidator::~CacheInvalidator() { Stop(); }

void CacheInvalidator::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  cache_.SetTrusted(false);
}

bool CacheInvalidator::Stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

void CacheInvalidator::SleepForRetry() {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, retry_, [&] { return stop_; });
}

void CacheInvalidator::Run(std::unique_ptr<store::ChangeFeed> feed) {
  while (!Stopping()) {
    if (!feed) {
      auto opened = store_.OpenChangeFeed();
      if (!opened.ok()) {
        SleepForRetry();
        continue;
      }
      feed = std::move(*opened);
    }
    // Listening from here on: every later commit is noticed; tickets taken before are refused.
    cache_.SetTrusted(true);
    while (!Stopping()) {
      auto changed = feed->Wait(kPoll);
      if (!changed.ok()) break;
      for (const std::string& scrape_id : *changed) cache_.Invalidate(scrape_id);
    }
    cache_.SetTrusted(false);
    feed.reset();
  }
}

}  // namespace awscrape::api
