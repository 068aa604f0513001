// Clock: the seam between awscrape and the passage of time.
//
// Code that measures durations or schedules work (rate limiters, retry timers, timeouts) takes a
// `const Clock&` instead of calling std::chrono directly, so tests can drive time by hand with
// ManualClock. Only monotonic time lives here; wall-clock timestamps for signing are passed in as
// values. Both implementations are thread-safe.
#pragma once

#include <atomic>
#include <chrono>

namespace awscrape {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;

  // The process-wide real steady clock.
  static const Clock& Real();
};

class SteadyClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
};

// Time stands still until the test advances it. Starts at an arbitrary non-zero instant.
class ManualClock final : public Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;

  TimePoint Now() const override { return TimePoint(Duration(now_.load())); }
  void Advance(Duration delta) { now_ += delta.count(); }

 private:
  std::atomic<Duration::rep> now_{
      std::chrono::duration_cast<Duration>(std::chrono::hours(1000)).count()};
};

}  // namespace awscrape
