#include "awscrape/api/metrics.h"

#include <cstdio>

namespace awscrape::api {
namespace {

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             std::chrono::duration<double> latency) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  double seconds = latency.count();
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::AddCalls(const std::string& outcome, int64_t n) {
  std::lock_guard lock(mu_);
  calls_[outcome] += n;
}

void Metrics::AddDocumentsIngested(int64_t n) {
  std::lock_guard lock(mu_);
  documents_ingested_ += n;
}

void Metrics::SetIngestPending(const std::string& scrape_id, int64_t files) {
  std::lock_guard lock(mu_);
  if (files <= 0) {
    ingest_pending_.erase(scrape_id);
  } else {
    ingest_pending_[scrape_id] = files;
  }
}

void Metrics::ScrapeQueued() {
  std::lock_guard lock(mu_);
  ++queued_;
}

void Metrics::ScrapeStarted() {
  std::lock_guard lock(mu_);
  --queued_;
  ++running_;
}

void Metrics::ScrapeFinished(bool success) {
  std::lock_guard lock(mu_);
  --running_;
  ++(success ? finished_ok_ : finished_failed_);
}

std::string Metrics::Render(const std::string& extra) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP awscrape_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE awscrape_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "awscrape_http_requests_total{method=\"" + method + "\",route=\"" + route +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP awscrape_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE awscrape_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = "route=\"" + route + "\"";
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      out += "awscrape_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kLatencyBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    }
    out += "awscrape_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "awscrape_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "awscrape_http_request_duration_seconds_count{" + label + "} " +
           std::to_string(h.count) + "\n";
  }
  out += "# HELP awscrape_scrapes_queued Scrapes waiting for a free slot.\n";
  out += "# TYPE awscrape_scrapes_queued gauge\nawscrape_scrapes_queued " +
         std::to_string(queued_) + "\n";
  out += "# HELP awscrape_scrapes_running Scrapes running now.\n";
  out += "# TYPE awscrape_scrapes_running gauge\nawscrape_scrapes_running " +
         std::to_string(running_) + "\n";
  out += "# HELP awscrape_scrapes_finished_total Scrapes this server ran to the end.\n";
  out += "# TYPE awscrape_scrapes_finished_total counter\n";
  out += "awscrape_scrapes_finished_total{success=\"true\"} " + std::to_string(finished_ok_) + "\n";
  out += "awscrape_scrapes_finished_total{success=\"false\"} " + std::to_string(finished_failed_) +
         "\n";
  out += "# HELP awscrape_scrape_calls_total AWS calls of this server's scrapes, by outcome.\n";
  out += "# TYPE awscrape_scrape_calls_total counter\n";
  for (const char* outcome : {"ok", "empty", "denied", "not_available", "throttled", "error"}) {
    auto it = calls_.find(outcome);
    out += "awscrape_scrape_calls_total{outcome=\"" + std::string(outcome) + "\"} " +
           std::to_string(it == calls_.end() ? 0 : it->second) + "\n";
  }
  out += "# HELP awscrape_ingest_documents_total Documents stored by this server's ingestion.\n";
  out += "# TYPE awscrape_ingest_documents_total counter\nawscrape_ingest_documents_total " +
         std::to_string(documents_ingested_) + "\n";
  int64_t pending = 0;
  for (const auto& [id, n] : ingest_pending_) pending += n;
  out += "# HELP awscrape_ingest_pending_files Spool files written but not yet stored (lag).\n";
  out += "# TYPE awscrape_ingest_pending_files gauge\nawscrape_ingest_pending_files " +
         std::to_string(pending) + "\n";
  out += extra;
  return out;
}

}  // namespace awscrape::api
