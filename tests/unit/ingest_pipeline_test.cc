// The ingester's pipeline and its single JSON pass: a spool file parsed once gives byte for byte
// the split response the two-pass path gave (compact text re-parsed by the store); a file is
// never deleted before the batch holding it has committed, also when the store fails mid-way or
// a stop arrives during a commit; files read relative to their directory behave as before.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "awscrape/core/json.h"
#include "awscrape/store/ingester.h"
#include "awscrape/store/response_body.h"
#include "awscrape/store/spool_dir_io.h"
#include "awscrape/store/spool_file.h"
#include "awscrape/store/spool_watcher.h"
#include "awscrape/store/sqlite/sqlite_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScrape = "scrape_20250809_173531_f4a5f77d";

// What the ingester did before it parsed each file once: the compact response text, then the
// store's SplitResponse re-parsing it.
struct OldPath {
  std::string compact;  // the response as the old ingester handed it to the store
  SplitResponseBody split;
  int64_t item_count = 0;
};
Result<OldPath> SplitTheOldWay(std::string_view contents) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseJson(contents));
  const JsonValue* response = FindMember(doc, "response");
  if (!response) return InvalidArgument("no response");
  OldPath old;
  old.item_count = CountItems(*response);
  old.compact = ToJson(*response);
  AWSCRAPE_ASSIGN_OR_RETURN(old.split, SplitResponse(old.compact));
  return old;
}

TEST(SinglePassSpoolParse, EqualsTheTwoPassPathByteForByte) {
  const std::vector<std::string> responses = {
      // First, past the 1 MiB the per-thread write buffer keeps: the small ones after it are
      // written into a buffer given back and grown again.
      R"({"Bigger":")" + std::string(2 << 20, 'y') + R"(","ResponseMetadata":{"RequestId":"b"}})",
      R"({})",
      R"({"ResponseMetadata":{"RequestId":"r1","HTTPStatusCode":200}})",
      R"({"Vpcs":[{"VpcId":"vpc-1"}],"ResponseMetadata":{"RequestId":"r"}})",
      R"({"ResponseMetadata":{"RequestId":"first"},"Roles":[1,2,3],"IsTruncated":false})",
      R"({"A":[1],"ResponseMetadata":{"HTTPHeaders":{"x-amzn-requestid":"m"}},"B":[2,3]})",
      R"({"Vpcs":[{"Tags":[{"Key":"k","Value":"v"}]}]})",  // no metadata at all
      // Unicode: raw UTF-8, escapes, a surrogate pair, control characters, escaped slash.
      R"({"Name":"caf\u00e9 — ünïcødé 日本語 \ud83d\ude80","Esc":"a\"b\\c\/d\n\t\u0001",)"
      R"("ResponseMetadata":{"RequestId":"\u0072"}})",
      // Numbers: big integers, negative, doubles, exponents, values past int64 and double
      // precision.
      R"({"N":[0,-1,9007199254740993,18446744073709551615,18446744073709551616,)"
      R"(123456789012345678901234567890,-9223372036854775808,1.5,-0.0,1e10,1E-7,)"
      R"(0.1234567890123456789,3.141592653589793238462643383279,1.7976931348623157e308,)"
      R"(5e-324,2.2250738585072014e-308,100.0,1.0e2,NaN,-Infinity]})",
      R"({"Deep":{"a":{"b":{"c":[[[{"d":null}]]]}}},"T":true,"F":false,"Z":null})",
      // Whitespace and pretty-printing in the file: the stored form is compact either way.
      "{\n  \"Items\" : [ 1 ,\n 2 ] ,\n  \"ResponseMetadata\" : { \"RequestId\" : \"x\" }\n}",
      // Duplicate metadata members (not from AWS, but a file may say anything).
      R"({"ResponseMetadata":{"RequestId":"a"},"X":[1],"ResponseMetadata":{"RequestId":"b"}})",
      R"({"Huge":")" + std::string(100000, 'x') + R"(","ResponseMetadata":{"RequestId":"h"}})",
  };
  for (const std::string& response : responses) {
    const std::string contents =
        R"({"service":"ec2","region":"us-east-1","profile":null,"operation":"DescribeVpcs",)"
        R"("response":)" +
        response + "}";
    auto parsed = ParseSpoolFile(contents, "ec2_DescribeVpcs_us-east-1_None.json");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << " for " << response;
    auto old = SplitTheOldWay(contents);
    ASSERT_TRUE(old.ok()) << old.status().ToString();
    EXPECT_EQ(parsed->response.body, old->split.body) << response;
    EXPECT_EQ(parsed->response.hash, old->split.hash) << response;
    EXPECT_EQ(parsed->response.metadata, old->split.metadata) << response;
    EXPECT_EQ(parsed->response.metadata_position, old->split.metadata_position) << response;
    EXPECT_EQ(parsed->item_count, old->item_count) << response;
    // And a store reading it back gives the compact response the old path stored (but for
    // duplicate metadata members, of which a store keeps the last, then as now).
    auto joined = JoinResponse(parsed->response.body, parsed->response.metadata,
                               parsed->response.metadata_position);
    ASSERT_TRUE(joined.ok());
    if (response.find("ResponseMetadata") == response.rfind("ResponseMetadata")) {
      EXPECT_EQ(*joined, old->compact);
    }
  }
}

