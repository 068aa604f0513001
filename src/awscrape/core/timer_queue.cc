#include "awscrape/core/timer_queue.h"

namespace awscrape {

TimerQueue::TimerQueue() : thread_([this] { Loop(); }) {}

TimerQueue::~TimerQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TimerQueue::PostAfter(std::chrono::milliseconds delay, std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    entries_.push(Entry{std::chrono::steady_clock::now() + delay, next_sequence_++, std::move(fn)});
  }
  wake_.notify_one();
}

void TimerQueue::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (entries_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto due = entries_.top().due;
    if (std::chrono::steady_clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    // priority_queue::top() is const; the entry is popped right after, so moving is safe.
    auto fn = std::move(const_cast<Entry&>(entries_.top()).fn);
    entries_.pop();
    lock.unlock();
    fn();
    lock.lock();
  }
}

}  // namespace awscrape
