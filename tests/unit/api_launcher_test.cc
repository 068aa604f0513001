// ChildProcessLauncher with a stand-in `awscrape scrape` (a shell script writing what the
// scraper writes: _scrape.json, a spool file renamed into place, ledger lines): the command line
// (with --db), progress from the ledger and from what the child stored, exit codes and signals
// as return codes, cancellation by SIGINT, a missing binary.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "api_test_util.h"
#include "awscrape/api/child_process_launcher.h"
#include "awscrape/api/scrape_queue.h"
#include "awscrape/scrape/ledger.h"

namespace awscrape::api {
namespace {

namespace fs = std::filesystem;

class RecordingObserver final : public ScrapeObserver {
 public:
  void OnCallProgress(const CallProgress& p) override { calls.push_back(p); }
  void OnIngestProgress(const IngestProgress& p) override { ingest.push_back(p); }
  std::vector<CallProgress> calls;
  std::vector<IngestProgress> ingest;
};

class LauncherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/awscrape-launcher-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto opened = store::OpenStore("sqlite://:memory:");
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    scrape::CallRecord record;
    record.scrape_id = kId;
    record.service = "ec2";
    record.operation = "DescribeVpcs";
    record.region = record.call_region = "us-east-1";
    record.outcome = scrape::CallOutcome::kOk;
    record.items = 1;
    record.pages = 1;
    record.attempts = 1;
    record.http_status = 200;
    record.recorded_at = Timestamp{1754760000, 0};
    std::ofstream(dir_ / "ledger.line") << scrape::FormatLedgerLine(record);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A stand-in scraper: `tail` runs after the files are written.
  std::string Script(const std::string& tail) {
    fs::path path = dir_ / "fake-awscrape";
    std::ofstream(path) << "#!/bin/sh\n"
                           "while [ $# -gt 0 ]; do case \"$1\" in --scrape-id) id=$2; shift;; "
                           "--spool-dir) spool=$2; shift;; esac; shift; done\n"
                           "d=\"$spool/$id\"; mkdir -p \"$d\"\n"
                           "printf '{\"scrape_id\":\"%s\",\"planned_calls\":2,\"command\":"
                           "[\"awscrape\",\"scrape\",\"--services\",\"ec2\"],\"account_id\":"
                           "\"111122223333\",\"partition\":\"aws\",\"scraped_files_count\":1}' "
                           "\"$id\" > \"$d/_scrape.json\"\n"
                           "printf '{\"service\":\"ec2\",\"region\":\"us-east-1\",\"profile\":"
                           "null,\"operation\":\"DescribeVpcs\",\"response\":{\"Vpcs\":"
                           "[{\"VpcId\":\"vpc-1\"}]}}' > \"$d/.x.tmp\"\n"
                           "mv \"$d/.x.tmp\" \"$d/ec2_DescribeVpcs_us-east-1_None.json\"\n"
                           "cat " +
                               (dir_ / "ledger.line").string() + " >> \"$d/_ledger.jsonl\"\n"
                        << tail << "\n";
    chmod(path.c_str(), 0755);
    return path.string();
  }

  ChildProcessOptions Options(const std::string& executable) {
    ChildProcessOptions o;
    o.executable = executable;
    o.spool_dir = dir_ / "spool";
    o.poll_interval = std::chrono::milliseconds(20);
    o.kill_grace = std::chrono::milliseconds(2000);
    return o;
  }

  void CreateRecord(ChildProcessLauncher& launcher, const ScrapeJob& job) {
    store::ScrapeRecord record;
    record.scrape_id = job.scrape_id;
    launcher.Describe(job, record);
    ASSERT_TRUE(store_->SaveScrape(record).ok());
  }

