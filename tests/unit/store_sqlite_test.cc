// The SQLite backend: the store suite on a file database opened through OpenStore, plus what
// only SQLite has (WAL, schema versions, lock and open failures), URL selection and the
// content-addressing helpers.
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "awscrape/store/open_store.h"
#include "awscrape/store/response_body.h"
#include "awscrape/store/sqlite/sqlite_checkpointer.h"
#include "awscrape/store/sqlite/sqlite_db.h"
#include "awscrape/store/sqlite/sqlite_schema.h"
#include "awscrape/store/sqlite/sqlite_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Sqlite, StoreSuite,
    ::testing::Values(StoreBackend{"sqlite",
                                   [](const std::filesystem::path& dir) {
                                     return OpenStore("sqlite://" + (dir / "awscrape.db").string());
                                   }}),
    [](const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; });

// A second, raw connection to the same file, as another process would have.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawConnection() { sqlite3_close(db_); }
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  std::string QueryText(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(stmt);
    return out;
  }
  // EXPLAIN QUERY PLAN's details, one per line.
  std::string QueryPlan(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &stmt, nullptr) ==
        SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
        out += '\n';
      }
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqliteStore, CreatesTheSchemaInWalModeWithTheSeedsIndexes) {
  StoreTempDir dir;
  std::string path = (dir.path() / "a.db").string();
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  RawConnection raw(path);
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.QueryText("PRAGMA page_size"), std::to_string(kSqlitePageSize));
  EXPECT_EQ(raw.QueryText("SELECT version FROM schema_version"),
            std::to_string(kSqliteSchemaVersion));
  std::string unique =
      raw.QueryText("SELECT sql FROM sqlite_master WHERE name = 'aws_resources_key'");
  EXPECT_NE(unique.find("UNIQUE INDEX"), std::string::npos);
  EXPECT_NE(unique.find("(scrape_id, service, region, operation, page)"), std::string::npos);
  for (const char* index : {"scrapes_start_time", "scrapes_success", "scrapes_services_regions",
                            "scrapes_success_start_time", "aws_resources_service_time",
                            "aws_resources_scrape_timestamp",
                            "aws_resources_scrape_source_filename", "logs_scrape_id"}) {
    EXPECT_EQ(
        raw.QueryText(std::string("SELECT name FROM sqlite_master WHERE name = '") + index + "'"),
        index);
  }
  EXPECT_NE(raw.QueryText("SELECT sql FROM sqlite_master WHERE name = "
                          "'aws_resources_scrape_source_filename'")
                .find("(scrape_id, source_filename)"),
            std::string::npos);
  EXPECT_EQ(raw.QueryText("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                          "('aws_resources_source_filename', 'aws_resources_compare')"),
            "0");
  EXPECT_NE(raw.QueryText("SELECT sql FROM sqlite_master WHERE name = "
                          "'aws_resources_service_time'")
                .find("(service, scrape_timestamp DESC, region, operation)"),
            std::string::npos);
  // Reopening an up-to-date database migrates nothing and keeps the version.
  store->reset();
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  EXPECT_EQ(raw.QueryText("SELECT COUNT(*) FROM schema_version"), "1");
}

// Versions before 4 had the seed's comparison index in the seed's order.
void RestoreVersion3ComparisonIndex(RawConnection& raw) {
  raw.Exec("DROP INDEX aws_resources_service_time");
  raw.Exec(
      "CREATE INDEX aws_resources_compare ON aws_resources (service, region, operation, "
      "scrape_timestamp DESC)");
}

