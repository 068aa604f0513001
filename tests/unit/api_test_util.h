// Shared by the API tests: an in-memory SQLite store filled with known scrapes, documents and
// ledger entries, and a ScrapeLauncher whose scrapes run only when the test lets them.
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "awscrape/api/scrape_launcher.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/store.h"

namespace awscrape::api::testing {

inline constexpr const char* kScrapeA = "scrape_20250809_173531_f4a5f77d";  // older, success
inline constexpr const char* kScrapeB = "scrape_20250810_120000_0123abcd";  // newer, failed

inline Timestamp At(int64_t seconds) { return Timestamp{seconds, 0}; }

inline store::ScrapeRecord Scrape(const std::string& id, int64_t start, bool success) {
  store::ScrapeRecord s;
  s.scrape_id = id;
  s.start_time = s.created_at = s.updated_at = At(start);
  s.end_time = At(start + 60);
  s.duration_seconds = 60;
  s.success = success;
  s.return_code = success ? 0 : 1;
  s.command = {"awscrape", "scrape"};
  s.regions = {"us-east-1"};
  return s;
}

inline store::ResponseDocument Document(const store::ScrapeRecord& s, const std::string& service,
                                        std::optional<std::string> region,
                                        const std::string& operation, const std::string& response,
                                        int64_t items) {
  store::ResponseDocument d;
  d.scrape_id = s.scrape_id;
  d.scrape_timestamp = s.start_time;
  d.service = service;
  d.region = std::move(region);
  d.operation = operation;
  d.source_filename = service + "_" + operation + "_" + d.region.value_or("None") + "_None.json";
  d.response = response;
  d.item_count = items;
  d.processed_at = d.created_at = d.updated_at = s.start_time;
  return d;
}

inline store::CallOutcome Outcome(const std::string& id, const std::string& service,
                                  const std::string& operation, store::CallOutcomeKind kind) {
  store::CallOutcome o;
  o.scrape_id = id;
  o.service = service;
  o.region = "us-east-1";
  o.operation = operation;
  o.outcome = kind;
  o.recorded_at = At(1754760000);
  return o;
}

// Scrape A (2025-08-09, success): ec2 DescribeVpcs us-east-1 (2 items), iam ListRoles global,
// sts GetSessionToken global (credentials in it). Scrape B (2025-08-10, failed): ec2
// DescribeVpcs us-east-1 (3 items). Ledger of A: two ok, one denied.
inline std::unique_ptr<store::Store> FilledStore() {
  auto opened = store::OpenStore("sqlite://:memory:");
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<store::Store> db = std::move(*opened);
  auto a = Scrape(kScrapeA, 1754760931, true);
  auto b = Scrape(kScrapeB, 1754827200, false);
  EXPECT_TRUE(db->SaveScrape(a).ok());
  EXPECT_TRUE(db->SaveScrape(b).ok());
  std::vector<store::ResponseDocument> docs = {
      Document(a, "ec2", "us-east-1", "DescribeVpcs",
               R"({"Vpcs":[{"VpcId":"vpc-1"},{"VpcId":"vpc-2"}]})", 2),
      Document(a, "iam", std::nullopt, "ListRoles", R"({"Roles":[{"RoleName":"r"}]})", 1),
      Document(a, "sts", std::nullopt, "GetSessionToken",
               R"({"Credentials":{"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"wJalrSECRET",)"
               R"("SessionToken":"FQoGSESSION"}})",
               0),
      Document(b, "ec2", "us-east-1", "DescribeVpcs",
               R"({"Vpcs":[{"VpcId":"vpc-1"},{"VpcId":"vpc-2"},{"VpcId":"vpc-3"}]})", 3),
  };
  auto saved = db->SaveResponses(docs);
  EXPECT_TRUE(saved.ok()) << saved.status().ToString();
  std::vector<store::CallOutcome> outcomes = {
      Outcome(kScrapeA, "ec2", "DescribeVpcs", store::CallOutcomeKind::kOk),
      Outcome(kScrapeA, "iam", "ListRoles", store::CallOutcomeKind::kOk),
      Outcome(kScrapeA, "ec2", "DescribeImages", store::CallOutcomeKind::kDenied),
  };
  EXPECT_TRUE(db->SaveOutcomes(outcomes).ok());
  return db;
}

// Runs each scrape only once Release() is called for it (or ReleaseAll()); reports one
// progress step and one ingest step first.
class GatedLauncher final : public ScrapeLauncher {
 public:
  void Describe(const ScrapeJob& job, store::ScrapeRecord& record) override {
    record.command = {"fake", job.scrape_id};
  }
  ScrapeResult Run(const ScrapeJob& job, ScrapeObserver& observer,
                   const std::atomic<bool>& cancel) override {
    {
      std::lock_guard lock(mu_);
      started_.insert(job.scrape_id);
    }
    cv_.notify_all();
    CallProgress progress;
    progress.planned = 2;
    progress.finished = 1;
    progress.by_outcome = {{"ok", 1}};
    observer.OnCallProgress(progress);
    IngestProgress ingest;
    ingest.files_stored = 1;
    ingest.documents_inserted = 1;
    observer.OnIngestProgress(ingest);
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return all_ || released_.count(job.scrape_id) || cancel.load(); });
    return {!cancel.load(), cancel.load() ? 130 : 0, cancel.load() ? "cancelled" : ""};
  }
  void Release(const std::string& id) {
    std::lock_guard lock(mu_);
    released_.insert(id);
    cv_.notify_all();
  }
  void ReleaseAll() {
    std::lock_guard lock(mu_);
    all_ = true;
    cv_.notify_all();
  }
  bool WaitStarted(const std::string& id) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return started_.count(id) > 0; });
  }
  size_t started() {
    std::lock_guard lock(mu_);
    return started_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> started_, released_;
  bool all_ = false;
};

}  // namespace awscrape::api::testing
