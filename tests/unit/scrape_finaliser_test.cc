// The end of a scrape's workflow, shared by `scrape` and `ingest`: reading `_scrape.json` back,
// storing `_ledger.jsonl`, and finalising a scrape directory only when nothing would be lost.
#include "awscrape/workflow/scrape_finaliser.h"

#include <gtest/gtest.h>

#include <fstream>

#include "awscrape/core/file.h"
#include "awscrape/scrape/ledger.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "awscrape/store/sqlite/sqlite_store.h"
#include "store_suite.h"

namespace awscrape::workflow {
namespace {

namespace fs = std::filesystem;
using store::testing::StoreTempDir;

constexpr const char* kScrape = "scrape_20250809_173531_f4a5f77d";

scrape::ScrapeMetadata FinishedMetadata() {
  scrape::ScrapeMetadata meta;
  meta.scrape_id = kScrape;
  meta.start_time = Timestamp{1754760931, 277000};
  meta.end_time = Timestamp{1754760991, 500000};
  meta.duration_seconds = 60.223;
  meta.success = true;
  meta.return_code = 0;
  meta.command = {"awscrape", "scrape", "--services", "ec2"};
  meta.services = std::vector<std::string>{"ec2", "s3"};
  meta.regions = {"us-east-1", "eu-west-1"};
  meta.profile = "prod";
  meta.scraped_files_count = 12;
  meta.temp_directory = "/tmp/" + std::string(kScrape);
  meta.account_id = "123456789012";
  meta.partition = "aws";
  meta.models_version = "botocore 1.29.27";
  meta.planned_calls = 40;
  meta.outcomes = {{"ok", 30}, {"denied", 10}};
  meta.disabled_regions = {"me-south-1"};
  return meta;
}

TEST(ScrapeMetadataFile, ReadsBackWhatTheScraperWrites) {
  scrape::ScrapeMetadata meta = FinishedMetadata();
  auto parsed = scrape::ParseScrapeMetadata(scrape::FormatScrapeMetadata(meta));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->scrape_id, meta.scrape_id);
  EXPECT_EQ(parsed->start_time, meta.start_time);
  EXPECT_EQ(parsed->end_time, meta.end_time);
  EXPECT_EQ(parsed->duration_seconds, meta.duration_seconds);
  EXPECT_EQ(parsed->success, meta.success);
  EXPECT_EQ(parsed->return_code, meta.return_code);
  EXPECT_EQ(parsed->command, meta.command);
  EXPECT_EQ(parsed->services, meta.services);
  EXPECT_EQ(parsed->regions, meta.regions);
  EXPECT_EQ(parsed->profile, meta.profile);
  EXPECT_EQ(parsed->scraped_files_count, meta.scraped_files_count);
  EXPECT_EQ(parsed->account_id, meta.account_id);
  EXPECT_EQ(parsed->models_version, meta.models_version);
  EXPECT_EQ(parsed->planned_calls, meta.planned_calls);
  EXPECT_EQ(parsed->outcomes, meta.outcomes);
  EXPECT_EQ(parsed->disabled_regions, meta.disabled_regions);

  // A scrape still running: no end, success or return code yet; every service.
  scrape::ScrapeMetadata running;
  running.scrape_id = kScrape;
  running.start_time = meta.start_time;
  parsed = scrape::ParseScrapeMetadata(scrape::FormatScrapeMetadata(running));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_FALSE(parsed->end_time);
  EXPECT_FALSE(parsed->success);
  EXPECT_FALSE(parsed->services) << "\"all\"";
}

TEST(ScrapeMetadataFile, NamesTheFieldThatIsWrong) {
  auto expect_error = [](const std::string& text, const std::string& field) {
    auto parsed = scrape::ParseScrapeMetadata(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(parsed.status().message().find(field), std::string::npos)
        << parsed.status().ToString();
  };
  expect_error(R"({"start_time":"2025-08-09T17:35:31.277Z"})", "scrape_id");
  expect_error(R"({"scrape_id":"s","start_time":"yesterday"})", "start_time");
  expect_error(R"({"scrape_id":"s","start_time":"2025-08-09T17:35:31Z","regions":"us-east-1"})",
               "regions");
  expect_error(R"({"scrape_id":"s","start_time":"2025-08-09T17:35:31Z","services":"some"})",
               "services");
  expect_error(R"({"scrape_id":"s","start_time":"2025-08-09T17:35:31Z","outcomes":{"ok":"3"}})",
               "outcomes");
  EXPECT_FALSE(scrape::ParseScrapeMetadata("[1]").ok());
  EXPECT_FALSE(scrape::ParseScrapeMetadata("{\"scrape_id\":").ok());
  StoreTempDir dir;
  EXPECT_EQ(scrape::ReadScrapeMetadata(dir.path()).status().code(), StatusCode::kNotFound);
}

class FinaliserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::SqliteStore::Open((tmp_.path() / "a.db").string(), {});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    dir_ = tmp_.path() / kScrape;
    fs::create_directories(dir_);
    ASSERT_TRUE(scrape::WriteScrapeMetadata(dir_, FinishedMetadata()).ok());
  }
  std::string LedgerLine(const std::string& operation) {
    scrape::CallRecord record;
    record.scrape_id = kScrape;
    record.service = "ec2";
    record.operation = operation;
    record.region = "us-east-1";
    record.call_region = "us-east-1";
    record.pages = 1;
    record.attempts = 1;
    record.http_status = 200;
    return scrape::FormatLedgerLine(record);
  }
  void WriteLedger(const std::string& text) {
    std::ofstream(dir_ / scrape::kLedgerFileName, std::ios::binary) << text;
  }
  int64_t StoredOutcomes() { return static_cast<int64_t>(store_->QueryOutcomes({})->size()); }