TEST(SqliteStore, MigratesAVersion2DatabaseToTheScrapeScopedFilenameIndex) {
  StoreTempDir dir;
  std::string path = (dir.path() / "a.db").string();
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_a", At(1))).ok());
  }
  // What version 2 left: the filename index over all scrapes.
  RawConnection raw(path);
  raw.Exec("DROP INDEX aws_resources_scrape_source_filename");
  raw.Exec("CREATE INDEX aws_resources_source_filename ON aws_resources (source_filename)");
  RestoreVersion3ComparisonIndex(raw);
  raw.Exec("UPDATE schema_version SET version = 2");
  auto reopened = SqliteStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(raw.QueryText("SELECT version FROM schema_version"),
            std::to_string(kSqliteSchemaVersion));
  EXPECT_EQ(raw.QueryText("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                          "('aws_resources_source_filename', "
                          "'aws_resources_scrape_source_filename')"),
            "1");
  EXPECT_EQ(raw.QueryText("SELECT name FROM sqlite_master WHERE sql LIKE '%source_filename)'"),
            "aws_resources_scrape_source_filename");
  EXPECT_EQ((*reopened)->GetScrape("scrape_a")->scrape_id, "scrape_a");
}

TEST(SqliteStore, MigratesAVersion3DatabaseToTheServiceTimeIndex) {
  StoreTempDir dir;
  std::string path = (dir.path() / "a.db").string();
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
    for (const auto& scrape : {MakeScrape("scrape_a", At(1)), MakeScrape("scrape_b", At(2))}) {
      ASSERT_TRUE((*store)->SaveScrape(scrape).ok());
      std::vector<ResponseDocument> docs = {
          MakeDocument(scrape, "ec2", "us-east-1", "DescribeVpcs", 1, MakeResponse("Vpcs", 1, 1))};
      ASSERT_TRUE((*store)->SaveResponses(docs).ok());
    }
  }
  // What version 3 left: the seed's comparison index.
  RawConnection raw(path);
  RestoreVersion3ComparisonIndex(raw);
  raw.Exec("UPDATE schema_version SET version = 3");
  auto reopened = SqliteStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(raw.QueryText("SELECT version FROM schema_version"), "4");
  EXPECT_EQ(raw.QueryText("SELECT group_concat(name) FROM sqlite_master WHERE name IN "
                          "('aws_resources_compare', 'aws_resources_service_time')"),
            "aws_resources_service_time");
  // Comparison reads the new index, newest scrape first.
  auto compared = (*reopened)->CompareResources({"ec2", "us-east-1", "DescribeVpcs", 10});
  ASSERT_TRUE(compared.ok()) << compared.status().ToString();
  ASSERT_EQ(compared->size(), 2u);
  EXPECT_EQ((*compared)[0].scrape_id, "scrape_b");
  EXPECT_EQ((*compared)[1].scrape_id, "scrape_a");
  EXPECT_NE(raw.QueryPlan("SELECT scrape_id FROM aws_resources WHERE service = 'ec2' AND "
                          "region = 'us-east-1' AND operation = 'DescribeVpcs' ORDER BY "
                          "scrape_timestamp DESC")
                .find("USING INDEX aws_resources_service_time (service=?)"),
            std::string::npos);
}

TEST(SqliteStore, ADatabaseWithSqlitesDefaultPagesIsUsedAsItIs) {
  // Databases created before awscrape chose 16 KiB pages have 4 KiB ones; changing that would
  // rewrite the whole file, so they keep them and work as before.
  StoreTempDir dir;
  std::string path = (dir.path() / "old.db").string();
  {
    RawConnection raw(path);
    ASSERT_EQ(raw.Exec("PRAGMA page_size=4096; CREATE TABLE made_by_another_tool (x)"), SQLITE_OK);
  }
  auto store = SqliteStore::Open(path, {.checkpoint_bytes = 64 << 10});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ScrapeRecord scrape;
  scrape.scrape_id = "scrape_20250809_173531_f4a5f77d";
  scrape.profile = "audit";
  ASSERT_TRUE((*store)->SaveScrape(scrape).ok());
  (*store)->WritesPaused();  // a checkpoint of the 4 KiB pages
  auto read = (*store)->GetScrape(scrape.scrape_id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->profile, "audit");
  RawConnection raw(path);
  EXPECT_EQ(raw.QueryText("PRAGMA page_size"), "4096");
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
}

