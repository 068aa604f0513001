// The PostgreSQL backend: the store suite against a real server (Debian's `postgresql`, started
// once for this test binary by tests/support/postgres_server, a fresh database per test case),
// plus what only a server backend has: schema versions in a shared database, and a server that
// goes away and comes back.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "../support/postgres_server.h"
#include "awscrape/api/api_handlers.h"
#include "awscrape/api/cache_invalidator.h"
#include "awscrape/api/dispatcher.h"
#include "awscrape/core/crypto.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/postgres/pg_array.h"
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
  // Bodies are compressed with LZ4 (Debian's server has it).
  auto compression = (*raw)->Exec(
      "SELECT string_agg(attname || '=' || attcompression::text, ',' ORDER BY attname) FROM "
      "pg_attribute WHERE attrelid = 'response_bodies'::regclass AND attname IN ('body', "
      "'body_text')");
  ASSERT_TRUE(compression.ok()) << compression.status().ToString();
  EXPECT_EQ(compression->Raw(0, 0), "body=l,body_text=l");
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

TEST(PostgresStore, MigratesAVersion1DatabaseToLz4Bodies) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto url = DatabaseFor(**server, dir.path().string());
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  std::vector<ResponseDocument> docs = {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 40, 1))};
  {
    auto store = OpenStore(*url);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->SaveScrape(s).ok());
    ASSERT_TRUE((*store)->SaveResponses(docs).ok());
  }
  // What version 1 left: the server's default compression (pglz).
  auto raw = PgConnection::Connect(*url);
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE((*raw)
                  ->Run("ALTER TABLE response_bodies ALTER COLUMN body SET COMPRESSION DEFAULT, "
                        "ALTER COLUMN body_text SET COMPRESSION DEFAULT")
                  .ok());
  ASSERT_TRUE((*raw)->Run("UPDATE schema_version SET version = 1").ok());
  auto reopened = OpenStore(*url);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*raw)->Exec("SELECT version FROM schema_version")->Int(0, 0), 2);
  EXPECT_EQ((*raw)
                ->Exec("SELECT COUNT(*) FROM pg_attribute WHERE attrelid = "
                       "'response_bodies'::regclass AND attcompression = 'l'")
                ->Int(0, 0),
            2);
  // The body stored before reads back as it was.
  auto page = (*reopened)->QueryResources({});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->documents.size(), 1u);
  EXPECT_EQ(page->documents[0].response, docs[0].response);
}

// The ingester's inserts go through pipelines of one statement per row: each SQL is prepared
// once per session (parsing and planning per row halved the rate), and again in a new session
// after the old one was lost.
TEST(PostgresStore, APipelinePreparesEachStatementOncePerSession) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  auto conn = PgConnection::Connect((*server)->Url());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  const std::string echo = "SELECT $1::bigint + 1";
  auto run_pipeline = [&](int64_t first) -> Result<int64_t> {
    std::vector<std::pair<const std::string*, PgParams>> queries;
    for (int64_t i = first; i < first + 3; ++i) queries.emplace_back(&echo, PgParams().Int(i));
    AWSCRAPE_ASSIGN_OR_RETURN(std::vector<PgResult> results, (*conn)->ExecPipeline(queries));
    int64_t sum = 0;
    for (const PgResult& r : results) sum += r.Int(0, 0);
    return sum;
  };
  auto prepared_count = [&] {
    auto r = (*conn)->Exec("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = $1",
                           PgParams().Text(echo));
    return r.ok() ? r->Int(0, 0) : -1;
  };
  EXPECT_EQ(*run_pipeline(10), 11 + 12 + 13);
  EXPECT_EQ(*run_pipeline(20), 21 + 22 + 23);
  EXPECT_EQ(prepared_count(), 1);

  // The session ends under it (as when the server restarts): the first call after it fails as
  // unavailable, the next one reconnects and prepares again.
  auto admin = PgConnection::Connect((*server)->Url());
  ASSERT_TRUE(admin.ok());
  auto pid = (*conn)->Exec("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(
      (*admin)->Run("SELECT pg_terminate_backend($1)", PgParams().Int(pid->Int(0, 0))).ok());
  for (int i = 0; i < 50 && (*admin)->Exec("SELECT 1 FROM pg_stat_activity WHERE pid = $1",
                                           PgParams().Int(pid->Int(0, 0)))
                                    ->rows() > 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto lost = run_pipeline(30);
  if (!lost.ok()) {
    EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable) << lost.status().ToString();
    lost = run_pipeline(30);
  }
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_EQ(*lost, 31 + 32 + 33);
  EXPECT_EQ(prepared_count(), 1);
}

