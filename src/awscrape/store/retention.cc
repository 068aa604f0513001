#include "awscrape/store/retention.h"

#include <charconv>
#include <cstdlib>
#include <string>

#include "awscrape/store/scrape_id.h"

namespace awscrape::store {

Result<std::optional<int>> ParseRetentionDays(std::string_view text) {
  if (text.empty() || text == "0") return std::optional<int>();
  int days = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (error != std::errc() || end != text.data() + text.size() || days < 1 ||
      days > kMaxRetentionDays) {
    return InvalidArgument("retention must be a whole number of days from 1 to " +
                           std::to_string(kMaxRetentionDays) + ", not '" + std::string(text) + "'");
  }
  return std::optional<int>(days);
}

Result<std::optional<int>> ResolveRetentionDays(std::optional<int> flag,
                                                const EnvironmentLookup& getenv_fn) {
  if (flag) return ParseRetentionDays(std::to_string(*flag));
  const char* env =
      getenv_fn ? getenv_fn(kRetentionDaysVariable) : std::getenv(kRetentionDaysVariable);
  auto parsed = ParseRetentionDays(env ? env : "");
  if (!parsed.ok()) return parsed.status().WithContext(kRetentionDaysVariable);
  return parsed;
}

Timestamp RetentionCutoff(int days, Timestamp now) {
  now.seconds -= static_cast<int64_t>(days) * 86400;
  return now;
}

Result<DeleteCounts> ApplyRetention(Store& store, int days, Timestamp now) {
  return store.DeleteScrapesOlderThan(RetentionCutoff(days, now));
}

RetentionSweeper::RetentionSweeper(Store& store, int days, std::chrono::milliseconds interval,
                                   Report report)
    : store_(store), days_(days), interval_(interval), report_(std::move(report)) {
  thread_ = std::thread([this] { Loop(); });
}

RetentionSweeper::~RetentionSweeper() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RetentionSweeper::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    Result<DeleteCounts> result = ApplyRetention(store_, days_, WallClockNow());
    if (report_) report_(result);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace awscrape::store