TEST(SqliteStore, RefusesADatabaseFromANewerAwscrape) {
  StoreTempDir dir;
  std::string path = (dir.path() / "a.db").string();
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  RawConnection(path).Exec("UPDATE schema_version SET version = 99");
  auto reopened = SqliteStore::Open(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(reopened.status().message().find("schema version 99"), std::string::npos);
}

TEST(SqliteStore, AnUnopenablePathIsAClearError) {
  StoreTempDir dir;
  for (std::string path : {(dir.path() / "missing" / "dir" / "a.db").string(),
                           dir.path().string() /* a directory, not a file */}) {
    auto store = SqliteStore::Open(path);
    ASSERT_FALSE(store.ok()) << path;
    EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
    EXPECT_NE(store.status().message().find(path), std::string::npos) << store.status().ToString();
  }
  // Not a database at all.
  std::string garbage = (dir.path() / "garbage.db").string();
  std::ofstream(garbage) << std::string(8192, 'x');
  auto store = SqliteStore::Open(garbage);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kIoError) << store.status().ToString();
}

TEST(SqliteStore, ALockedDatabaseIsUnavailableThenRecovers) {
  StoreTempDir dir;
  std::string path = (dir.path() / "a.db").string();
  auto opened = SqliteStore::Open(path, {.busy_timeout_ms = 100});
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  std::vector<ResponseDocument> docs = {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 1, 1))};

  RawConnection other(path);
  ASSERT_EQ(other.Exec("BEGIN IMMEDIATE; INSERT INTO logs (timestamp, level, component, message) "
                       "VALUES (0, 'INFO', 'x', 'y')"),
            SQLITE_OK);
  auto saved = store.SaveResponses(docs);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(saved.status().message().find("locked"), std::string::npos)
      << saved.status().ToString();
  EXPECT_EQ(store.SaveScrape(s).code(), StatusCode::kUnavailable);
  // Readers are not blocked by a writer in WAL mode.
  EXPECT_TRUE(store.QueryResources({}).ok());

  ASSERT_EQ(other.Exec("COMMIT"), SQLITE_OK);
  auto retried = store.SaveResponses(docs);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->inserted, 1);
}

TEST(SqliteDb, ValuesBoundWithoutACopyAreStoredBeforeTheirMemoryChanges) {
  // BindTextNoCopy/BindBlobNoCopy leave the bytes where they are until the step: each row keeps
  // what the buffer held when it was inserted, though the buffer is overwritten (and freed)
  // right after, and a NUL inside a value survives.
  auto db = SqliteDb::Open(":memory:", 1000);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (k BLOB, v TEXT, o TEXT)").ok());
  for (int i = 0; i < 3; ++i) {
    auto text = std::make_unique<std::string>("value-" + std::to_string(i) + std::string(1, '\0') +
                                              std::string(5000, 'a' + i));
    std::string key = "key" + std::to_string(i);
    std::optional<std::string> optional;
    if (i == 1) optional = "present";
    auto insert = (*db)->Prepare("INSERT INTO t (k, v, o) VALUES (?1, ?2, ?3)");
    ASSERT_TRUE(insert.ok());
    (*insert)->BindBlobNoCopy(1, key);
    (*insert)->BindTextNoCopy(2, *text);
    (*insert)->BindOptTextNoCopy(3, optional);
    ASSERT_TRUE((*insert)->Run().ok());
    key.assign(key.size(), 'x');
    text->assign(text->size(), 'x');
    text.reset();
  }
  auto select = (*db)->Prepare("SELECT k, v, o FROM t ORDER BY rowid");
  ASSERT_TRUE(select.ok());
  for (int i = 0; i < 3; ++i) {
    auto row = (*select)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*select)->Text(0), "key" + std::to_string(i));
    EXPECT_EQ((*select)->Text(1),
              "value-" + std::to_string(i) + std::string(1, '\0') + std::string(5000, 'a' + i));
    EXPECT_EQ((*select)->OptText(2), i == 1 ? std::optional<std::string>("present") : std::nullopt);
  }
  EXPECT_FALSE(*(*select)->Step());
}

