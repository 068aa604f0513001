// Ingestion: spool file parsing, the Ingester's batches, quarantine and idempotence, and the
// inotify SpoolWatcher (files renamed into place, new scrape directories, leftovers on start,
// a store that is down and comes back).
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "awscrape/store/ingester.h"
#include "awscrape/store/scrape_id.h"
#include "awscrape/store/spool_file.h"
#include "awscrape/store/spool_watcher.h"
#include "awscrape/store/sqlite/sqlite_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScrape = "scrape_20250809_173531_f4a5f77d";

std::string SpoolJson(const std::string& service, const std::string& operation,
                      const std::string& region, const std::string& response,
                      std::optional<int> page = std::nullopt) {
  std::string region_json = region == "None" ? "null" : "\"" + region + "\"";
  std::string json = "{\"service\":\"" + service + "\",\"region\":" + region_json +
                     ",\"profile\":null,\"operation\":\"" + operation + "\"";
  if (page) json += ",\"page\":" + std::to_string(*page);
  return json + ",\"response\":" + response + "}";
}

std::string SpoolName(const std::string& service, const std::string& operation,
                      const std::string& region, int page = 0) {
  std::string name = service + "_" + operation + "_" + region + "_None";
  if (page > 0) name += ".p" + std::to_string(page);
  return name + ".json";
}

void WriteFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

// As the scraper does: a temporary name, then a rename into place.
void WriteAndRename(const fs::path& path, const std::string& contents) {
  fs::path temp = path.parent_path() / ("." + path.filename().string() + ".1234.tmp");
  WriteFile(temp, contents);
  fs::rename(temp, path);
}

bool WaitFor(const std::function<bool()>& condition, int timeout_ms = 10000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open((dir_.path() / "a.db").string(), {.busy_timeout_ms = 50});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    spool_ = dir_.path() / "spool";
    fs::create_directories(spool_);
  }
  fs::path ScrapeDir(const std::string& id = kScrape) { return spool_ / id; }
  int64_t Documents() { return store_->QueryResources({})->total; }

  StoreTempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  fs::path spool_;
};

TEST(SpoolFile, ParsesAwsListAllsFormat) {
  auto file = ParseSpoolFile(
      SpoolJson(
          "apprunner", "ListObservabilityConfigurations", "us-east-1",
          R"({"ObservabilityConfigurationSummaryList":[{"A":1},{"A":2}],"ResponseMetadata":{"RequestId":"r"}})"),
      "apprunner_ListObservabilityConfigurations_us-east-1_None.json");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->service, "apprunner");
  EXPECT_EQ(file->region, "us-east-1");
  EXPECT_EQ(file->profile, std::nullopt);
  EXPECT_EQ(file->page, 0);
  EXPECT_EQ(file->item_count, 2);
  // Split as a store keeps it: the body without ResponseMetadata, which comes apart.
  EXPECT_EQ(file->response.body, R"({"ObservabilityConfigurationSummaryList":[{"A":1},{"A":2}]})");
  EXPECT_EQ(file->response.metadata, R"({"RequestId":"r"})");
  EXPECT_EQ(file->response.metadata_position, 1);

  auto global = ParseSpoolFile(SpoolJson("iam", "ListRoles", "None", R"({"Roles":[]})", 2),
                               "iam_ListRoles_None_None.p2.json");
  ASSERT_TRUE(global.ok()) << global.status().ToString();
  EXPECT_EQ(global->region, std::nullopt);
  EXPECT_EQ(global->page, 2);
  // Without a "page" member the name's .pN decides.
  auto by_name = ParseSpoolFile(SpoolJson("iam", "ListRoles", "None", "{}"),
                                "iam_ListRoles_None_None.p3.json");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->page, 3);
  auto profiled = ParseSpoolFile(
      R"({"service":"s3","region":null,"profile":"my_prof","operation":"ListBuckets","response":{}})",
      "s3_ListBuckets_None_my_prof.json");
  ASSERT_TRUE(profiled.ok());
  EXPECT_EQ(profiled->profile, "my_prof");
}

