// The MongoDB backend. The shared store suite and the index/TTL checks run against a real server
// when AWSCRAPE_TEST_MONGODB_URI is set (e.g. mongodb://127.0.0.1:27017), each case in a
// database of its own that is dropped when the case ends; without it they are skipped with that
// message. What runs everywhere: a server that is not there (or never answers) is kUnavailable
// within the configured timeout, and URL/option handling. The document mapping is tested
// without a server in mongo_documents_test.cc.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>

#include "awscrape/core/crypto.h"
#include "awscrape/store/mongo/mongo_client.h"
#include "awscrape/store/mongo/mongo_store.h"
#include "awscrape/store/open_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

const char* TestUri() {
  const char* uri = std::getenv("AWSCRAPE_TEST_MONGODB_URI");
  return uri && *uri ? uri : nullptr;
}

// Databases the cases created, dropped after each case.
std::mutex databases_mu;
std::set<std::string> databases;

void DropDatabases() {
  std::set<std::string> names;
  {
    std::lock_guard lock(databases_mu);
    names.swap(databases);
  }
  if (names.empty() || !TestUri()) return;
  auto pool = mongo::MongoPool::Create(TestUri(), "admin");
  if (!pool.ok()) return;
  mongo::PooledClient client(**pool);
  for (const auto& name : names) {
    mongoc_database_t* db = mongoc_client_get_database(client.get(), name.c_str());
    bson_error_t error;
    if (!mongoc_database_drop_with_opts(db, nullptr, &error)) {
      ADD_FAILURE() << "dropping test database " << name << ": " << error.message;
    }
    mongoc_database_destroy(db);
  }
}

class DropDatabasesAfterEachTest : public ::testing::EmptyTestEventListener {
  void OnTestEnd(const ::testing::TestInfo&) override { DropDatabases(); }
};

const bool kListenerInstalled = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new DropDatabasesAfterEachTest);
  return true;
}();

// A database of its own for `key` (the case's temporary directory): the same name on reopening.
std::string DatabaseFor(const std::string& key) {
  std::string name = "awscrape_t_" + Sha256Hex(key + std::to_string(::getpid())).substr(0, 20);
  std::lock_guard lock(databases_mu);
  databases.insert(name);
  return name;
}

Result<std::unique_ptr<MongoStore>> OpenMongo(const std::filesystem::path& dir,
                                              std::optional<int64_t> retention_days = {}) {
  if (!TestUri()) {
    return Unavailable(
        "AWSCRAPE_TEST_MONGODB_URI is not set (no MongoDB server here): MongoDB case skipped");
  }
  auto store = MongoStore::Open(
      {.uri = TestUri(), .database = DatabaseFor(dir.string()), .retention_days = retention_days});
  // A server that was promised but cannot be reached fails the case instead of skipping it.
  if (!store.ok()) {
    return Status(StatusCode::kInternal,
                  "AWSCRAPE_TEST_MONGODB_URI is set but: " + store.status().ToString());
  }
  return store;
}

INSTANTIATE_TEST_SUITE_P(
    Mongo, StoreSuite,
    ::testing::Values(StoreBackend{
        "mongodb",
        [](const std::filesystem::path& dir) -> Result<std::unique_ptr<Store>> {
          AWSCRAPE_ASSIGN_OR_RETURN(auto store, OpenMongo(dir));
          return std::unique_ptr<Store>(std::move(store));
        }}),
    [](const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; });

#define REQUIRE_MONGO(store)                                                  \
  if (!(store).ok() && (store).status().code() == StatusCode::kUnavailable) { \
    GTEST_SKIP() << (store).status().ToString();                              \
  }                                                                           \
  ASSERT_TRUE((store).ok()) << (store).status().ToString()

// {name: expireAfterSeconds (-1: not TTL)} of a collection's indexes.
std::map<std::string, int64_t> ListIndexes(const std::string& database, const char* collection) {
  std::map<std::string, int64_t> out;
  auto pool = mongo::MongoPool::Create(TestUri(), database);
  if (!pool.ok()) return out;
  mongo::PooledClient client(**pool);
  mongoc_collection_t* c = mongoc_client_get_collection(client.get(), database.c_str(), collection);
  mongoc_cursor_t* cursor = mongoc_collection_find_indexes_with_opts(c, nullptr);
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor, &doc)) {
    bson_iter_t it;
    std::string name = bson_iter_init_find(&it, doc, "name") ? bson_iter_utf8(&it, nullptr) : "";
    out[name] = bson_iter_init_find(&it, doc, "expireAfterSeconds") ? bson_iter_as_int64(&it) : -1;
  }
  mongoc_cursor_destroy(cursor);
  mongoc_collection_destroy(c);
  return out;
}