// The database file alone (no -wal): what checkpoints have copied into it so far.
int64_t RowsInTheMainFileAlone(const std::filesystem::path& db, const std::filesystem::path& copy,
                               const std::string& table = "t") {
  std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
  sqlite3* raw = nullptr;
  sqlite3_open(copy.c_str(), &raw);
  sqlite3_stmt* stmt = nullptr;
  int64_t rows = -1;
  const std::string sql = "SELECT COUNT(*) FROM " + table;
  if (sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    rows = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return rows;
}

// Waits (up to 10 s) for `done`, and returns it.
template <typename Done>
bool WaitFor(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// Waits (up to 10 s) until checkpoints have copied `rows` rows of `table` into the main file,
// and returns how many it holds.
int64_t WaitForRowsInTheMainFile(const std::filesystem::path& db, const std::filesystem::path& copy,
                                 int64_t rows, const std::string& table = "t") {
  WaitFor([&] { return RowsInTheMainFileAlone(db, copy, table) == rows; });
  return RowsInTheMainFileAlone(db, copy, table);
}

TEST(SqliteCheckpointer, CopiesTheLogIntoTheDatabaseOffTheWritersThread) {
  StoreTempDir dir;
  const auto path = dir.path() / "c.db";
  for (bool writer_falls_behind : {false, true}) {
    SCOPED_TRACE(writer_falls_behind ? "the writer's own checkpoint" : "the thread's");
    std::filesystem::remove(path);
    auto db = SqliteDb::Open(path.string(), 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0").ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t (v TEXT)").ok());
    // Past 4 pages the thread is woken; in the second round it never is, and the writer
    // checkpoints itself past 8.
    SqliteCheckpointer::Options options{.wake_pages = writer_falls_behind ? 1 << 30 : 4,
                                        .writer_pages = 8};
    if (!writer_falls_behind) options.writer_pages = 1 << 30;
    auto checkpointer = SqliteCheckpointer::Install(**db, options);
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().ToString();
    EXPECT_LE(RowsInTheMainFileAlone(path, dir.path() / "copy.db"), 0);  // all in the log
    auto insert = (*db)->Prepare("INSERT INTO t (v) VALUES (?1)");
    ASSERT_TRUE(insert.ok());
    for (int commit = 0; commit < 4; ++commit) {
      ASSERT_TRUE((*db)->Exec("BEGIN").ok());
      for (int i = 0; i < 50; ++i) {
        (*insert)->BindText(1, std::string(1000, 'a' + commit));
        ASSERT_TRUE((*insert)->Run().ok());
      }
      ASSERT_TRUE((*db)->Exec("COMMIT").ok());
    }
    // Each commit past the mark copies everything committed so far: in the end, all of it.
    const std::filesystem::path copy = dir.path() / "copy.db";
    if (writer_falls_behind) {
      EXPECT_EQ(RowsInTheMainFileAlone(path, copy), 200);
      EXPECT_EQ((*checkpointer)->checkpoints(), 0);
    } else {
      EXPECT_EQ(WaitForRowsInTheMainFile(path, copy, 200), 200);
      // The rows can reach the main file before the checkpoint call returns.
      EXPECT_TRUE(WaitFor([&] { return (*checkpointer)->checkpoints() > 0; }));
    }
    // Gone before the writer: SQLite's automatic checkpoint takes over (no hook left pointing
    // at it), commits go on.
    checkpointer->reset();
    ASSERT_TRUE((*db)->Exec("INSERT INTO t (v) VALUES ('after')").ok());
    db->reset();
    EXPECT_EQ(RowsInTheMainFileAlone(path, dir.path() / "copy.db"), 201);  // closed: all in
  }
}

TEST(SqliteCheckpointer, ARequestCheckpointsWhatTheLogHoldsBelowTheMark) {
  StoreTempDir dir;
  const auto path = dir.path() / "r.db";
  auto db = SqliteDb::Open(path.string(), 1000);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0").ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (v TEXT)").ok());
  auto checkpointer =
      SqliteCheckpointer::Install(**db, {.wake_pages = 1 << 30, .writer_pages = 1 << 30});
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().ToString();
  ASSERT_TRUE((*db)->Exec("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')").ok());
  const std::filesystem::path copy = dir.path() / "copy.db";
  EXPECT_LE(RowsInTheMainFileAlone(path, copy), 0);  // far below the mark: all in the log
  (*checkpointer)->Request();
  // The rows can reach the main file before the checkpoint call returns: wait for both.
  EXPECT_EQ(WaitForRowsInTheMainFile(path, copy, 3), 3);
  EXPECT_TRUE(WaitFor([&] { return (*checkpointer)->checkpoints() > 0; }));
  EXPECT_EQ((*checkpointer)->checkpoints(), 1);
}