TEST(SpoolFile, RejectsWhatCannotBeIngested) {
  const std::string name = SpoolName("ec2", "DescribeVpcs", "us-east-1");
  const std::string good = SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[]})");
  EXPECT_TRUE(ParseSpoolFile(good, name).ok());
  struct Case {
    std::string contents;
    std::string name;
    StatusCode code;
  };
  std::vector<Case> cases = {
      {good.substr(0, good.size() / 2), name, StatusCode::kParseError},  // truncated
      {std::string("\x89PNG\r\n\x1a\n\0\0\xff\xfe", 12), name, StatusCode::kParseError},  // binary
      {"", name, StatusCode::kParseError},
      {"[1,2]", name, StatusCode::kInvalidArgument},
      {R"({"service":"ec2","operation":"DescribeVpcs","region":"us-east-1"})", name,
       StatusCode::kInvalidArgument},  // no response
      {SpoolJson("ec2", "DescribeVpcs", "us-east-1", "[]"), name, StatusCode::kInvalidArgument},
      {R"({"service":1,"operation":"DescribeVpcs","region":"us-east-1","response":{}})", name,
       StatusCode::kInvalidArgument},
      {R"({"service":"ec2","operation":"DescribeVpcs","region":7,"response":{}})", name,
       StatusCode::kInvalidArgument},
      {SpoolJson("ec2", "DescribeVpcs", "us-east-1", "{}", -1), name, StatusCode::kInvalidArgument},
      {SpoolJson("ec2", "DescribeSubnets", "us-east-1", "{}"), name,
       StatusCode::kInvalidArgument},  // contents name another call
      {SpoolJson("ec2", "DescribeVpcs", "eu-west-1", "{}"), name, StatusCode::kInvalidArgument},
      {SpoolJson("ec2", "DescribeVpcs", "us-east-1", "{}", 1), name,
       StatusCode::kInvalidArgument},  // page 1 in page 0's file
      {good, "notes.txt", StatusCode::kInvalidArgument},
      // A whole good file with garbage after a NUL: parsed in place, the NUL must not end it.
      {good + std::string(1, '\0') + "\xff\xfe garbage", name, StatusCode::kParseError},
  };
  for (const auto& c : cases) {
    auto parsed = ParseSpoolFile(c.contents, c.name);
    ASSERT_FALSE(parsed.ok()) << c.contents;
    EXPECT_EQ(parsed.status().code(), c.code) << c.contents << ": " << parsed.status().ToString();
  }
  auto oversized = ParseSpoolFile(good, name, 10);
  EXPECT_EQ(oversized.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(oversized.status().message().find("limit"), std::string::npos);
}

TEST(ScrapeId, HasTheSeedsFormAndEncodesItsTime) {
  Timestamp t{1754760931, 277000};  // 2025-08-09T17:35:31.277Z
  std::string id = GenerateScrapeId(t, 0xf4a5f77d);
  EXPECT_EQ(id, "scrape_20250809_173531_f4a5f77d");
  EXPECT_EQ(ScrapeIdTime(id), (Timestamp{1754760931, 0}));
  EXPECT_NE(GenerateScrapeId(t), GenerateScrapeId(t));
  EXPECT_EQ(GenerateScrapeId(t).size(), 31u);
  for (const char* bad : {"scrape_2025080_173531_f4a5f77d", "scrape_20251309_173531_f4a5f77d",
                          "scrape_20250809_173531_f4a5f77z", "other", ""}) {
    EXPECT_EQ(ScrapeIdTime(bad), std::nullopt) << bad;
  }
}