// The outcome ledger goes to the server as array parameters (one statement per chunk of rows):
// every string comes back out of the array as it went in, NULL stays NULL, "NULL" stays text.
TEST(PostgresStore, ArrayLiteralsCarryAnyTextAndNull) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  auto conn = PgConnection::Connect((*server)->Url());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  const std::vector<std::optional<std::string>> values = {
      "plain",    "",          "NULL",        std::nullopt, "a,b",     "{x}",
      " padded ", "\"quote\"", "back\\slash", "\\\"",       "ünïcødé", std::string("nul\0byte", 8),
      "new\nline"};
  PgArrayLiteral literal;
  for (const auto& v : values) literal.AddOptStr(v);
  EXPECT_EQ(literal.size(), values.size());
  auto rows =
      (*conn)->Exec("SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n",
                    PgParams().Text(literal.Take()));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->rows(), static_cast<int>(values.size()));
  for (int i = 0; i < rows->rows(); ++i) EXPECT_EQ(rows->OptStr(i, 0), values[i]) << i;
  // Integers, and the builder starts over after Take().
  literal.AddInt(-5).AddInt(int64_t{1} << 40).AddNull();
  auto ints = (*conn)->Exec("SELECT COALESCE(SUM(v), 0), COUNT(v) FROM unnest($1::bigint[]) v",
                            PgParams().Text(literal.Take()));
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(ints->Int(0, 0), (int64_t{1} << 40) - 5);
  EXPECT_EQ(ints->Int(0, 1), 2);
  EXPECT_EQ(literal.Take(), "{}");
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

// --- change notices (the API's response cache relies on them) --------------------------------

// Collects notices until `expected` is among them or `timeout` passes.
bool NoticeArrives(ChangeFeed& feed, const std::string& expected,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto changed = feed.Wait(std::chrono::milliseconds(100));
    if (!changed.ok()) return false;
    for (const std::string& id : *changed) {
      if (id == expected) return true;
    }
  }
  return false;
}

// Ends the sessions listening for notices in `url`'s database, as a server restart or a network
// failure would.
void DropListeners(const std::string& url) {
  auto admin = PgConnection::Connect(url);
  ASSERT_TRUE(admin.ok()) << admin.status().ToString();
  auto dropped = (*admin)->Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
      "AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  ASSERT_GE(dropped->rows(), 1);
}

TEST(PostgresChangeFeed, NoticesWhatOtherConnectionsCommitAndNothingElse) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto url = DatabaseFor(**server, dir.path().string());
  ASSERT_TRUE(url.ok());
  auto reader = OpenStore(*url);
  auto writer = OpenStore(*url);  // another process's connection, as far as the server knows
  ASSERT_TRUE(reader.ok() && writer.ok());
  auto feed = (*reader)->OpenChangeFeed();
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();

  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  ASSERT_TRUE((*writer)->SaveScrape(s).ok());
  std::vector<ResponseDocument> docs = {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 2, 1)),
      MakeDocument(s, "iam", std::nullopt, "ListRoles", 0, MakeResponse("Roles", 1, 2))};
  ASSERT_TRUE((*writer)->SaveResponses(docs).ok());
  EXPECT_TRUE(NoticeArrives(**feed, "scrape_a"));

  // Storing the same pages again changes nothing, so nothing is noticed.
  ASSERT_EQ((*writer)->SaveResponses(docs)->unchanged, 2);
  auto quiet = (**feed).Wait(std::chrono::milliseconds(300));
  ASSERT_TRUE(quiet.ok());
  EXPECT_TRUE(quiet->empty()) << quiet->front();

  // A delete across scrapes names no scrape: every answer may have changed.
  ResourceFilter by_service;
  by_service.service = "iam";
  ASSERT_EQ(*(*writer)->DeleteResources(by_service), 1);
  EXPECT_TRUE(NoticeArrives(**feed, ""));
  ASSERT_TRUE((*writer)->DeleteScrape("scrape_a").ok());
  EXPECT_TRUE(NoticeArrives(**feed, "scrape_a"));
  ASSERT_TRUE((*writer)->SaveScrape(MakeScrape("scrape_old", At(1000))).ok());
  ASSERT_EQ((*writer)->DeleteScrapesOlderThan(At(2000))->scrapes, 1);
  EXPECT_TRUE(NoticeArrives(**feed, "scrape_old"));
}

