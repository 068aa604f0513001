// EndpointQueues: the scheduler's ready tasks, per endpoint (endpoint prefix, region), and the
// rule that picks the next one to send.
//
// Which endpoint goes next: endpoints get turns in proportion to their remaining work (stride
// scheduling). Each has a pass; taking a turn advances it by 1 / (work left), and the endpoint
// whose next pass is lowest goes next, ties in order of their last turn. So an endpoint with ten
// times the work of another gets about ten turns to its one, and the big ones start their work
// first: a scrape ends when its longest chain of pages ends, and a big endpoint served one call
// per round-robin turn would run alone at the end, the global concurrency idle. Work counts
// requests: a call without a paginator weighs 1; a call with one weighs kPaginatedWeight before
// its first page (its length is unknown; big lists page 10-50 times), and within an endpoint
// paginated calls go before the others, longest expected first, as in LPT scheduling.
//
// A next page (or a retry) goes first, ahead of every turn: a chain of pages is latency-bound,
// one page after the other, so making it wait for a turn would stretch the scrape's tail; depth
// first also frees the call's state early.
//
// Each endpoint has a concurrency limit that adapts like TCP's congestion window: halved when a
// call comes back throttled, grown by a fraction of a call with each success, never above the
// configured per-endpoint limit nor below one. A throttled endpoint thus holds fewer of the
// scrape's global slots while the client's adaptive limiter slows its send rate, and the other
// endpoints' calls proceed: an endpoint at its limit takes no turn, whatever its work.
//
// Next() is O(log endpoints) (plus the endpoints with a next page waiting on a full limit): only
// endpoints with new work and a free slot are in the ordered set. Not thread-safe: the
// scheduler's loop owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace awscrape::scrape {

class EndpointQueues {
 public:
  // The expected requests of a paginated call that has not started.
  static constexpr double kPaginatedWeight = 20;

  explicit EndpointQueues(int per_endpoint_limit);

  // The endpoint's index, created on first use.
  size_t Endpoint(const std::string& key);
  const std::string& Key(size_t endpoint) const { return endpoints_[endpoint].key; }

  // Queue a task: at the back (a new call without a paginator, weight 1) or the front (the next
  // page of a call in progress, or a retry: served before any turn).
  void Push(size_t endpoint, size_t task, bool front = false);
  // Queue a new call that has a paginator: weight kPaginatedWeight, ahead of the endpoint's
  // calls without one.
  void PushPaginated(size_t endpoint, size_t task);
  // The next task to send (see the rule above); marks the slot taken. false when none can be
  // sent now.
  bool Next(size_t& task, size_t& endpoint);
  // A call to `endpoint` came back: frees its slot and adapts the limit.
  void Release(size_t endpoint, bool throttled);

  // Takes every queued task out (for a stop), in no particular order.
  std::vector<size_t> DrainAll();

  int in_flight(size_t endpoint) const { return endpoints_[endpoint].in_flight; }
  double limit(size_t endpoint) const { return endpoints_[endpoint].limit; }
  // Queued new work in requests (next pages not included).
  double work(size_t endpoint) const { return endpoints_[endpoint].work; }
  size_t queued() const { return queued_; }
  size_t size() const { return endpoints_.size(); }

 private:
  // (next pass, turn, endpoint): the ordered set's key.
  using Turn = std::tuple<double, uint64_t, size_t>;
  struct Queue {
    std::string key;
    std::deque<size_t> front;      // next pages and retries
    std::deque<size_t> paginated;  // new calls with a paginator
    std::deque<size_t> single;     // new calls without one
    double work = 0;               // paginated * kPaginatedWeight + single
    double pass = 0;
    uint64_t turn = 0;  // when it last took a turn: orders equal passes
    int in_flight = 0;
    double limit = 1;
    bool in_turns = false;  // in turns_ under `position`
    Turn position{};
    bool in_urgent = false;
  };
  bool HasSlot(const Queue& q) const { return q.in_flight < static_cast<int>(q.limit); }
  // Puts the endpoint in turns_ at its current next pass, or takes it out when it has no new
  // work or no free slot.
  void Reposition(size_t endpoint);
  void AddWork(size_t endpoint);  // new work arrives: an idle endpoint's pass catches up
  size_t Take(size_t endpoint, std::deque<size_t>& from);

  const int max_limit_;
  std::vector<Queue> endpoints_;
  std::unordered_map<std::string, size_t> index_;
  std::set<Turn> turns_;       // endpoints with new work and a free slot
  std::deque<size_t> urgent_;  // endpoints with a next page waiting: served before turns_
  double virtual_time_ = 0;    // the pass of the last turn taken
  uint64_t turns_taken_ = 0;
  size_t queued_ = 0;
};

}  // namespace awscrape::scrape