TEST_F(IngestTest, DrainStoresGoodFilesQuarantinesBadOnesAndLogsEach) {
  fs::path dir = ScrapeDir();
  WriteFile(dir / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
            SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[{"VpcId":"vpc-1"}]})"));
  WriteFile(dir / SpoolName("iam", "ListRoles", "None"),
            SpoolJson("iam", "ListRoles", "None", R"({"Roles":[1,2],"IsTruncated":true})"));
  WriteFile(dir / SpoolName("iam", "ListRoles", "None", 1),
            SpoolJson("iam", "ListRoles", "None", R"({"Roles":[3]})", 1));
  const std::string good = SpoolJson("s3", "ListBuckets", "None", R"({"Buckets":[]})");
  std::map<std::string, std::string> bad = {
      {SpoolName("ec2", "DescribeSubnets", "us-east-1"), good.substr(0, 40)},  // truncated
      {SpoolName("ec2", "DescribeImages", "us-east-1"),
       SpoolJson("ec2", "DescribeImages", "us-east-1", R"("not an object")")},  // wrong fields
      {SpoolName("ec2", "DescribeVolumes", "us-east-1"), std::string("\0\x01\xff\xfe garbage", 12)},
      {SpoolName("ec2", "DescribeSnapshots", "us-east-1"),
       SpoolJson("ec2", "DescribeSnapshots", "us-east-1",
                 "{\"Snapshots\":[\"" + std::string(4096, 'x') + "\"]}")},  // oversized
  };
  for (const auto& [name, contents] : bad) WriteFile(dir / name, contents);
  WriteFile(dir / ".ec2_DescribeKeyPairs_us-east-1_None.json.99.tmp", "{half");  // a writer's

  SpoolWatcherOptions options{.spool_dir = spool_};
  options.ingest.max_file_bytes = 2048;
  options.ingest.batch_files = 2;
  auto watcher = SpoolWatcher::Create(*store_, options);
  ASSERT_TRUE(watcher.ok()) << watcher.status().ToString();
  ASSERT_TRUE((*watcher)->DrainOnce().ok());

  IngestCounts counts = (*watcher)->counts();
  EXPECT_EQ(counts.files_stored, 3);
  EXPECT_EQ(counts.documents_inserted, 3);
  EXPECT_EQ(counts.files_quarantined, 4);
  EXPECT_EQ(counts.batches, 2);
  EXPECT_EQ(Documents(), 3);
  // Only the writer's temporary file is left in the spool; the bad ones are in quarantine.
  EXPECT_EQ(CountFiles(dir), 1u);
  for (const auto& [name, contents] : bad) {
    fs::path quarantined = spool_ / ".quarantine" / kScrape / name;
    ASSERT_TRUE(fs::exists(quarantined)) << name;
    std::ifstream in(quarantined, std::ios::binary);
    std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(kept, contents) << name;
  }
  auto logs = store_->QueryLogs({.level = "ERROR"});
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 4u);
  for (const auto& entry : *logs) {
    EXPECT_EQ(entry.component, "FileWatcher");
    EXPECT_EQ(entry.scrape_id, kScrape);
    ASSERT_TRUE(entry.file_path.has_value());
    EXPECT_TRUE(bad.count(fs::path(*entry.file_path).filename().string())) << *entry.file_path;
    EXPECT_NE(entry.message.find("Failed to process file: " + *entry.file_path), std::string::npos);
    ASSERT_TRUE(entry.error.has_value());
    EXPECT_FALSE(entry.error->empty());
  }

  // The scrape nobody registered was created from its id, and its counters are exact.
  auto scrape = store_->GetScrape(kScrape);
  ASSERT_TRUE(scrape.ok());
  EXPECT_EQ(scrape->start_time, (Timestamp{1754760931, 0}));
  EXPECT_EQ(scrape->files_processed_to_mongo, 3);
  EXPECT_EQ(scrape->total_resources_saved, 4);
  auto roles = store_->QueryResources({.service = "iam"});
  ASSERT_EQ(roles->total, 2);
  EXPECT_EQ(roles->documents[0].page, 0);
  EXPECT_EQ(roles->documents[1].page, 1);
  EXPECT_EQ(roles->documents[1].region, std::nullopt);
  EXPECT_EQ(roles->documents[1].source_filename, SpoolName("iam", "ListRoles", "None", 1));
  EXPECT_EQ(roles->documents[1].temp_file_path,
            (dir / SpoolName("iam", "ListRoles", "None", 1)).string());
  EXPECT_EQ(roles->documents[0].scrape_timestamp, scrape->start_time);
}

