// The PostgreSQL backend: the store suite against a real server (Debian's `postgresql`, started
// once for this test binary by tests/support/postgres_server, a fresh database per test case),
// plus what only a server backend has: schema versions in a shared database, and a server that
// goes away and comes back.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "../support/postgres_server.h"
#include "awscrape/core/crypto.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/postgres/pg_connection.h"
#include "awscrape/store/postgres/pg_schema.h"
#include "awscrape/store/postgres/postgres_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

using awscrape::testing::PostgresServer;

// The server shared by every case of this binary; stopped and removed at exit.
Result<PostgresServer*> SharedServer() {
  static std::unique_ptr<PostgresServer> server;
  static Status started = [] {
    server = std::make_unique<PostgresServer>();
    return server->Start();
  }();
  if (!started.ok()) return started;
  return server.get();
}

// A database of its own for `key` (the test's temporary directory): created on first use, the
// same one on reopening. Its name is hex we generate, so it can be spliced into CREATE DATABASE
// (identifiers cannot be query parameters).
Result<std::string> DatabaseFor(PostgresServer& server, const std::string& key) {
  std::string name = "t_" + Sha256Hex(key).substr(0, 24);
  AWSCRAPE_ASSIGN_OR_RETURN(auto admin, PgConnection::Connect(server.Url()));
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult exists, admin->Exec("SELECT 1 FROM pg_database WHERE "
                                                         "datname = $1",
                                                         PgParams().Text(name)));
  if (exists.rows() == 0) AWSCRAPE_RETURN_IF_ERROR(admin->Run("CREATE DATABASE " + name));
  return server.Url(name);
}

Result<std::unique_ptr<Store>> OpenFresh(const std::filesystem::path& dir) {
  AWSCRAPE_ASSIGN_OR_RETURN(PostgresServer * server, SharedServer());
  AWSCRAPE_ASSIGN_OR_RETURN(std::string url, DatabaseFor(*server, dir.string()));
  return OpenStore(url);
}

// The cases below need the shared server; without one they skip, like the suite.
#define REQUIRE_SERVER(server)                                                  \
  if (!(server).ok() && (server).status().code() == StatusCode::kUnavailable) { \
    GTEST_SKIP() << (server).status().ToString();                               \
  }                                                                             \
  ASSERT_TRUE((server).ok()) << (server).status().ToString()

INSTANTIATE_TEST_SUITE_P(Postgres, StoreSuite,
                         ::testing::Values(StoreBackend{"postgresql", &OpenFresh}),
                         [](const ::testing::TestParamInfo<StoreBackend>& info) {
                           return info.param.name;
                         });

TEST(PostgresStore, CreatesTheSchemaWithTheSeedsIndexesAndRefusesANewerOne) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto url = DatabaseFor(**server, dir.path().string());
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto store = OpenStore(*url);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->Backend(), "postgresql");

  auto raw = PgConnection::Connect(*url);
  ASSERT_TRUE(raw.ok());
  auto version = (*raw)->Exec("SELECT version FROM schema_version");
  ASSERT_TRUE(version.ok());
  ASSERT_EQ(version->rows(), 1);
  EXPECT_EQ(version->Int(0, 0), kPostgresSchemaVersion);
  for (const char* index :
       {"aws_resources_key", "scrapes_start_time", "scrapes_success", "scrapes_services_regions",
        "scrapes_success_start_time", "aws_resources_compare", "aws_resources_scrape_timestamp",
        "aws_resources_source_filename", "logs_scrape_id", "logs_timestamp"}) {
    auto found = (*raw)->Exec("SELECT indexdef FROM pg_indexes WHERE indexname = $1",
                              PgParams().Text(index));
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->rows(), 1) << index;
  }
  auto key = (*raw)->Exec("SELECT indexdef FROM pg_indexes WHERE indexname = 'aws_resources_key'");
  EXPECT_NE(std::string(key->Raw(0, 0)).find("UNIQUE"), std::string::npos);
  // Bodies are JSONB and queryable as such.
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  std::vector<ResponseDocument> docs = {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 2, 1))};
  ASSERT_TRUE((*store)->SaveResponses(docs).ok());
  auto items = (*raw)->Exec("SELECT jsonb_array_length(body->'Vpcs') FROM response_bodies");
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ(items->Int(0, 0), 2);

  // Reopening migrates nothing; a database from a newer awscrape is refused.
  store->reset();
  ASSERT_TRUE(OpenStore(*url).ok());
  EXPECT_EQ((*raw)->Exec("SELECT COUNT(*) FROM schema_version")->Int(0, 0), 1);
  ASSERT_TRUE((*raw)->Run("UPDATE schema_version SET version = 99").ok());
  auto newer = OpenStore(*url);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(newer.status().message().find("schema version 99"), std::string::npos);
}

