// EndpointQueues: the scheduler's ready tasks, one FIFO per endpoint (endpoint prefix, region),
// served round-robin so every endpoint progresses at once and one big service never runs alone.
//
// Each endpoint has a concurrency limit that adapts like TCP's congestion window: halved when a
// call comes back throttled, grown by a fraction of a call with each success, never above the
// configured per-endpoint limit nor below one. A throttled endpoint thus holds fewer of the
// scrape's global slots while the client's adaptive limiter slows its send rate, and the other
// endpoints' calls proceed. Next() is O(1): only endpoints with work and a free slot are in the
// ring. Not thread-safe: the scheduler's loop owns it.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace awscrape::scrape {

class EndpointQueues {
 public:
  explicit EndpointQueues(int per_endpoint_limit);

  // The endpoint's index, created on first use.
  size_t Endpoint(const std::string& key);
  const std::string& Key(size_t endpoint) const { return endpoints_[endpoint].key; }

  // Queue a task: at the back (new work) or the front (the next page of a call in progress). A
  // next page also puts its endpoint ahead of the round-robin turn: a long pagination chain is
  // latency-bound (one page after the other), so waiting a whole turn per page would make it the
  // scrape's tail; depth first also frees the call's state early.
  void Push(size_t endpoint, size_t task, bool front = false);
  // The next task to send, round-robin over endpoints with work and a free slot; marks the slot
  // taken. false when none can be sent now.
  bool Next(size_t& task, size_t& endpoint);
  // A call to `endpoint` came back: frees its slot and adapts the limit.
  void Release(size_t endpoint, bool throttled);

  // Takes every queued task out (for a stop), in no particular order.
  std::vector<size_t> DrainAll();

  int in_flight(size_t endpoint) const { return endpoints_[endpoint].in_flight; }
  double limit(size_t endpoint) const { return endpoints_[endpoint].limit; }
  size_t queued() const { return queued_; }
  size_t size() const { return endpoints_.size(); }

 private:
  struct Queue {
    std::string key;
    std::deque<size_t> ready;
    int in_flight = 0;
    double limit = 1;
    bool in_ring = false;
    bool in_urgent = false;
  };
  bool HasSlot(const Queue& q) const { return q.in_flight < static_cast<int>(q.limit); }
  void MaybeEnterRing(size_t endpoint);

  const int max_limit_;
  std::vector<Queue> endpoints_;
  std::unordered_map<std::string, size_t> index_;
  std::deque<size_t> ring_;    // endpoints with ready tasks and a free slot
  std::deque<size_t> urgent_;  // endpoints with a next page waiting: served before ring_
  size_t queued_ = 0;
};

}  // namespace awscrape::scrape