  StoreTempDir tmp_;
  std::unique_ptr<store::SqliteStore> store_;
  fs::path dir_;
};

TEST_F(FinaliserTest, StoresLedgerAndMetadataThenRemovesTheDirectory) {
  WriteLedger(LedgerLine("DescribeVpcs") + LedgerLine("DescribeSubnets"));
  FinaliseResult result = FinaliseScrapeDirectory(*store_, FinishedMetadata(), dir_);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_TRUE(result.complete());
  EXPECT_EQ(result.outcomes_stored, 2);
  EXPECT_TRUE(result.temp_files_cleaned);
  EXPECT_FALSE(fs::exists(dir_));
  auto stored = store_->GetScrape(kScrape);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->temp_files_cleaned);
  EXPECT_EQ(stored->success, true);
  EXPECT_EQ(stored->account_id, "123456789012");
  EXPECT_EQ(stored->models_version, "botocore 1.29.27");
  EXPECT_EQ(StoredOutcomes(), 2);
  // Again (another process got there first): nothing changes, nothing fails.
  result = FinaliseScrapeDirectory(*store_, FinishedMetadata(), dir_);
  EXPECT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(StoredOutcomes(), 2);
}

TEST_F(FinaliserTest, KeepsTheDirectoryWhilePagesAreLeft) {
  WriteLedger(LedgerLine("DescribeVpcs"));
  std::ofstream(dir_ / "ec2_DescribeVpcs_us-east-1_None.json") << "{}";
  FinaliseResult result = FinaliseScrapeDirectory(*store_, FinishedMetadata(), dir_);
  EXPECT_TRUE(result.status.ok());
  EXPECT_FALSE(result.complete());
  EXPECT_FALSE(result.temp_files_cleaned);
  EXPECT_TRUE(fs::exists(dir_ / scrape::kLedgerFileName));
  EXPECT_FALSE(store_->GetScrape(kScrape)->temp_files_cleaned);
}

TEST_F(FinaliserTest, APartialLastLedgerLineIsACallWithoutOutcomeYet) {
  std::string cut = LedgerLine("DescribeSubnets");
  WriteLedger(LedgerLine("DescribeVpcs") + cut.substr(0, cut.size() / 2));
  auto stored = StoreLedgerFile(*store_, dir_);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, 1);
}

TEST_F(FinaliserTest, ACorruptLedgerStoresNothingAndKeepsEverything) {
  WriteLedger(LedgerLine("DescribeVpcs") + "{\"scrape_id\":\n" + LedgerLine("DescribeSubnets"));
  FinaliseResult result = FinaliseScrapeDirectory(*store_, FinishedMetadata(), dir_);
  EXPECT_FALSE(result.status.ok());
  EXPECT_NE(result.status.ToString().find("ledger line 2"), std::string::npos)
      << result.status.ToString();
  EXPECT_EQ(StoredOutcomes(), 0);
  EXPECT_TRUE(fs::exists(dir_ / scrape::kLedgerFileName));
}

TEST_F(FinaliserTest, ALedgerThatCannotBeReadIsAnErrorAndKeepsEverything) {
  fs::create_directories(dir_ / scrape::kLedgerFileName);  // a directory where the file should be
  auto stored = StoreLedgerFile(*store_, dir_);
  ASSERT_FALSE(stored.ok());
  EXPECT_NE(stored.status().ToString().find("not a regular file"), std::string::npos)
      << stored.status().ToString();
  FinaliseResult result = FinaliseScrapeDirectory(*store_, FinishedMetadata(), dir_);
  EXPECT_FALSE(result.status.ok());
  EXPECT_FALSE(result.temp_files_cleaned);
  EXPECT_TRUE(fs::exists(dir_ / scrape::kLedgerFileName));
  EXPECT_EQ(StoredOutcomes(), 0);
}

TEST_F(FinaliserTest, AnUnfinishedScrapeKeepsItsCountersAndItsDirectory) {
  scrape::ScrapeMetadata running = FinishedMetadata();
  running.end_time.reset();
  running.success.reset();
  store::ScrapeRecord stored = ScrapeRecordFromMetadata(running);
  stored.files_processed_to_mongo = 7;
  stored.total_resources_saved = 21;
  ASSERT_TRUE(store_->SaveScrape(stored).ok());
  WriteLedger(LedgerLine("DescribeVpcs") + LedgerLine("DescribeSubnets"));
  auto outcomes = StoreUnfinishedScrape(*store_, running, dir_);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  EXPECT_EQ(*outcomes, 2);
  EXPECT_EQ(StoredOutcomes(), 2);
  auto after = store_->GetScrape(kScrape);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->files_processed_to_mongo, 7);
  EXPECT_EQ(after->total_resources_saved, 21);
  EXPECT_EQ(after->account_id, "123456789012");
  EXPECT_TRUE(fs::exists(dir_ / scrape::kLedgerFileName));

  // Once the scrape has finished and stored its end, its start metadata must not replace it.
  ASSERT_TRUE(store_->SaveScrape(ScrapeRecordFromMetadata(FinishedMetadata())).ok());
  outcomes = StoreUnfinishedScrape(*store_, running, dir_);
  ASSERT_TRUE(outcomes.ok());
  EXPECT_EQ(*outcomes, 0);
  EXPECT_TRUE(store_->GetScrape(kScrape)->end_time.has_value());
}

}  // namespace
}  // namespace awscrape::workflow
