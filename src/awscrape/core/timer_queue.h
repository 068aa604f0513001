// TimerQueue: runs callbacks after a delay on one dedicated thread.
//
// The asynchronous AWS client uses it for retry backoff and to move work off the transport's
// thread (a callback posted with zero delay). Callbacks run one at a time in deadline order and
// must not block for long. Thread-safe. The destructor drops callbacks not yet due and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace awscrape {

class TimerQueue {
 public:
  TimerQueue();
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  void Post(std::function<void()> fn) { PostAfter(std::chrono::milliseconds(0), std::move(fn)); }
  void PostAfter(std::chrono::milliseconds delay, std::function<void()> fn);

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    unsigned long long sequence;  // keeps FIFO order among equal deadlines
    std::function<void()> fn;
    bool operator>(const Entry& other) const {
      return due != other.due ? due > other.due : sequence > other.sequence;
    }
  };
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> entries_;
  unsigned long long next_sequence_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace awscrape