TEST(MongoStore, CreatesTheSeedsIndexesAndManagesTheTtlOnes) {
  StoreTempDir dir;
  auto store = OpenMongo(dir.path());
  REQUIRE_MONGO(store);
  EXPECT_EQ((*store)->Backend(), "mongodb");
  std::string db = DatabaseFor(dir.path().string());
  auto scrapes = ListIndexes(db, "scrapes");
  for (const char* name : {"scrape_id_1", "start_time_-1", "success_1", "services_1_regions_1",
                           "success_1_start_time_-1"}) {
    EXPECT_EQ(scrapes.count(name), 1u) << name;
  }
  auto resources = ListIndexes(db, "aws_resources");
  for (const char* name : {"scrape_id_1_service_1_region_1_operation_1_page_1",
                           "service_1_region_1_operation_1_scrape_timestamp_-1", "scrape_id_1",
                           "service_1_region_1", "scrape_timestamp_-1", "source_filename_1"}) {
    EXPECT_EQ(resources.count(name), 1u) << name;
  }
  EXPECT_EQ(resources.count("created_at_ttl"), 0u);

  // A scrape with an explicit service list and regions: both arrays, still insertable.
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  s.services = std::vector<std::string>{"ec2", "s3"};
  ASSERT_TRUE((*store)->SaveScrape(s).ok());
  store->reset();

  // Retention: 30 days creates the TTL indexes, 60 re-ages them, 0 removes them.
  ASSERT_TRUE(OpenMongo(dir.path(), 30).ok());
  EXPECT_EQ(ListIndexes(db, "scrapes")["created_at_ttl"], 2592000);
  EXPECT_EQ(ListIndexes(db, "aws_resources")["created_at_ttl"], 2592000);
  EXPECT_EQ(ListIndexes(db, "response_bodies")["last_created_at_ttl"], 2592000);
  ASSERT_TRUE(OpenMongo(dir.path(), 60).ok());
  EXPECT_EQ(ListIndexes(db, "scrapes")["created_at_ttl"], 60 * 86400);
  ASSERT_TRUE(OpenMongo(dir.path()).ok());  // unset: left as is
  EXPECT_EQ(ListIndexes(db, "logs")["timestamp_ttl"], 60 * 86400);
  ASSERT_TRUE(OpenMongo(dir.path(), 0).ok());
  EXPECT_EQ(ListIndexes(db, "scrapes").count("created_at_ttl"), 0u);
}

// A loopback port nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(MongoStore, NothingListeningIsUnavailableQuickly) {
  int port = ClosedPort();
  std::string url = "mongodb://127.0.0.1:" + std::to_string(port) +
                    "/inventory?serverSelectionTimeoutMS=300&connectTimeoutMS=300";
  auto start = std::chrono::steady_clock::now();
  auto store = OpenStore(url);
  double elapsed = SecondsSince(start);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
  EXPECT_LT(elapsed, 5.0);
  EXPECT_NE(store.status().message().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << store.status().ToString();
  EXPECT_NE(store.status().message().find("inventory"), std::string::npos);
  EXPECT_NE(store.status().message().find("unavailable"), std::string::npos);
}

TEST(MongoStore, TheDefaultTimeoutAppliesWhenTheUrlSetsNone) {
  // libmongoc's own default would wait 30 s; the store's (5 s, here 200 ms) bounds the wait.
  auto start = std::chrono::steady_clock::now();
  auto store = MongoStore::Open(
      {.uri = "mongodb://127.0.0.1:" + std::to_string(ClosedPort()), .default_timeout_ms = 200});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
  EXPECT_LT(SecondsSince(start), 3.0);
}

TEST(MongoStore, AServerThatNeverAnswersIsUnavailableNotAHang) {
  // Accepts connections (the kernel completes them) but never speaks MongoDB's protocol.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  auto start = std::chrono::steady_clock::now();
  auto store =
      MongoStore::Open({.uri = "mongodb://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)),
                        .default_timeout_ms = 300});
  double elapsed = SecondsSince(start);
  ::close(fd);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
  EXPECT_LT(elapsed, 5.0);
}

TEST(MongoStore, BadUrlsAndOptionsAreInvalidArguments) {
  EXPECT_EQ(OpenStore("mongodb://127.0.0.1:notaport").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MongoStore::Open({.uri = "mongodb://127.0.0.1:1", .database = ""}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      MongoStore::Open({.uri = "mongodb://127.0.0.1:1", .retention_days = -1}).status().code(),
      StatusCode::kInvalidArgument);
}

TEST(MongoStore, RetentionDaysComeFromTheEnvironment) {
  std::map<std::string, std::string> env;
  auto lookup = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  auto none = ParseDatabaseUrl("mongodb://h/db", lookup);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->retention_days.has_value());
  env["AWSCRAPE_RETENTION_DAYS"] = "30";
  EXPECT_EQ(ParseDatabaseUrl("mongodb://h/db", lookup)->retention_days, 30);
  env["AWSCRAPE_RETENTION_DAYS"] = "0";
  EXPECT_EQ(ParseDatabaseUrl("mongodb://h/db", lookup)->retention_days, 0);
  for (const char* bad : {"-1", "30d", "lots"}) {
    env["AWSCRAPE_RETENTION_DAYS"] = bad;
    auto parsed = ParseDatabaseUrl("mongodb://h/db", lookup);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  // Other backends ignore it.
  EXPECT_TRUE(ParseDatabaseUrl("sqlite:///x.db", lookup).ok());
}

}  // namespace
}  // namespace awscrape::store::testing