TEST(SinglePassSpoolParse, ParsesInABufferThatStillHoldsALargerFile) {
  // The ingester reads file after file into one buffer: what an earlier, larger file left after
  // this one's bytes must not be read as part of it.
  const std::string small =
      R"({"service":"ec2","region":"us-east-1","profile":null,"operation":"DescribeVpcs",)"
      R"("response":{"Vpcs":[{"VpcId":"vpc-\u0031"}],"ResponseMetadata":{"RequestId":"r"}}})";
  std::string buffer = small + R"(,"more":")" + std::string(70000, 'z') + "\"}";
  auto in_buffer =
      ParseSpoolFileInBuffer(buffer, small.size(), "ec2_DescribeVpcs_us-east-1_None.json");
  ASSERT_TRUE(in_buffer.ok()) << in_buffer.status().ToString();
  auto copied = ParseSpoolFile(small, "ec2_DescribeVpcs_us-east-1_None.json");
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(in_buffer->response.body, R"({"Vpcs":[{"VpcId":"vpc-1"}]})");
  EXPECT_EQ(in_buffer->response.body, copied->response.body);
  EXPECT_EQ(in_buffer->response.metadata, copied->response.metadata);
  // A buffer with no room after the text grows for the padding.
  std::string exact = small;
  exact.shrink_to_fit();
  auto grown = ParseSpoolFileInBuffer(exact, small.size(), "ec2_DescribeVpcs_us-east-1_None.json");
  ASSERT_TRUE(grown.ok()) << grown.status().ToString();
  EXPECT_EQ(grown->response.hash, copied->response.hash);
}

TEST(SinglePassSpoolParse, StoredDocumentsEqualTheTwoPassPath) {
  // The same spool content stored through SaveSplitResponses (single pass) and SaveResponses
  // (compact text, split by the store) reads back identically.
  StoreTempDir dir;
  auto a = SqliteStore::Open((dir.path() / "a.db").string());
  auto b = SqliteStore::Open((dir.path() / "b.db").string());
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string contents =
      R"({"service":"iam","region":null,"profile":null,"operation":"ListRoles","page":1,)"
      R"("response":{"Roles":[{"RoleName":"r\u00e9","Id":18446744073709551616}],)"
      R"("ResponseMetadata":{"RequestId":"q"},"IsTruncated":true}})";
  auto spool = ParseSpoolFile(contents, "iam_ListRoles_None_None.p1.json");
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  ResponseDocument doc;
  doc.scrape_id = kScrape;
  doc.service = "iam";
  doc.operation = "ListRoles";
  doc.page = 1;
  doc.item_count = spool->item_count;
  for (Store* s : {static_cast<Store*>(a->get()), static_cast<Store*>(b->get())}) {
    ScrapeRecord scrape;
    scrape.scrape_id = kScrape;
    ASSERT_TRUE(s->SaveScrape(scrape).ok());
  }
  ASSERT_TRUE((*a)->SaveSplitResponses({&doc, 1}, {&spool->response, 1}).ok());
  ResponseDocument two_pass = doc;
  auto old = SplitTheOldWay(contents);
  ASSERT_TRUE(old.ok());
  two_pass.response =
      *JoinResponse(old->split.body, old->split.metadata, old->split.metadata_position);
  ASSERT_TRUE((*b)->SaveResponses({&two_pass, 1}).ok());
  auto from_a = (*a)->QueryResources({});
  auto from_b = (*b)->QueryResources({});
  ASSERT_TRUE(from_a.ok() && from_b.ok());
  ASSERT_EQ(from_a->documents.size(), 1u);
  EXPECT_EQ(from_a->documents, from_b->documents);
  EXPECT_EQ(from_a->documents[0].response, two_pass.response);
  EXPECT_EQ((*a)->SaveSplitResponses({&doc, 1}, {}).status().code(), StatusCode::kInvalidArgument);
}

