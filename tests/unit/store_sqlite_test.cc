// The SQLite backend: the store suite on a file database opened through OpenStore, plus what
// only SQLite has (WAL, schema versions, lock and open failures), URL selection and the
// content-addressing helpers.
#include <sqlite3.h>

#include <fstream>

#include "awscrape/store/open_store.h"
#include "awscrape/store/response_body.h"
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
  EXPECT_EQ(raw.QueryText("SELECT version FROM schema_version"),
            std::to_string(kSqliteSchemaVersion));
  std::string unique =
      raw.QueryText("SELECT sql FROM sqlite_master WHERE name = 'aws_resources_key'");
  EXPECT_NE(unique.find("UNIQUE INDEX"), std::string::npos);
  EXPECT_NE(unique.find("(scrape_id, service, region, operation, page)"), std::string::npos);
  for (const char* index :
       {"scrapes_start_time", "scrapes_success", "scrapes_services_regions",
        "scrapes_success_start_time", "aws_resources_compare", "aws_resources_scrape_timestamp",
        "aws_resources_source_filename", "logs_scrape_id"}) {
    EXPECT_EQ(
        raw.QueryText(std::string("SELECT name FROM sqlite_master WHERE name = '") + index + "'"),
        index);
  }
  // Reopening an up-to-date database migrates nothing and keeps the version.
  store->reset();
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  EXPECT_EQ(raw.QueryText("SELECT COUNT(*) FROM schema_version"), "1");
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
