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

void EndpointQueues::Reposition(size_t endpoint) {
  Queue& q = endpoints_[endpoint];
  const bool eligible = q.work > 0 && HasSlot(q);
  Turn position{q.pass + (q.work > 0 ? 1.0 / q.work : 0.0), q.turn, endpoint};
  if (q.in_turns) {
    if (eligible && position == q.position) return;
    turns_.erase(q.position);
    q.in_turns = false;
  }
  if (eligible) {
    q.position = position;
    turns_.insert(position);
    q.in_turns = true;
  }
}

void EndpointQueues::AddWork(size_t endpoint) {
  // An endpoint that had nothing queued joins at the current virtual time, so work pushed late
  // does not monopolise the turns until its pass catches up with the others'.
  Queue& q = endpoints_[endpoint];
  if (q.work == 0) q.pass = std::max(q.pass, virtual_time_);
}

void EndpointQueues::Push(size_t endpoint, size_t task, bool front) {
  Queue& q = endpoints_[endpoint];
  ++queued_;
  if (front) {
    q.front.push_front(task);
    if (!q.in_urgent) {
      q.in_urgent = true;
      urgent_.push_back(endpoint);
    }
    return;
  }
  AddWork(endpoint);
  q.single.push_back(task);
  q.work += 1;
  Reposition(endpoint);
}

void EndpointQueues::PushPaginated(size_t endpoint, size_t task) {
  Queue& q = endpoints_[endpoint];
  ++queued_;
  AddWork(endpoint);
  q.paginated.push_back(task);
  q.work += kPaginatedWeight;
  Reposition(endpoint);
}

size_t EndpointQueues::Take(size_t endpoint, std::deque<size_t>& from) {
  Queue& q = endpoints_[endpoint];
  size_t task = from.front();
  from.pop_front();
  --queued_;
  ++q.in_flight;
  return task;
}

bool EndpointQueues::Next(size_t& task, size_t& endpoint) {
  // Next pages first; an endpoint whose limit is full stays urgent until a slot frees.
  for (size_t n = urgent_.size(); n > 0; --n) {
    size_t e = urgent_.front();
    urgent_.pop_front();
    Queue& q = endpoints_[e];
    if (q.front.empty()) {
      q.in_urgent = false;
      continue;
    }
    if (!HasSlot(q)) {
      urgent_.push_back(e);
      continue;
    }
    task = Take(e, q.front);
    if (q.front.empty()) {
      q.in_urgent = false;
    } else {
      urgent_.push_back(e);  // more next pages: it stays urgent, behind the others
    }
    endpoint = e;
    Reposition(e);  // the slot it took may have been its last
    return true;
  }
  if (turns_.empty()) return false;
  const size_t e = std::get<2>(*turns_.begin());
  Queue& q = endpoints_[e];
  // Take the turn: the pass advances by 1 / (work before this call), i.e. to the position.
  q.pass = std::get<0>(q.position);
  virtual_time_ = q.pass;
  q.turn = ++turns_taken_;
  if (!q.paginated.empty()) {
    task = Take(e, q.paginated);
    q.work -= kPaginatedWeight;
  } else {
    task = Take(e, q.single);
    q.work -= 1;
  }
  if (q.paginated.empty() && q.single.empty()) q.work = 0;  // no rounding left behind
  endpoint = e;
  Reposition(e);
  return true;
}

void EndpointQueues::Release(size_t endpoint, bool throttled) {
  Queue& q = endpoints_[endpoint];
  --q.in_flight;
  if (throttled) {
    q.limit = std::max(1.0, q.limit / 2);
  } else {
    q.limit = std::min(static_cast<double>(max_limit_), q.limit + 1.0 / q.limit);
  }
  Reposition(endpoint);
}

std::vector<size_t> EndpointQueues::DrainAll() {
  std::vector<size_t> tasks;
  for (Queue& q : endpoints_) {
    for (auto* from : {&q.front, &q.paginated, &q.single}) {
      tasks.insert(tasks.end(), from->begin(), from->end());
      from->clear();
    }
    q.work = 0;
    q.in_turns = false;
    q.in_urgent = false;
  }
  turns_.clear();
  urgent_.clear();
  queued_ = 0;
  return tasks;
}

}  // namespace awscrape::scrape