// A Store that forwards to SQLite and watches the ingester: every document it is asked to
// store must still have its spool file (nothing deleted before its commit), a commit can be
// made to fail, and a hook runs inside a commit.
class WatchingStore : public Store {
 public:
  explicit WatchingStore(Store& inner) : inner_(inner) {}

  std::atomic<int> saves{0};
  std::atomic<int> fail_from_save{0};  // 1-based; 0: never fail
  std::atomic<int> missing_before_commit{0};
  std::atomic<int> pauses{0};  // WritesPaused calls
  std::function<void(int save)> during_commit;

  std::string_view Backend() const override { return inner_.Backend(); }
  Status SaveScrape(const ScrapeRecord& s) override { return inner_.SaveScrape(s); }
  Result<bool> CreateScrapeIfAbsent(const ScrapeRecord& s) override {
    return inner_.CreateScrapeIfAbsent(s);
  }
  Result<ScrapeRecord> GetScrape(std::string_view id) override { return inner_.GetScrape(id); }
  Result<ScrapePage> ListScrapes(const ScrapeFilter& f) override { return inner_.ListScrapes(f); }
  Result<DeleteCounts> DeleteScrape(std::string_view id) override {
    return inner_.DeleteScrape(id);
  }
  Result<SaveResult> SaveSplit(std::span<const ResponseDocument> docs,
                               std::span<const SplitResponseBody> splits) override {
    int save = ++saves;
    for (const ResponseDocument& doc : docs) {
      if (!fs::exists(doc.temp_file_path)) ++missing_before_commit;
    }
    if (during_commit) during_commit(save);
    // Give a deleter that ran ahead of the commit time to do harm.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fail_from_save && save >= fail_from_save) return Unavailable("database went away");
    auto saved = inner_.SaveSplitResponses(docs, splits);
    for (const ResponseDocument& doc : docs) {
      if (!fs::exists(doc.temp_file_path)) ++missing_before_commit;
    }
    return saved;
  }
  Result<ResourcePage> QueryResources(const ResourceFilter& f) override {
    return inner_.QueryResources(f);
  }
  Result<int64_t> DeleteResources(const ResourceFilter& f) override {
    return inner_.DeleteResources(f);
  }
  Result<std::vector<ResponseDocument>> CompareResources(const CompareQuery& q) override {
    return inner_.CompareResources(q);
  }
  Result<Stats> GetStats() override { return inner_.GetStats(); }
  Result<std::vector<GroupStats>> StatsByService() override { return inner_.StatsByService(); }
  Result<std::vector<GroupStats>> StatsByRegion() override { return inner_.StatsByRegion(); }
  Result<std::vector<TimelineDay>> Timeline(int days, Timestamp now) override {
    return inner_.Timeline(days, now);
  }
  Result<DeleteCounts> DeleteScrapesOlderThan(Timestamp cutoff) override {
    return inner_.DeleteScrapesOlderThan(cutoff);
  }
  Status AppendLogs(std::span<const LogEntry> entries) override {
    return inner_.AppendLogs(entries);
  }
  Result<std::vector<LogEntry>> QueryLogs(const LogFilter& f) override {
    return inner_.QueryLogs(f);
  }
  Status SaveOutcomes(std::span<const CallOutcome> o) override { return inner_.SaveOutcomes(o); }
  Result<std::vector<CallOutcome>> QueryOutcomes(const OutcomeFilter& f) override {
    return inner_.QueryOutcomes(f);
  }
  Result<int64_t> BytesOnDisk() override { return inner_.BytesOnDisk(); }
  void WritesPaused() override {
    ++pauses;
    inner_.WritesPaused();
  }