TEST_F(IngestTest, IngestingAFileTwiceChangesNothing) {
  fs::path file = ScrapeDir() / SpoolName("ec2", "DescribeVpcs", "us-east-1");
  std::string contents =
      SpoolJson("ec2", "DescribeVpcs", "us-east-1",
                R"({"Vpcs":[{"VpcId":"vpc-1"}],"ResponseMetadata":{"RequestId":"r1"}})");
  Ingester ingester(*store_, {.quarantine_dir = dir_.path() / "q"});
  std::vector<PendingFile> files = {{file, kScrape}};
  WriteFile(file, contents);
  IngestCounts first;
  ASSERT_TRUE(ingester.IngestFiles(files, first).ok());
  EXPECT_EQ(first.documents_inserted, 1);
  EXPECT_FALSE(fs::exists(file));
  auto before = store_->QueryResources({});
  auto scrape_before = store_->GetScrape(kScrape);
  auto bytes_before = store_->BytesOnDisk();

  // A crash between commit and delete leaves the file: the next pass stores nothing new.
  WriteFile(file, contents);
  Ingester restarted(*store_, {.quarantine_dir = dir_.path() / "q"});
  IngestCounts second;
  ASSERT_TRUE(restarted.IngestFiles(files, second).ok());
  EXPECT_EQ(second.documents_inserted, 0);
  EXPECT_EQ(second.documents_unchanged, 1);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(store_->QueryResources({})->documents, before->documents);
  EXPECT_EQ(*store_->GetScrape(kScrape), *scrape_before);
  EXPECT_EQ(*store_->BytesOnDisk(), *bytes_before);

  // A file already handled by someone else is simply gone.
  IngestCounts third;
  ASSERT_TRUE(restarted.IngestFiles(files, third).ok());
  EXPECT_EQ(third.files_missing, 1);
}

TEST_F(IngestTest, ImportModeLeavesTheDirectoryAlone) {
  fs::path dir = dir_.path() / "aws-list-all-output";
  WriteFile(dir / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
            SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[]})"));
  WriteFile(dir / SpoolName("ec2", "DescribeSubnets", "us-east-1"), "{\"trunc");
  Ingester ingester(*store_, {.delete_after_commit = false, .component = "Import"});
  std::vector<PendingFile> files = {
      {dir / SpoolName("ec2", "DescribeSubnets", "us-east-1"), "scrape_import"},
      {dir / SpoolName("ec2", "DescribeVpcs", "us-east-1"), "scrape_import"}};
  IngestCounts counts;
  ASSERT_TRUE(ingester.IngestFiles(files, counts).ok());
  EXPECT_EQ(counts.files_stored, 1);
  EXPECT_EQ(counts.files_quarantined, 1);
  EXPECT_EQ(CountFiles(dir), 2u);
  auto logs = store_->QueryLogs({.component = "Import"});
  ASSERT_EQ(logs->size(), 1u);
  EXPECT_EQ(logs->at(0).file_path, files[0].path.string());
}

// Runs a watcher on its own thread for the duration of a test.
class RunningWatcher {
 public:
  RunningWatcher(Store& store, SpoolWatcherOptions options) {
    auto created = SpoolWatcher::Create(store, std::move(options));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    watcher_ = std::move(created).value();
    thread_ = std::thread([this] { status_ = watcher_->Run(); });
  }
  ~RunningWatcher() { (void)Stop(); }
  Status Stop() {
    if (thread_.joinable()) {
      watcher_->Stop();
      thread_.join();
    }
    return status_;
  }
  SpoolWatcher& operator*() { return *watcher_; }
  SpoolWatcher* operator->() { return watcher_.get(); }