TEST(PostgresChangeFeed, ALostConnectionIsAnErrorNotSilence) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto url = DatabaseFor(**server, dir.path().string());
  ASSERT_TRUE(url.ok());
  auto store = OpenStore(*url);
  ASSERT_TRUE(store.ok());
  auto feed = (*store)->OpenChangeFeed();
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  DropListeners(*url);
  Status broken;
  for (int i = 0; i < 50 && broken.ok(); ++i) {
    broken = (**feed).Wait(std::chrono::milliseconds(100)).status();
  }
  EXPECT_EQ(broken.code(), StatusCode::kUnavailable) << broken.ToString();
}

// The API server's cache over PostgreSQL: another process's changes reach it through the
// notices, and while no notices can be followed it keeps nothing.
TEST(PostgresChangeFeed, TheApiCacheDropsWhatAnotherProcessChanged) {
  auto server = SharedServer();
  REQUIRE_SERVER(server);
  StoreTempDir dir;
  auto url = DatabaseFor(**server, dir.path().string());
  ASSERT_TRUE(url.ok());
  auto served = OpenStore(*url);
  auto other = OpenStore(*url);
  ASSERT_TRUE(served.ok() && other.ok());
  ScrapeRecord s = MakeScrape("scrape_20250809_173531_f4a5f77d", At(1754760000));
  ASSERT_TRUE((*other)->SaveScrape(s).ok());
  ASSERT_TRUE((*other)
                  ->SaveResponses(std::vector<ResponseDocument>{MakeDocument(
                      s, "ec2", "us-east-1", "DescribeVpcs", 0, MakeResponse("Vpcs", 2, 1))})
                  .ok());

  api::ResponseCache cache(1 << 20);
  auto invalidator = api::CacheInvalidator::Start(**served, cache, std::chrono::milliseconds(100));
  ASSERT_TRUE(invalidator.ok()) << invalidator.status().ToString();
  auto wait_for = [&](auto condition) {
    for (int i = 0; i < 100; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(wait_for([&] { return cache.counters().trusted; }));

  api::ApiContext context;
  context.store = served->get();
  context.cache = &cache;
  auto routes = api::BuildApiRoutes(context);
  api::Dispatcher dispatcher(*routes, api::DispatchOptions{}, nullptr);
  auto get = [&] {
    api::ApiRequest req;
    req.method = "GET";
    req.path = "/api/scrapes/" + s.scrape_id + "/resources";
    api::ApiResponse res = dispatcher.Handle(std::move(req));
    auto body = api::DrainBody(res);
    return body.ok() ? *body : body.status().ToString();
  };
  const std::string first = get();
  ASSERT_NE(first.find("\"total\":1"), std::string::npos) << first;
  EXPECT_EQ(get(), first);
  EXPECT_EQ(cache.counters().hits, 1u);

  // Another process adds a page to the scrape: the cached answer goes.
  ASSERT_TRUE((*other)
                  ->SaveResponses(std::vector<ResponseDocument>{MakeDocument(
                      s, "ec2", "us-east-1", "DescribeVpcs", 1, MakeResponse("Vpcs", 1, 3))})
                  .ok());
  EXPECT_TRUE(wait_for([&] { return get().find("\"total\":2") != std::string::npos; }));

  // The notices stop (the listening session is killed): the cache empties and is off until a
  // new session listens, then works again.
  ASSERT_NE(get().find("\"total\":2"), std::string::npos);
  ASSERT_EQ(cache.counters().entries, 1u);
  DropListeners(*url);
  EXPECT_TRUE(wait_for([&] { return cache.counters().entries == 0; }));
  EXPECT_TRUE(wait_for([&] { return cache.counters().trusted; }));
  ResourceFilter page1;
  page1.scrape_id = s.scrape_id;
  ASSERT_EQ(*(*other)->DeleteResources(page1), 2);
  EXPECT_TRUE(wait_for([&] { return get().find("\"total\":0") != std::string::npos; }));
  (*invalidator)->Stop();
  EXPECT_FALSE(cache.counters().trusted);
}

}  // namespace
}  // namespace awscrape::store::testing