 private:
  Store& inner_;
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open((dir_.path() / "a.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    sqlite_ = std::move(opened).value();
    watching_ = std::make_unique<WatchingStore>(*sqlite_);
    spool_ = dir_.path() / "spool" / kScrape;
    fs::create_directories(spool_);
  }
  // `n` spool files, one page each of one call, in the order the watcher sorts them; every
  // `bad_every`-th (when > 0) is garbage.
  std::vector<PendingFile> WriteFiles(int n, int bad_every = 0) {
    std::vector<PendingFile> files;
    for (int i = 0; i < n; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "svc_ListThings_eu-west-1_None.p%04d.json", i);
      bool bad = bad_every > 0 && i % bad_every == bad_every - 1;
      std::ofstream(spool_ / name, std::ios::binary)
          << (bad ? std::string("not json")
                  : R"({"service":"svc","region":"eu-west-1","profile":null,)"
                    R"("operation":"ListThings","page":)" +
                        std::to_string(i) + R"(,"response":{"Things":[)" + std::to_string(i) +
                        R"(],"ResponseMetadata":{"RequestId":"r)" + std::to_string(i) + R"("}}})");
      files.push_back({spool_ / name, kScrape});
    }
    return files;
  }
  int64_t Documents() { return sqlite_->QueryResources({})->total; }
  IngesterOptions Options(size_t batch) {
    IngesterOptions options;
    options.quarantine_dir = dir_.path() / "spool" / ".quarantine";
    options.batch_files = batch;
    return options;
  }

  StoreTempDir dir_;
  std::unique_ptr<SqliteStore> sqlite_;
  std::unique_ptr<WatchingStore> watching_;
  fs::path spool_;
};

TEST(PipelinedBatchSize, GrowsWithTheSquareRootOfTheFilesUpToTheBatchSize) {
  EXPECT_EQ(PipelinedBatchSize(100, 10000), 500u);  // at least 500 files a commit
  EXPECT_EQ(PipelinedBatchSize(19733, 10000), 2809u);
  EXPECT_EQ(PipelinedBatchSize(80000, 10000), 5656u);
  EXPECT_EQ(PipelinedBatchSize(1000000, 10000), 10000u);  // never more than asked for
  EXPECT_EQ(PipelinedBatchSize(60, 10), 10u);             // nor fewer, when less than 500
  EXPECT_EQ(PipelinedBatchSize(60, 0), 1u);
  EXPECT_EQ(PipelinedBatchSize(0, 10000), 500u);
}

TEST_F(PipelineTest, StoresEveryBatchAndDeletesOnlyCommittedFiles) {
  struct Case {
    bool pipeline;
    size_t delete_threads;
  };
  for (Case c : {Case{true, 4}, Case{true, 1}, Case{true, 0}, Case{false, 4}}) {
    SCOPED_TRACE((c.pipeline ? "pipeline, deleters: " : "one thread, deleters: ") +
                 std::to_string(c.delete_threads));
    const bool pipeline = c.pipeline;
    std::vector<PendingFile> files = WriteFiles(57, /*bad_every=*/10);
    IngesterOptions options = Options(8);
    options.pipeline = pipeline;
    options.delete_threads = c.delete_threads;
    Ingester ingester(*watching_, options);
    IngestCounts counts;
    size_t handled = 0;
    ASSERT_TRUE(ingester.IngestFiles(files, counts, &handled).ok());
    EXPECT_EQ(handled, files.size());
    EXPECT_EQ(counts.files_stored, 52);
    EXPECT_EQ(counts.files_quarantined, 5);
    EXPECT_EQ(watching_->missing_before_commit.load(), 0);
    for (const PendingFile& file : files) EXPECT_FALSE(fs::exists(file.path)) << file.path;
    EXPECT_EQ(Documents(), 52);
  }
  EXPECT_EQ(sqlite_->QueryLogs({})->size(), 20u);  // 5 bad files a round
  // The second round stored the same files again: nothing changed.
  EXPECT_EQ(Documents(), 52);
}