TEST(SqliteStore, WritesPausedCopiesTheLogIntoTheDatabaseWhileItStaysOpen) {
  StoreTempDir dir;
  const auto path = dir.path() / "p.db";
  auto store = SqliteStore::Open(path.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_" + std::to_string(i), At(i))).ok());
  }
  const std::filesystem::path copy = dir.path() / "copy.db";
  EXPECT_LE(RowsInTheMainFileAlone(path, copy, "scrapes"), 0);
  (*store)->WritesPaused();
  EXPECT_EQ(WaitForRowsInTheMainFile(path, copy, 3, "scrapes"), 3);
  // Still a working store afterwards.
  ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_3", At(3))).ok());
  EXPECT_EQ((*store)->ListScrapes({})->total, 4);
}

TEST(SqliteStore, TheLogFileShrinksBackOnceCheckpointed) {
  for (int64_t limit : {int64_t{64} << 10, int64_t{-1}}) {
    SCOPED_TRACE(limit < 0 ? "no limit" : "64 KiB limit");
    StoreTempDir dir;
    const auto path = dir.path() / "w.db";
    const std::filesystem::path wal = path.string() + "-wal";
    auto store = SqliteStore::Open(path.string(), {.wal_size_limit_bytes = limit});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 200; ++i) {  // ~2 MB of log
      ScrapeRecord scrape = MakeScrape("scrape_" + std::to_string(i), At(i));
      scrape.temp_directory = std::string(10000, 'a' + i % 26);
      ASSERT_TRUE((*store)->SaveScrape(scrape).ok());
    }
    EXPECT_GT(std::filesystem::file_size(wal), 1u << 20);
    ASSERT_EQ((*store)->BackgroundCheckpoints(), 0);
    (*store)->WritesPaused();
    // Until the checkpoint has finished (the rows can be in the main file before it has), the
    // next commit appends to the log instead of starting it over.
    ASSERT_TRUE(WaitFor([&] { return (*store)->BackgroundCheckpoints() > 0; }));
    ASSERT_EQ((*store)->BackgroundCheckpoints(), 1);
    EXPECT_EQ(RowsInTheMainFileAlone(path, dir.path() / "copy.db", "scrapes"), 200);
    // The next commit starts the log over and, with a limit, cuts the file back to it.
    ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_after", At(300))).ok());
    if (limit > 0) {
      EXPECT_LE(std::filesystem::file_size(wal), static_cast<uintmax_t>(limit) + (64u << 10));
    } else {
      EXPECT_GT(std::filesystem::file_size(wal), 1u << 20);
    }
    EXPECT_EQ((*store)->ListScrapes({})->total, 201);
  }
}

TEST(SqliteStore, InMemoryDatabase) {
  auto store = OpenStore("sqlite://:memory:");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->Backend(), "sqlite");
  ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_a", At(1))).ok());
  EXPECT_GT(*(*store)->BytesOnDisk(), 0);
}

