#include "awscrape/scrape/endpoint_queues.h"

#include <algorithm>

namespace awscrape::scrape {

EndpointQueues::EndpointQueues(int per_endpoint_limit)
    : max_limit_(std::max(1, per_endpoint_limit)) {}

size_t EndpointQueues::Endpoint(const std::string& key) {
  auto [it, inserted] = index_.emplace(key, endpoints_.size());
  if (inserted) {
    Queue q;
    q.key = key;
    q.limit = max_limit_;
    endpoints_.push_back(std::move(q));
  }
  return it->second;
}

void EndpointQueues::MaybeEnterRing(size_t endpoint) {
  Queue& q = endpoints_[endpoint];
  if (!q.in_ring && !q.ready.empty() && HasSlot(q)) {
    q.in_ring = true;
    ring_.push_back(endpoint);
  }
}

void EndpointQueues::Push(size_t endpoint, size_t task, bool front) {
  Queue& q = endpoints_[endpoint];
  if (front) {
    q.ready.push_front(task);
    if (!q.in_urgent) {
      q.in_urgent = true;
      urgent_.push_back(endpoint);
    }
  } else {
    q.ready.push_back(task);
  }
  ++queued_;
  MaybeEnterRing(endpoint);
}

bool EndpointQueues::Next(size_t& task, size_t& endpoint) {
  // Next pages first; an endpoint whose limit is full stays urgent until a slot frees.
  for (size_t n = urgent_.size(); n > 0; --n) {
    size_t e = urgent_.front();
    urgent_.pop_front();
    Queue& q = endpoints_[e];
    if (q.ready.empty()) {
      q.in_urgent = false;
      continue;
    }
    if (!HasSlot(q)) {
      urgent_.push_back(e);
      continue;
    }
    q.in_urgent = false;
    task = q.ready.front();
    q.ready.pop_front();
    --queued_;
    ++q.in_flight;
    endpoint = e;
    MaybeEnterRing(e);
    return true;
  }
  while (!ring_.empty()) {
    size_t e = ring_.front();
    ring_.pop_front();
    Queue& q = endpoints_[e];
    q.in_ring = false;
    if (q.ready.empty() || !HasSlot(q)) continue;  // the limit shrank since it joined
    task = q.ready.front();
    q.ready.pop_front();
    --queued_;
    ++q.in_flight;
    endpoint = e;
    MaybeEnterRing(e);  // to the back: one task per endpoint per turn
    return true;
  }
  return false;
}

void EndpointQueues::Release(size_t endpoint, bool throttled) {
  Queue& q = endpoints_[endpoint];
  --q.in_flight;
  if (throttled) {
    q.limit = std::max(1.0, q.limit / 2);
  } else {
    q.limit = std::min(static_cast<double>(max_limit_), q.limit + 1.0 / q.limit);
  }
  MaybeEnterRing(endpoint);
}

std::vector<size_t> EndpointQueues::DrainAll() {
  std::vector<size_t> tasks;
  for (Queue& q : endpoints_) {
    tasks.insert(tasks.end(), q.ready.begin(), q.ready.end());
    q.ready.clear();
    q.in_ring = false;
    q.in_urgent = false;
  }
  ring_.clear();
  urgent_.clear();
  queued_ = 0;
  return tasks;
}

}  // namespace awscrape::scrape