TEST_F(PipelineTest, AStoreFailingMidWayLeavesEveryUncommittedFileInPlace) {
  for (int fail_from : {1, 2, 4}) {
    SCOPED_TRACE("failing from save " + std::to_string(fail_from));
    std::vector<PendingFile> files = WriteFiles(60);
    watching_->saves = 0;
    watching_->fail_from_save = fail_from;
    Ingester ingester(*watching_, Options(10));
    IngestCounts counts;
    size_t handled = 99;
    Status status = ingester.IngestFiles(files, counts, &handled);
    EXPECT_EQ(status.code(), StatusCode::kUnavailable);
    const size_t committed = 10 * (fail_from - 1);  // batches of 10
    EXPECT_EQ(handled, committed);
    EXPECT_EQ(counts.files_stored, static_cast<int64_t>(committed));
    // The reader may have read one batch ahead, but nothing after the failure was stored.
    EXPECT_EQ(watching_->saves.load(), fail_from);
    EXPECT_EQ(watching_->missing_before_commit.load(), 0);
    for (size_t i = 0; i < files.size(); ++i) {
      EXPECT_EQ(fs::exists(files[i].path), i >= committed) << files[i].path;
    }
    // The store comes back: the rest is stored once, the committed part is not touched again.
    watching_->fail_from_save = 0;
    std::vector<PendingFile> rest(files.begin() + static_cast<std::ptrdiff_t>(handled),
                                  files.end());
    IngestCounts again;
    ASSERT_TRUE(ingester.IngestFiles(rest, again, &handled).ok());
    EXPECT_EQ(handled, rest.size());
    EXPECT_EQ(Documents(), 60);
    EXPECT_EQ(again.files_missing, 0);
    for (const PendingFile& file : files) EXPECT_FALSE(fs::exists(file.path));
  }
}

TEST_F(PipelineTest, StopDuringACommitFinishesItAndTouchesNothingAfter) {
  std::vector<PendingFile> files = WriteFiles(50);
  std::atomic<bool> stop{false};
  watching_->during_commit = [&](int save) {
    if (save == 2) stop = true;  // Stop() arrives while batch 2 commits
  };
  IngesterOptions options = Options(10);
  options.stop = &stop;
  Ingester ingester(*watching_, options);
  IngestCounts counts;
  size_t handled = 0;
  EXPECT_TRUE(ingester.IngestFiles(files, counts, &handled).ok());
  EXPECT_EQ(handled, 20u);  // two batches of 10
  EXPECT_EQ(watching_->saves.load(), 2);
  EXPECT_EQ(Documents(), 20);
  for (size_t i = 0; i < files.size(); ++i) EXPECT_EQ(fs::exists(files[i].path), i >= 20);
  EXPECT_EQ(watching_->missing_before_commit.load(), 0);
}

TEST_F(PipelineTest, WatcherDrainsManyBatchesAndStopsBetweenThem) {
  WriteFiles(95, /*bad_every=*/30);
  SpoolWatcherOptions options{.spool_dir = dir_.path() / "spool"};
  options.ingest.batch_files = 7;
  auto watcher = SpoolWatcher::Create(*watching_, options);
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE((*watcher)->DrainOnce().ok());
  EXPECT_EQ(watching_->pauses.load(), 1);  // told once all was in
  ASSERT_TRUE((*watcher)->DrainOnce().ok());
  EXPECT_EQ(watching_->pauses.load(), 1);  // nothing written: nothing to tell
  EXPECT_EQ(Documents(), 92);
  EXPECT_EQ((*watcher)->counts().files_stored, 92);
  EXPECT_EQ((*watcher)->counts().files_quarantined, 3);
  EXPECT_EQ((*watcher)->pending(), 0u);
  EXPECT_EQ(watching_->missing_before_commit.load(), 0);
  EXPECT_TRUE(fs::is_empty(spool_));

  // A store failing on the third batch: DrainOnce reports it, committed files are gone, the
  // rest wait; the next drain stores them without counting any as missing.
  WriteFiles(40);
  watching_->saves = 0;
  watching_->fail_from_save = 3;
  auto second = SpoolWatcher::Create(*watching_, options);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->DrainOnce().code(), StatusCode::kUnavailable);
  EXPECT_EQ((*second)->pending(), 40u - 14u);  // two batches of 7 committed
  EXPECT_EQ(watching_->pauses.load(), 1);      // not while files wait
  watching_->fail_from_save = 0;
  ASSERT_TRUE((*second)->DrainOnce().ok());
  EXPECT_EQ(watching_->pauses.load(), 2);
  EXPECT_EQ((*second)->counts().files_missing, 0);
  EXPECT_EQ((*second)->counts().files_stored, 40);
  EXPECT_TRUE(fs::is_empty(spool_));
}

