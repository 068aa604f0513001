// Helpers for the scraper's unit tests: a scrape run end to end in-process — the simulator
// behind a FakeTransport, the real AwsClient, planner, scheduler, spool writer and ledger — in a
// fresh temporary directory, plus readers for what it left on disk.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/client/aws_client.h"
#include "awscrape/aws/http/fake_transport.h"
#include "awscrape/core/file.h"
#include "awscrape/scrape/ledger.h"
#include "awscrape/scrape/outcome_rules.h"
#include "awscrape/scrape/planner.h"
#include "awscrape/scrape/scheduler.h"
#include "awscrape/scrape/scrape_data.h"
#include "awscrape/scrape/spool_writer.h"
#include "awscrape/sim/simulator.h"
#include "awscrape/spool/spool_name.h"

namespace awscrape::scrape::testing {

inline const aws::model::ModelCatalogue& Catalogue() {
  static const aws::model::ModelCatalogue* catalogue = [] {
    auto opened = aws::model::ModelCatalogue::Open(aws::model::ModelCatalogue::DefaultDataDir());
    if (!opened.ok()) std::abort();
    return opened->release();
  }();
  return *catalogue;
}

inline const ScrapeData& Data() {
  static const ScrapeData* data = [] {
    auto loaded = LoadScrapeData();
    if (!loaded.ok()) std::abort();
    return new ScrapeData(std::move(loaded).value());
  }();
  return *data;
}

inline const OutcomeRules& Rules() {
  static const OutcomeRules* rules = [] {
    auto loaded = OutcomeRules::Load();
    if (!loaded.ok()) std::abort();
    return new OutcomeRules(std::move(loaded).value());
  }();
  return *rules;
}

inline Plan MakePlan(std::vector<std::string> services, std::vector<std::string> regions,
                     std::vector<std::string> operations = {}) {
  PlanOptions options;
  options.services = std::move(services);
  options.regions = std::move(regions);
  options.operations = std::move(operations);
  auto plan = BuildPlan(Catalogue(), Data(), options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? std::move(plan).value() : Plan{};
}

// A fresh directory under the build tree, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("awscrape_scrape_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::vector<CallRecord> ReadLedger(const std::filesystem::path& dir) {
  std::vector<CallRecord> records;
  std::ifstream in(dir / kLedgerFileName);
  std::string line;
  while (std::getline(in, line)) {
    auto record = ParseLedgerLine(line);
    EXPECT_TRUE(record.ok()) << record.status().ToString() << ": " << line;
    if (record.ok()) records.push_back(std::move(record).value());
  }
  return records;
}

inline std::string CallKey(std::string_view service, std::string_view operation,
                           std::string_view region) {
  return std::string(service) + ":" + std::string(operation) + "@" + std::string(region);
}

// Exactly one ledger line per planned call, keyed "service:Operation@spool-region".
inline std::map<std::string, CallRecord> LedgerByCall(const Plan& plan,
                                                      const std::filesystem::path& dir) {
  std::vector<CallRecord> records = ReadLedger(dir);
  std::map<std::string, CallRecord> by_call;
  for (const CallRecord& r : records) {
    EXPECT_TRUE(by_call.emplace(CallKey(r.service, r.operation, r.region), r).second)
        << "two ledger lines for " << CallKey(r.service, r.operation, r.region);
  }
  EXPECT_EQ(records.size(), plan.calls.size());
  for (const PlannedCall& call : plan.calls) {
    EXPECT_EQ(by_call.count(CallKey(call.service, call.operation, call.SpoolRegion())), 1u)
        << "no ledger line for " << CallKey(call.service, call.operation, call.SpoolRegion());
  }
  return by_call;
}

inline aws::Credentials SimCredentials() {
  aws::Credentials c;
  c.access_key_id = sim::SimOptions{}.access_key_id;
  c.secret_access_key = sim::SimOptions{}.secret_access_key;
  c.source = "test";
  return c;
}

// The simulator answering through a FakeTransport, and a client on it.
class SimHarness {
 public:
  // `adaptive`: the client's adaptive rate limiter (off to test the scheduler's own budget
  // without the limiter's waits).
  SimHarness(sim::SimOptions options, std::vector<std::string> services, bool adaptive = true)
      : credentials_(SimCredentials()) {
    auto created = sim::Simulator::Create(Catalogue(), std::move(options), services);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    sim_ = std::move(created).value();
    transport_ = std::make_unique<aws::FakeTransport>(
        [this](const aws::HttpRequest& r) -> Result<aws::HttpResponse> {
          sim::SimReply reply = sim_->Handle(r);
          if (reply.fault == sim::TransportFault::kHang) {
            return Status(StatusCode::kTimeout, "simulated hang");
          }
          return std::move(reply.response);
        });
    aws::ClientConfig config;
    config.endpoint_url = "http://127.0.0.1:4566";
    config.backoff_random = [] { return 0.0; };  // the client's retries without waiting
    config.adaptive_rate_limit = adaptive;
    client_ = std::make_unique<aws::AwsClient>(Catalogue(), *transport_, credentials_, config);
  }
  ~SimHarness() {
    transport_->WaitIdle();
    client_.reset();
  }

  CallFunction Call() {
    return [this](aws::CallRequest request, std::function<void(aws::CallResult)> done) {
      client_->CallAsync(std::move(request), std::move(done));
    };
  }
  sim::Simulator& sim() { return *sim_; }
  aws::FakeTransport& transport() { return *transport_; }
  aws::AwsClient& client() { return *client_; }

 private:
  aws::StaticCredentialProvider credentials_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<aws::FakeTransport> transport_;
  std::unique_ptr<aws::AwsClient> client_;
};

inline SchedulerOptions FastOptions() {
  SchedulerOptions options;
  options.scrape_id = "scrape_20250101_000000_00000000";
  options.backoff_base = std::chrono::milliseconds(1);
  options.backoff_max = std::chrono::milliseconds(5);
  options.progress_interval = std::chrono::milliseconds(20);
  options.random = [] { return 0.5; };
  options.is_opt_in_region = [](const std::string& region) {
    return Rules().IsOptInRegion(region);
  };
  return options;
}

struct ScrapeRun {
  ScrapeTotals totals;
  std::map<std::string, CallRecord> ledger;
  uint64_t files = 0;
};

// Runs `plan` through the scheduler into `dir`.
inline ScrapeRun RunScrape(const Plan& plan, CallFunction call, const std::filesystem::path& dir,
                           SchedulerOptions options = FastOptions(),
                           const std::atomic<int>* cancel = nullptr) {
  auto ledger = LedgerWriter::Open(dir / kLedgerFileName);
  EXPECT_TRUE(ledger.ok());
  SpoolWriter spool(dir, {"", "123456789012", "aws"});
  Scheduler scheduler(plan, std::move(call), spool, **ledger, Data().defaults, Rules(),
                      std::move(options));
  std::atomic<int> no_cancel{0};
  ScrapeRun run;
  run.totals = scheduler.Run(cancel ? *cancel : no_cancel);
  run.files = spool.files_written();
  run.ledger = LedgerByCall(plan, dir);
  return run;
}

}  // namespace awscrape::scrape::testing
