// Metrics: the server's counters, rendered in Prometheus' text exposition format for
// GET /metrics. Request counts and a latency histogram per route pattern (patterns, never raw
// paths, so hostile URLs cannot grow the label set), scrapes queued/running/finished, calls by
// outcome and ingestion progress of the scrapes this server ran. Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace awscrape::api {

class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};

  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      std::chrono::duration<double> latency);
  void AddCalls(const std::string& outcome, int64_t n);
  void AddDocumentsIngested(int64_t n);
  void SetIngestPending(const std::string& scrape_id, int64_t files);  // 0 removes it
  void ScrapeQueued();
  void ScrapeStarted();
  void ScrapeFinished(bool success);

  // The exposition text; `extra` (already formatted lines, e.g. store totals) is appended.
  std::string Render(const std::string& extra = {}) const;

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                                // guarded by mu_
  std::map<std::string, int64_t> calls_;                                    // guarded by mu_
  std::map<std::string, int64_t> ingest_pending_;                           // guarded by mu_
  int64_t documents_ingested_ = 0;                                          // guarded by mu_
  int64_t queued_ = 0;                                                      // guarded by mu_
  int64_t running_ = 0;                                                     // guarded by mu_
  int64_t finished_ok_ = 0;                                                 // guarded by mu_
  int64_t finished_failed_ = 0;                                             // guarded by mu_
};

}  // namespace awscrape::api