TEST_F(PipelineTest, AWatcherTellsTheStoreWritesPausedOnlyAfterFilesStopComing) {
  SpoolWatcherOptions options{.spool_dir = dir_.path() / "spool"};
  auto watcher = SpoolWatcher::Create(*watching_, options);
  ASSERT_TRUE(watcher.ok());
  Status status;
  std::thread running([&] { status = (*watcher)->Run(); });
  auto wait_for = [](auto done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  EXPECT_EQ(watching_->pauses.load(), 0);  // idle, but nothing was written
  WriteFiles(30);
  EXPECT_TRUE(wait_for([&] { return Documents() == 30; }));
  EXPECT_TRUE(wait_for([&] { return watching_->pauses.load() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  EXPECT_EQ(watching_->pauses.load(), 1);  // once per quiet spell
  (*watcher)->Stop();
  running.join();
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_F(PipelineTest, DrainScansEveryScrapeDirectoryAsADirectoryListingWould) {
  // What the scan takes and leaves (readdir with its d_type, stat only for links): files of
  // every scrape directory, in PendingFile's order; not hidden or temporary names, bookkeeping
  // files, subdirectories or links to directories; a link to a file is taken and, being no
  // regular file, quarantined. A hidden directory and a file directly in the spool are no
  // scrapes.
  const fs::path spool = dir_.path() / "spool";
  WriteFiles(3);
  const char* kOther = "scrape_20250810_080000_00000002";
  fs::create_directories(spool / kOther / "nested");
  const std::string other_file =
      R"({"service":"s3","region":null,"profile":null,"operation":"ListBuckets",)"
      R"("response":{"Buckets":[]}})";
  std::ofstream(spool / kOther / "s3_ListBuckets_None_None.json", std::ios::binary) << other_file;
  std::ofstream(spool / kOther / "nested" / "s3_ListBuckets_None_None.json") << other_file;
  std::ofstream(spool / kOther / "_scrape.json") << "{}";
  std::ofstream(spool / kOther / ".s3_ListBuckets_None_None.json.7.tmp") << "{";
  fs::create_directory_symlink(spool / kOther / "nested", spool / kOther / "linked_dir.json");
  fs::create_symlink(spool / kOther / "_scrape.json", spool / kOther / "s3_ListX_None_None.json");
  fs::create_directories(spool / ".hidden");
  std::ofstream(spool / ".hidden" / "s3_ListBuckets_None_None.json") << other_file;
  std::ofstream(spool / "s3_ListBuckets_None_None.json") << other_file;

  std::vector<std::string> order;
  std::vector<std::string> settled;
  class Recording final : public WatchingStore {
   public:
    Recording(Store& inner, std::vector<std::string>& order)
        : WatchingStore(inner), order_(order) {}
    Result<SaveResult> SaveSplit(std::span<const ResponseDocument> docs,
                                 std::span<const SplitResponseBody> splits) override {
      for (const ResponseDocument& doc : docs) order_.push_back(doc.temp_file_path);
      return WatchingStore::SaveSplit(docs, splits);
    }

   private:
    std::vector<std::string>& order_;
  } recording(*sqlite_, order);
  SpoolWatcherOptions options{.spool_dir = spool};
  options.ingest.batch_files = 2;
  options.on_scrape_settled = [&](const std::string& scrape_id, const fs::path& dir) {
    EXPECT_EQ(dir, spool / scrape_id);
    settled.push_back(scrape_id);
  };
  auto watcher = SpoolWatcher::Create(recording, options);
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE((*watcher)->DrainOnce().ok());
  EXPECT_EQ((*watcher)->counts().files_stored, 4);
  EXPECT_EQ((*watcher)->counts().files_quarantined, 1);
  EXPECT_TRUE(fs::exists(spool / ".quarantine" / kOther / "s3_ListX_None_None.json"));
  EXPECT_EQ((*watcher)->pending(), 0u);
  std::vector<std::string> expected;
  for (int i = 0; i < 3; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "svc_ListThings_eu-west-1_None.p%04d.json", i);
    expected.push_back((spool_ / name).string());
  }
  expected.push_back((spool / kOther / "s3_ListBuckets_None_None.json").string());
  EXPECT_EQ(order, expected);
  EXPECT_EQ(settled, (std::vector<std::string>{kScrape, kOther}));
  // What the scan left alone is still there.
  for (const fs::path& kept :
       {spool / kOther / "nested" / "s3_ListBuckets_None_None.json",
        spool / kOther / "_scrape.json", spool / kOther / ".s3_ListBuckets_None_None.json.7.tmp",
        spool / ".hidden" / "s3_ListBuckets_None_None.json",
        spool / "s3_ListBuckets_None_None.json"}) {
    EXPECT_TRUE(fs::exists(kept)) << kept;
  }
  EXPECT_TRUE(fs::is_symlink(spool / kOther / "linked_dir.json"));
}

TEST_F(PipelineTest, AStopBeforeTheDrainLeavesEveryScrapeUnsettled) {
  WriteFiles(5);
  int settled = 0;
  SpoolWatcherOptions options{.spool_dir = dir_.path() / "spool"};
  options.on_scrape_settled = [&](const std::string&, const fs::path&) { ++settled; };
  auto watcher = SpoolWatcher::Create(*watching_, options);
  ASSERT_TRUE(watcher.ok());
  (*watcher)->Stop();
  EXPECT_TRUE((*watcher)->DrainOnce().ok());
  EXPECT_EQ((*watcher)->pending(), 5u);
  EXPECT_EQ(Documents(), 0);
  EXPECT_EQ(settled, 0);
}

TEST(SpoolDirIo, ReadsAndDeletesRelativeToTheDirectory) {
  StoreTempDir dir;
  const fs::path a = dir.path() / "a.json";
  std::ofstream(a, std::ios::binary) << "hello";
  const std::string big(200 * 1024 + 3, 'b');  // larger than the first read
  std::ofstream(dir.path() / "big.json", std::ios::binary) << big;
  fs::create_directories(dir.path() / "sub");
  fs::create_symlink(a, dir.path() / "link.json");

  SpoolDirFds dirs;
  std::string buffer;
  std::string_view contents;
  const fs::path big_path = dir.path() / "big.json";
  for (bool to_eof : {false, true}) {
    ASSERT_TRUE(ReadSpoolFileAt(dirs.Locate(a), 1000, to_eof, buffer, contents).ok());
    EXPECT_EQ(contents, "hello");
    ASSERT_TRUE(ReadSpoolFileAt(dirs.Locate(big_path), 1 << 20, to_eof, buffer, contents).ok());
    EXPECT_EQ(contents, big);
  }
  EXPECT_EQ(ReadSpoolFileAt(dirs.Locate(big_path), big.size() - 1, false, buffer, contents).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(ReadSpoolFileAt(dirs.Locate(big_path), big.size(), false, buffer, contents).ok());
  const fs::path link = dir.path() / "link.json";
  const fs::path sub = dir.path() / "sub";
  const fs::path gone = dir.path() / "gone.json";
  EXPECT_EQ(ReadSpoolFileAt(dirs.Locate(link), 1000, false, buffer, contents).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadSpoolFileAt(dirs.Locate(sub), 1000, false, buffer, contents).code(),
            StatusCode::kIoError);
  EXPECT_EQ(ReadSpoolFileAt(dirs.Locate(gone), 1000, false, buffer, contents).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(DeleteSpoolFileAt(dirs.Locate(a)));
  EXPECT_FALSE(fs::exists(a));
  EXPECT_TRUE(DeleteSpoolFileAt(dirs.Locate(a)));  // already gone counts as deleted
  // A FIFO with no writer would block a plain open() or read() forever: it reads as empty
  // (then fails to parse and goes to quarantine like any bad file).
  const fs::path fifo = dir.path() / "fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  Status fifo_read = ReadSpoolFileAt(dirs.Locate(fifo), 1000, false, buffer, contents);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(!fifo_read.ok() || contents.empty()) << fifo_read.ToString();
  // A relative name (no directory) works from the current directory.
  const fs::path no_dir = "no-such-file.json";
  SpoolDirFds::At relative = dirs.Locate(no_dir);
  EXPECT_EQ(ReadSpoolFileAt(relative, 10, false, buffer, contents).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace awscrape::store::testing