 private:
  std::unique_ptr<SpoolWatcher> watcher_;
  std::thread thread_;
  Status status_;
};

TEST_F(IngestTest, WatcherIngestsLeftoversThenFilesAsTheyAppear) {
  // A leftover from before the watcher started (a crash, a restart).
  WriteFile(ScrapeDir() / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
            SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[1]})"));
  RunningWatcher watcher(*store_, {.spool_dir = spool_});
  ASSERT_TRUE(WaitFor([&] { return Documents() == 1; }));

  // Renamed into place in the existing scrape directory.
  for (int i = 0; i < 20; ++i) {
    std::string op = "ListThings" + std::to_string(i);
    WriteAndRename(ScrapeDir() / SpoolName("svc", op, "eu-west-1"),
                   SpoolJson("svc", op, "eu-west-1", R"({"Things":[1,2]})"));
  }
  ASSERT_TRUE(WaitFor([&] { return Documents() == 21; })) << Documents();
  // A scrape directory that appears after the watcher started, written in place.
  std::string other = "scrape_20250810_000000_00000001";
  WriteFile(ScrapeDir(other) / SpoolName("sqs", "ListQueues", "us-east-1"),
            SpoolJson("sqs", "ListQueues", "us-east-1", R"({"QueueUrls":["q"]})"));
  ASSERT_TRUE(WaitFor([&] { return Documents() == 22; })) << Documents();
  ASSERT_TRUE(WaitFor([&] { return CountFiles(spool_) == 0; })) << CountFiles(spool_);
  EXPECT_EQ(store_->QueryResources({.scrape_id = other})->total, 1);
  // A corrupt file arriving while watching is quarantined with a log entry.
  WriteAndRename(ScrapeDir() / SpoolName("ec2", "DescribeSubnets", "us-east-1"), "{\"x\":");
  ASSERT_TRUE(WaitFor([&] { return store_->QueryLogs({})->size() == 1; }));
  EXPECT_TRUE(fs::exists(spool_ / ".quarantine" / kScrape /
                         SpoolName("ec2", "DescribeSubnets", "us-east-1")));
  EXPECT_TRUE(watcher.Stop().ok());
  EXPECT_EQ(watcher->counts().files_stored, 22);
  EXPECT_EQ(Documents(), 22);
}

TEST_F(IngestTest, WatcherOfOneScrapeDirectory) {
  fs::path dir = dir_.path() / kScrape;
  fs::create_directories(dir);
  RunningWatcher watcher(*store_, {.spool_dir = dir, .scrape_id = std::string(kScrape)});
  WriteAndRename(dir / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
                 SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[1]})"));
  WriteAndRename(dir / SpoolName("ec2", "DescribeSubnets", "us-east-1"), "garbage");
  ASSERT_TRUE(WaitFor([&] { return Documents() == 1 && CountFiles(dir) == 0; }));
  EXPECT_TRUE(fs::exists(dir_.path() / ".quarantine" / kScrape /
                         SpoolName("ec2", "DescribeSubnets", "us-east-1")));
}