TEST(PostgresStore, AStoppedServerIsUnavailableAndTheStoreRecoversWhenItReturns) {
  PostgresServer server;
  Status started = server.Start();
  if (started.code() == StatusCode::kUnavailable) GTEST_SKIP() << started.ToString();
  ASSERT_TRUE(started.ok()) << started.ToString();
  auto opened = OpenStore(server.Url());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  ASSERT_TRUE(store.SaveScrape(s).ok());

  ASSERT_TRUE(server.Stop().ok());
  std::vector<ResponseDocument> docs = {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 1, 1))};
  auto saved = store.SaveResponses(docs);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.status().code(), StatusCode::kUnavailable) << saved.status().ToString();
  EXPECT_NE(saved.status().message().find("127.0.0.1"), std::string::npos)
      << saved.status().ToString();
  EXPECT_EQ(store.GetScrape("scrape_a").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.QueryResources({}).status().code(), StatusCode::kUnavailable);
  auto reopen = OpenStore(server.Url());
  ASSERT_FALSE(reopen.ok());
  EXPECT_EQ(reopen.status().code(), StatusCode::kUnavailable) << reopen.status().ToString();
  EXPECT_NE(reopen.status().message().find("unavailable"), std::string::npos);

  // Back on the same port: the same store reconnects and nothing was half-written.
  ASSERT_TRUE(server.Start().ok());
  auto retried = store.SaveResponses(docs);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->inserted, 1);
  EXPECT_EQ(store.GetScrape("scrape_a")->files_processed_to_mongo, 1);
}

// Not a benchmark gate (the benchmark lives elsewhere): prints the batched insert rate and
// checks that large batches, several pipeline chunks each, are stored whole.
TEST(PostgresStore, LargeBatchesAreStoredWholeAndQuickly) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto store = OpenFresh(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  ASSERT_TRUE((*store)->SaveScrape(s).ok());
  constexpr int kBatches = 5;
  constexpr int kPerBatch = 1000;
  auto start = std::chrono::steady_clock::now();
  for (int b = 0; b < kBatches; ++b) {
    std::vector<ResponseDocument> docs;
    for (int i = 0; i < kPerBatch; ++i) {
      docs.push_back(MakeDocument(s, "svc" + std::to_string(b), "us-east-1",
                                  "Op" + std::to_string(i), 0,
                                  MakeResponse("X", 3, b * 7 + i % 7)));
    }
    auto saved = (*store)->SaveResponses(docs);
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
    EXPECT_EQ(saved->inserted, kPerBatch);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ rate     ] postgresql: %d documents in %.2f s = %.0f documents/s\n",
              kBatches * kPerBatch, seconds, kBatches * kPerBatch / seconds);
  EXPECT_EQ((*store)->QueryResources({})->total, kBatches * kPerBatch);
  EXPECT_EQ((*store)->GetScrape("scrape_a")->files_processed_to_mongo, kBatches * kPerBatch);
}

TEST(PostgresStore, NothingListeningIsUnavailable) {
  auto store = OpenStore("postgresql://postgres@127.0.0.1:1/awscrape?connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("127.0.0.1"), std::string::npos)
      << store.status().ToString();
}

TEST(PostgresText, EscapingIsInjectiveAndRoundTrips) {
  for (std::string value :
       {std::string(""), std::string("plain"), std::string("a\\b"), std::string("nul\0byte", 8),
        std::string("\\0"), std::string("\0", 1), std::string("trailing\\")}) {
    EXPECT_EQ(PgDecodeText(PgEncodeText(value)), value);
    EXPECT_EQ(PgEncodeText(value).find('\0'), std::string::npos);
  }
  EXPECT_NE(PgEncodeText(std::string("\0", 1)), PgEncodeText("\\0"));
}

}  // namespace
}  // namespace awscrape::store::testing
