// Retention: scrapes older than a number of days are deleted with everything that belongs to
// them — by hand (`maintenance --cleanup-old-scrapes --days N`) or automatically when a retention
// setting is given (--retention-days, else AWSCRAPE_RETENTION_DAYS): `scrape` applies it after
// storing a scrape, `ingest` and `serve` when they start and every hour while they run. The
// seed's MongoDB option is TTL indexes on `created_at`; MongoDB stores also get those.
//
// A scrape's age is its `created_at` (its start), so a running scrape, or one stored moments
// ago, is never older than a retention of one day or more.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "awscrape/core/result.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

inline constexpr const char* kRetentionDaysVariable = "AWSCRAPE_RETENTION_DAYS";
inline constexpr int kMaxRetentionDays = 36500;

// "" or "0" → no retention; a whole number of days 1..36500 → that; anything else
// kInvalidArgument.
Result<std::optional<int>> ParseRetentionDays(std::string_view text);

// `flag` when it is set, else AWSCRAPE_RETENTION_DAYS (unset or empty: no retention).
Result<std::optional<int>> ResolveRetentionDays(std::optional<int> flag,
                                                const EnvironmentLookup& getenv_fn = nullptr);

// The moment before which scrapes are `days` days old.
Timestamp RetentionCutoff(int days, Timestamp now);

// Deletes the scrapes created before RetentionCutoff(days, now).
Result<DeleteCounts> ApplyRetention(Store& store, int days, Timestamp now);

// Applies retention at once and then every `interval` on its own thread, until destroyed.
// Each result (deleted counts or an error) goes to `report`, on that thread.
class RetentionSweeper {
 public:
  using Report = std::function<void(const Result<DeleteCounts>&)>;
  RetentionSweeper(Store& store, int days, std::chrono::milliseconds interval, Report report);
  ~RetentionSweeper();
  RetentionSweeper(const RetentionSweeper&) = delete;
  RetentionSweeper& operator=(const RetentionSweeper&) = delete;

 private:
  void Loop();

  Store& store_;
  const int days_;
  const std::chrono::milliseconds interval_;
  Report report_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace awscrape::store