  static constexpr const char* kId = "scrape_20250809_173531_f4a5f77d";
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(LauncherTest, CommandLineCarriesTheJob) {
  ChildProcessOptions o = Options("/bin/awscrape");
  o.models_dir = "/models";
  o.database_url = "sqlite:///var/db.sqlite";
  o.extra_args = {"--endpoint-url", "http://127.0.0.1:1"};
  ChildProcessLauncher launcher(*store_, o);
  ScrapeJob job{kId, std::vector<std::string>{"ec2", "s3"}, {"us-east-1", "eu-west-1"}, "dev"};
  std::vector<std::string> want = {"/bin/awscrape",  "--models",
                                   "/models",        "scrape",
                                   "--scrape-id",    kId,
                                   "--spool-dir",    (dir_ / "spool").string(),
                                   "--services",     "ec2,s3",
                                   "--db",           "sqlite:///var/db.sqlite",
                                   "--regions",      "us-east-1,eu-west-1",
                                   "--profile",      "dev",
                                   "--no-progress",  "--json",
                                   "--endpoint-url", "http://127.0.0.1:1"};
  EXPECT_EQ(launcher.CommandLine(job), want);
  job.services.reset();
  job.regions.clear();
  job.profile.reset();
  EXPECT_EQ(launcher.CommandLine(job)[9], "all");
  EXPECT_EQ(launcher.CommandLine(job).size(), 16u);
}

TEST_F(LauncherTest, ReportsCallsFromTheLedgerAndPagesFromTheStore) {
  // The stand-in waits until the test has "stored" a page, as the real child's watcher would.
  fs::path go = dir_ / "stored";
  ChildProcessLauncher launcher(
      *store_, Options(Script("while [ ! -e " + go.string() + " ]; do sleep 0.02; done; exit 0")));
  ScrapeJob job{kId, std::nullopt, {"us-east-1"}, std::nullopt};
  CreateRecord(launcher, job);
  RecordingObserver observer;
  std::atomic<bool> cancel{false};
  std::thread child_ingest([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto record = store_->GetScrape(kId);
    ASSERT_TRUE(record.ok());
    std::vector<store::ResponseDocument> docs = {
        testing::Document(*record, "ec2", "us-east-1", "DescribeVpcs", R"({"Vpcs":[{}]})", 1)};
    ASSERT_TRUE(store_->SaveResponses(docs).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ofstream(go) << "";
  });
  ScrapeResult result = launcher.Run(job, observer, cancel);
  child_ingest.join();
  EXPECT_TRUE(result.success) << result.message;
  EXPECT_EQ(result.return_code, 0);

  ASSERT_FALSE(observer.calls.empty());
  EXPECT_EQ(observer.calls.back().planned, 2);
  EXPECT_EQ(observer.calls.back().finished, 1);
  EXPECT_EQ(observer.calls.back().by_outcome.at("ok"), 1);
  EXPECT_TRUE(observer.calls.back().eta_seconds.has_value());
  ASSERT_FALSE(observer.ingest.empty());
  EXPECT_TRUE(std::any_of(observer.ingest.begin(), observer.ingest.end(),
                          [](const IngestProgress& p) { return p.files_pending == 1; }))
      << "the page the stand-in spooled was never seen waiting";
  EXPECT_EQ(observer.ingest.back().files_stored, 1);
  EXPECT_TRUE(fs::exists(dir_ / "spool" / ".logs" / (std::string(kId) + ".log")));
}

TEST_F(LauncherTest, ExitCodesAndSignalsBecomeReturnCodes) {
  ScrapeJob job{kId, std::nullopt, {}, std::nullopt};
  RecordingObserver observer;
  std::atomic<bool> cancel{false};
  {
    ChildProcessLauncher launcher(*store_, Options(Script("exit 1")));
    CreateRecord(launcher, job);
    ScrapeResult result = launcher.Run(job, observer, cancel);
    EXPECT_FALSE(result.success);
    EXPECT_EQ(result.return_code, 1);
    EXPECT_NE(result.message.find(".log"), std::string::npos);
  }
  {
    ChildProcessLauncher launcher(*store_, Options(Script("kill -9 $$")));
    ScrapeResult result = launcher.Run(job, observer, cancel);
    EXPECT_EQ(result.return_code, -9);  // as the seed's example: killed by SIGKILL
  }
  {
    ChildProcessLauncher launcher(*store_, Options((dir_ / "no-such-binary").string()));
    ScrapeResult result = launcher.Run(job, observer, cancel);
    EXPECT_FALSE(result.success);
  }
}

TEST_F(LauncherTest, CancelSendsSigintAndKeepsWhatWasFetched) {
  ChildProcessLauncher launcher(
      *store_, Options(Script("trap 'exit 130' INT; while true; do sleep 0.05; done")));
  ScrapeJob job{kId, std::nullopt, {}, std::nullopt};
  CreateRecord(launcher, job);
  RecordingObserver observer;
  std::atomic<bool> cancel{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel.store(true);
  });
  auto started = std::chrono::steady_clock::now();
  ScrapeResult result = launcher.Run(job, observer, cancel);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_FALSE(result.success);
  EXPECT_EQ(result.return_code, 130);
  EXPECT_FALSE(observer.calls.empty());
}

}  // namespace
}  // namespace awscrape::api