TEST_F(IngestTest, WhileTheStoreIsDownFilesStayAndIngestionCatchesUp) {
  fs::path db_path = dir_.path() / "a.db";
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &other), SQLITE_OK);
  // Another writer holds the database: every SaveResponses fails as kUnavailable.
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; DELETE FROM logs", nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::atomic<int> failures{0};
  SpoolWatcherOptions options{.spool_dir = spool_,
                              .initial_backoff = std::chrono::milliseconds(20),
                              .max_backoff = std::chrono::milliseconds(100)};
  options.on_store_error = [&](const Status& status) {
    EXPECT_EQ(status.code(), StatusCode::kUnavailable);
    ++failures;
  };
  RunningWatcher watcher(*store_, options);
  for (int i = 0; i < 5; ++i) {
    std::string op = "ListThings" + std::to_string(i);
    WriteAndRename(ScrapeDir() / SpoolName("svc", op, "eu-west-1"),
                   SpoolJson("svc", op, "eu-west-1", R"({"Things":[1]})"));
  }
  WriteAndRename(ScrapeDir() / SpoolName("ec2", "DescribeSubnets", "us-east-1"), "bad");
  ASSERT_TRUE(WaitFor([&] { return failures.load() >= 3; }));
  // Nothing was lost or quarantined while the store was away: all files wait in the spool.
  EXPECT_EQ(CountFiles(ScrapeDir()), 6u);
  EXPECT_FALSE(fs::exists(spool_ / ".quarantine"));

  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_TRUE(WaitFor([&] { return Documents() == 5 && CountFiles(ScrapeDir()) == 0; }))
      << Documents();
  EXPECT_EQ(store_->QueryLogs({})->size(), 1u);
  EXPECT_TRUE(watcher.Stop().ok());
}

TEST_F(IngestTest, TellsWhenAScrapeHasNothingLeftToIngest) {
  std::mutex mu;
  std::vector<std::string> settled;
  SpoolWatcherOptions options{.spool_dir = spool_};
  options.on_scrape_settled = [&](const std::string& scrape_id, const fs::path& dir) {
    EXPECT_EQ(dir, spool_ / scrape_id);
    std::lock_guard lock(mu);
    settled.push_back(scrape_id);
  };
  auto count = [&] {
    std::lock_guard lock(mu);
    return settled.size();
  };
  WriteFile(ScrapeDir() / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
            SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[1]})"));
  RunningWatcher watcher(*store_, options);
  // Only once its leftover is stored.
  ASSERT_TRUE(WaitFor([&] { return count() == 1; }));
  EXPECT_EQ(Documents(), 1);
  // Pages committed, and a bookkeeping file renamed into place, each settle it again.
  WriteAndRename(ScrapeDir() / SpoolName("ec2", "DescribeSubnets", "us-east-1"),
                 SpoolJson("ec2", "DescribeSubnets", "us-east-1", R"({"Subnets":[1]})"));
  ASSERT_TRUE(WaitFor([&] { return count() == 2; }));
  EXPECT_EQ(Documents(), 2);
  WriteAndRename(ScrapeDir() / "_scrape.json", "{}");
  ASSERT_TRUE(WaitFor([&] { return count() == 3; }));
  // Nothing new, no more calls.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(count(), 3u);
  EXPECT_TRUE(watcher.Stop().ok());
  for (const std::string& id : settled) EXPECT_EQ(id, kScrape);
}

TEST_F(IngestTest, AScrapeWhoseFilesCannotBeStoredDoesNotSettle) {
  int settled = 0;
  SpoolWatcherOptions options{.spool_dir = spool_};
  options.on_scrape_settled = [&](const std::string&, const fs::path&) { ++settled; };
  WriteFile(ScrapeDir() / SpoolName("ec2", "DescribeVpcs", "us-east-1"),
            SpoolJson("ec2", "DescribeVpcs", "us-east-1", R"({"Vpcs":[1]})"));
  // The database is locked by another writer: the file stays, the scrape is not settled.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "a.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto watcher = SpoolWatcher::Create(*store_, options);
  ASSERT_TRUE(watcher.ok());
  EXPECT_FALSE((*watcher)->DrainOnce().ok());
  EXPECT_EQ(settled, 0);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_TRUE((*watcher)->DrainOnce().ok());
  EXPECT_EQ(settled, 1);
}

TEST_F(IngestTest, AMissingSpoolDirectoryIsAnError) {
  auto watcher = SpoolWatcher::Create(*store_, {.spool_dir = dir_.path() / "nope"});
  EXPECT_EQ(watcher.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace awscrape::store::testing