TEST(DatabaseUrl, ParsesEachBackend) {
  auto sqlite = ParseDatabaseUrl("sqlite:///var/lib/awscrape.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(sqlite->backend, BackendKind::kSqlite);
  EXPECT_EQ(sqlite->sqlite_path, "/var/lib/awscrape.db");
  EXPECT_EQ(ParseDatabaseUrl(kDefaultDatabaseUrl)->sqlite_path, "./awscrape.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite://").status().code(), StatusCode::kInvalidArgument);

  EXPECT_EQ(ParseDatabaseUrl("postgresql://u:p@127.0.0.1:5432/db")->backend,
            BackendKind::kPostgres);
  EXPECT_EQ(ParseDatabaseUrl("postgres://h/db")->backend, BackendKind::kPostgres);

  auto no_env = [](const char*) -> const char* { return nullptr; };
  auto mongo = ParseDatabaseUrl("mongodb://localhost:27017", no_env);
  ASSERT_TRUE(mongo.ok());
  EXPECT_EQ(mongo->backend, BackendKind::kMongo);
  EXPECT_EQ(mongo->database_name, "aws_scraper_db");
  EXPECT_EQ(ParseDatabaseUrl("mongodb://h:1/inventory?replicaSet=rs0", no_env)->database_name,
            "inventory");
  auto named = [](const char* name) -> const char* {
    return std::string_view(name) == "MONGODB_DATABASE_NAME" ? "from_env" : nullptr;
  };
  EXPECT_EQ(ParseDatabaseUrl("mongodb://h/", named)->database_name, "from_env");

  auto bad = ParseDatabaseUrl("mysql://h/db");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("mysql://h/db"), std::string::npos);
}

TEST(DatabaseUrl, ResolvesFlagThenEnvironmentThenDefault) {
  std::map<std::string, std::string> env;
  auto lookup = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(ResolveDatabaseUrl("", lookup), kDefaultDatabaseUrl);
  env["MONGODB_CONNECTION_STRING"] = "mongodb://localhost:27017";
  EXPECT_EQ(ResolveDatabaseUrl("", lookup), "mongodb://localhost:27017");
  env["AWSCRAPE_DATABASE_URL"] = "postgresql://h/db";
  EXPECT_EQ(ResolveDatabaseUrl("", lookup), "postgresql://h/db");
  EXPECT_EQ(ResolveDatabaseUrl("sqlite:///x.db", lookup), "sqlite:///x.db");
}

TEST(ResponseBody, SplitsOffTheMetadataAndJoinsItBackInPlace) {
  const std::string last = R"({"A":[1,2],"B":{"c":"d"},"ResponseMetadata":{"RequestId":"r1"}})";
  auto split = SplitResponse(last);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->body, R"({"A":[1,2],"B":{"c":"d"}})");
  EXPECT_EQ(split->metadata, R"({"RequestId":"r1"})");
  EXPECT_EQ(split->metadata_position, 2);
  EXPECT_EQ(split->hash.size(), 32u);
  EXPECT_EQ(*JoinResponse(split->body, split->metadata, split->metadata_position), last);

  // Different metadata, same body: same hash.
  auto other = SplitResponse(R"({"A":[1,2],"B":{"c":"d"},"ResponseMetadata":{"RequestId":"r2"}})");
  EXPECT_EQ(other->hash, split->hash);
  // Different body: different hash.
  EXPECT_NE(SplitResponse(R"({"A":[1,3],"B":{"c":"d"}})")->hash, split->hash);

  for (std::string response : {std::string(R"({"ResponseMetadata":{"x":1},"A":[]})"),
                               std::string(R"({"A":1,"ResponseMetadata":{},"B":2})"),
                               std::string(R"({"ResponseMetadata":{"x":1}})"),
                               std::string(R"({"A":"no metadata"})"), std::string("{}")}) {
    auto s = SplitResponse(response);
    ASSERT_TRUE(s.ok()) << response;
    EXPECT_EQ(*JoinResponse(s->body, s->metadata, s->metadata_position), response);
  }
  EXPECT_EQ(SplitResponse("[1]").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SplitResponse("{").status().code(), StatusCode::kParseError);
}

TEST(ResponseBody, CountsTopLevelListItems) {
  auto doc = ParseJson(
      R"({"Vpcs":[1,2,3],"Next":"t","Inner":{"L":[1]},"Empty":[],"ResponseMetadata":{"H":[1,2]}})");
  EXPECT_EQ(CountItems(*doc), 3);
  EXPECT_EQ(CountItems(*ParseJson("[1,2]")), 0);
}

}  // namespace
}  // namespace awscrape::store::testing
