// The REST routes called without a socket, through the Dispatcher: every route of the seed with
// its JSON, paging, the token, CORS, and bad input refused with the right status — nothing
// wrong deleted or stored.
#include "awscrape/api/api_handlers.h"

#include <gtest/gtest.h>

#include "api_test_util.h"
#include "awscrape/api/dispatcher.h"
#include "awscrape/api/query_params.h"
#include "awscrape/core/encoding.h"

namespace awscrape::api {
namespace {

using testing::GatedLauncher;
using testing::kScrapeA;
using testing::kScrapeB;

struct Reply {
  int status = 0;
  std::string body;
  JsonDocument json;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
};

class ApiHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::FilledStore();
    queue_ = std::make_unique<ScrapeQueue>(*store_, launcher_, events_, metrics_, 1);
    context_.store = store_.get();
    context_.scrapes = queue_.get();
    context_.metrics = &metrics_;
    context_.known_service = [](std::string_view s) {
      return s == "ec2" || s == "s3" || s == "iam" || s == "sts";
    };
    context_.now = [] { return Timestamp{1754827200 + 3600, 0}; };  // 2025-08-10 13:00
    routes_ = BuildApiRoutes(context_);
    DispatchOptions options;
    options.token = "t0k";
    dispatcher_ = std::make_unique<Dispatcher>(*routes_, options, &metrics_);
  }

  void TearDown() override {
    launcher_.ReleaseAll();
    queue_->Shutdown();
  }

  Reply Call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& token = "", const Dispatcher* dispatcher = nullptr,
             std::vector<std::pair<std::string, std::string>> headers = {}) {
    ApiRequest req;
    req.method = method;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = ParseQueryString(target.substr(q + 1));
    req.body = body;
    req.headers = std::move(headers);
    if (!token.empty()) req.headers.push_back({"Authorization", "Bearer " + token});
    ApiResponse res = (dispatcher ? dispatcher : dispatcher_.get())->Handle(std::move(req));
    Reply reply;
    reply.status = res.status;
    reply.headers = res.headers;
    auto drained = DrainBody(res);
    EXPECT_TRUE(drained.ok());
    reply.body = drained.ok() ? *drained : "";
    if (res.content_type == "application/json" && !reply.body.empty()) {
      auto parsed = ParseJson(reply.body);
      EXPECT_TRUE(parsed.ok()) << reply.body;
      if (parsed.ok()) reply.json = std::move(*parsed);
    }
    return reply;
  }

  void ExpectError(const Reply& r, int status, std::string_view code) {
    EXPECT_EQ(r.status, status) << r.body;
    ASSERT_TRUE(r.json.IsObject()) << r.body;
    const JsonValue* error = FindMember(r.json, "error");
    ASSERT_NE(error, nullptr) << r.body;
    EXPECT_EQ(GetString(*error, "code"), code) << r.body;
    EXPECT_FALSE(GetString(*error, "message").empty());
  }

  int64_t DocumentCount() {
    auto page = store_->QueryResources(store::ResourceFilter{});
    return page.ok() ? page->total : -1;
  }

  std::unique_ptr<store::Store> store_;
  GatedLauncher launcher_;
  EventBus events_;
  Metrics metrics_;
  std::unique_ptr<ScrapeQueue> queue_;
  ApiContext context_;
  std::unique_ptr<RouteTable> routes_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(ApiHandlersTest, ListsScrapesNewestFirstWithPagingAndSuccessFilter) {
  Reply r = Call("GET", "/api/scrapes");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["total"].GetInt64(), 2);
  EXPECT_EQ(r.json["limit"].GetInt64(), 50);
  ASSERT_EQ(r.json["scrapes"].Size(), 2u);
  EXPECT_EQ(GetString(r.json["scrapes"][0], "scrape_id"), kScrapeB);
  EXPECT_EQ(GetString(r.json["scrapes"][0], "status"), "failed");
  EXPECT_EQ(GetString(r.json["scrapes"][1], "status"), "succeeded");

  r = Call("GET", "/api/scrapes?limit=1&offset=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["total"].GetInt64(), 2);
  ASSERT_EQ(r.json["scrapes"].Size(), 1u);
  EXPECT_EQ(GetString(r.json["scrapes"][0], "scrape_id"), kScrapeA);

  r = Call("GET", "/api/scrapes?success=true");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["total"].GetInt64(), 1);
  EXPECT_EQ(GetString(r.json["scrapes"][0], "scrape_id"), kScrapeA);

  ExpectError(Call("GET", "/api/scrapes?limit=0"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes?limit=1001"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes?limit=ten"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes?offset=-1"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes?success=maybe"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes?sucess=true"), 400, "bad_request");  // typo: refused
}

TEST_F(ApiHandlersTest, GetsOneScrapeInTheSeedsShape) {
  Reply r = Call("GET", std::string("/api/scrapes/") + kScrapeA);
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* field :
       {"scrape_id", "start_time", "end_time", "duration_seconds", "success", "return_code",
        "command", "services", "regions", "profile", "scraped_files_count", "total_resources_saved",
        "temp_directory", "files_processed_to_mongo", "temp_files_cleaned", "created_at",
        "updated_at"}) {
    EXPECT_TRUE(r.json.HasMember(field)) << field;
  }
  EXPECT_EQ(GetString(r.json, "start_time"), "2025-08-09T17:35:31.000Z");
  EXPECT_EQ(GetString(r.json, "services"), "all");
  EXPECT_EQ(GetString(r.json, "status"), "succeeded");

  ExpectError(Call("GET", "/api/scrapes/scrape_20990101_000000_00000000"), 404, "not_found");
  ExpectError(Call("GET", "/api/scrapes/not-a-scrape"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes/scrape_20250809_173531_F4A5F77D"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes/..%2F..%2Fetc%2Fpasswd"), 404, "not_found");
  ExpectError(Call("GET", "/api/scrapes/%27%20OR%201%3D1--"), 400, "bad_request");
}

TEST_F(ApiHandlersTest, StreamsResourcesFilteredWithTotalAndRedactsSecrets) {
  std::string base = std::string("/api/scrapes/") + kScrapeA + "/resources";
  Reply r = Call("GET", base);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(GetString(r.json, "scrape_id"), kScrapeA);
  EXPECT_EQ(r.json["total"].GetInt64(), 3);
  ASSERT_EQ(r.json["resources"].Size(), 3u);
  EXPECT_EQ(r.body.find("wJalrSECRET"), std::string::npos) << "a secret left the server";
  EXPECT_EQ(r.body.find("FQoGSESSION"), std::string::npos) << "a session token left the server";
  EXPECT_NE(r.body.find("AKIAEXAMPLE"), std::string::npos);  // key ids are not secrets

  r = Call("GET", base + "?service=ec2&region=us-east-1&operation=DescribeVpcs");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.json["resources"].Size(), 1u);
  const JsonValue& doc = r.json["resources"][0];
  EXPECT_EQ(GetString(doc, "service"), "ec2");
  EXPECT_EQ(doc["response"]["Vpcs"].Size(), 2u);
  for (const char* field : {"scrape_id", "scrape_timestamp", "service", "region", "profile",
                            "operation", "source_filename", "response", "temp_file_path",
                            "processed_at", "created_at", "updated_at"}) {
    EXPECT_TRUE(doc.HasMember(field)) << field;
  }

  r = Call("GET", base + "?region=global");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["total"].GetInt64(), 2);

  r = Call("GET", base + "?limit=1&offset=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["total"].GetInt64(), 3);
  EXPECT_EQ(r.json["resources"].Size(), 1u);

  // Injection attempts in every filter parameter: refused, never interpreted.
  for (const char* attack : {"service=ec2%27%20OR%20%271%27%3D%271", "region=%25",
                             "operation=Describe%2A", "service=%00", "region=us-east-1%3B%20DROP",
                             "operation=%22%3A%7B%22%24ne%22%3A1%7D", "limit=1e9"}) {
    ExpectError(Call("GET", base + "?" + attack), 400, "bad_request");
  }
  ExpectError(Call("GET", "/api/scrapes/scrape_20990101_000000_00000000/resources"), 404,
              "not_found");
}

TEST_F(ApiHandlersTest, UnknownServiceInAnyFilterIsABadRequest) {
  std::string scrape = std::string("/api/scrapes/") + kScrapeA;
  // Well-formed, but not a service of the models: 400 with the seed's error JSON, not an empty
  // page that hides the typo.
  ExpectError(Call("GET", scrape + "/resources?service=ec3"), 400, "bad_request");
  ExpectError(Call("GET", scrape + "/resources?service=nosuchservice&region=us-east-1"), 400,
              "bad_request");
  ExpectError(Call("GET", scrape + "/calls?service=ec3"), 400, "bad_request");
  ExpectError(Call("GET", "/api/resources/compare?service=ec3&region=us-east-1&operation=X"), 400,
              "bad_request");
  Reply r = Call("GET", scrape + "/resources?service=ec3");
  EXPECT_NE(GetString(r.json["error"], "message").find("unknown service 'ec3'"), std::string::npos)
      << r.body;
  ExpectError(Call("DELETE", scrape + "/resources?service=ec3", "", "t0k"), 400, "bad_request");
  EXPECT_EQ(DocumentCount(), 4);
  // A known service without documents is an empty page.
  r = Call("GET", scrape + "/resources?service=s3");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["total"].GetInt64(), 0);
  EXPECT_EQ(r.json["resources"].Size(), 0u);
}

TEST_F(ApiHandlersTest, DeletesNeedTheTokenAndRemoveExactlyWhatWasAsked) {
  std::string resources = std::string("/api/scrapes/") + kScrapeA + "/resources";
  ExpectError(Call("DELETE", resources + "?service=iam"), 401, "unauthorized");
  ExpectError(Call("DELETE", resources + "?service=iam", "", "wrong"), 403, "forbidden");
  ExpectError(Call("DELETE", resources + "?service=iam%27%20OR%201%3D1", "", "t0k"), 400,
              "bad_request");
  ExpectError(Call("DELETE", resources + "?servce=iam", "", "t0k"), 400, "bad_request");
  EXPECT_EQ(DocumentCount(), 4);

  Reply r = Call("DELETE", resources + "?service=iam", "", "t0k");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["deleted"].GetInt64(), 1);
  EXPECT_EQ(DocumentCount(), 3);

  ExpectError(Call("DELETE", "/api/scrapes/scrape_20990101_000000_00000000", "", "t0k"), 404,
              "not_found");
  r = Call("DELETE", std::string("/api/scrapes/") + kScrapeA, "", "t0k");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["deleted"]["documents"].GetInt64(), 2);
  EXPECT_EQ(r.json["deleted"]["outcomes"].GetInt64(), 3);
  EXPECT_EQ(DocumentCount(), 1);  // scrape B untouched
  ExpectError(Call("GET", std::string("/api/scrapes/") + kScrapeA), 404, "not_found");
}

TEST_F(ApiHandlersTest, ComparesACallAcrossScrapes) {
  Reply r =
      Call("GET", "/api/resources/compare?service=ec2&region=us-east-1&operation=DescribeVpcs");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["scrapes"].Size(), 2u);
  EXPECT_EQ(GetString(r.json["scrapes"][0], "scrape_id"), kScrapeB);  // newest first
  EXPECT_EQ(r.json["scrapes"][0]["items"].GetInt64(), 3);
  EXPECT_EQ(r.json["scrapes"][1]["items"].GetInt64(), 2);
  EXPECT_EQ(r.json["resources"].Size(), 2u);

  r = Call("GET",
           "/api/resources/compare?service=ec2&region=us-east-1&operation=DescribeVpcs&limit=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["scrapes"].Size(), 1u);

  r = Call("GET", "/api/resources/compare?service=iam&region=global&operation=ListRoles");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["scrapes"].Size(), 1u);
  EXPECT_TRUE(r.json["region"].IsNull());

  ExpectError(Call("GET", "/api/resources/compare?service=ec2&region=us-east-1"), 400,
              "bad_request");
  ExpectError(Call("GET",
                   "/api/resources/compare?service=ec2&region=us-east-1&operation="
                   "DescribeVpcs&limit=101"),
              400, "bad_request");
}

TEST_F(ApiHandlersTest, ServesTheCallLedgerFiltered) {
  std::string base = std::string("/api/scrapes/") + kScrapeA + "/calls";
  Reply r = Call("GET", base);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["total"].GetInt64(), 3);
  EXPECT_EQ(r.json["counts"]["ok"].GetInt64(), 2);
  EXPECT_EQ(r.json["counts"]["denied"].GetInt64(), 1);

  r = Call("GET", base + "?outcome=denied");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.json["calls"].Size(), 1u);
  EXPECT_EQ(GetString(r.json["calls"][0], "operation"), "DescribeImages");

  r = Call("GET", base + "?service=iam&region=us-east-1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["total"].GetInt64(), 1);

  r = Call("GET", base + "?limit=1&offset=2");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["calls"].Size(), 1u);

  ExpectError(Call("GET", base + "?outcome=fine"), 400, "bad_request");
  ExpectError(Call("GET", "/api/scrapes/scrape_20990101_000000_00000000/calls"), 404, "not_found");
}

TEST_F(ApiHandlersTest, AnswersTheSeedsStatistics) {
  Reply r = Call("GET", "/api/stats");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["total_scrapes"].GetInt64(), 2);
  EXPECT_EQ(r.json["successful_scrapes"].GetInt64(), 1);
  EXPECT_EQ(r.json["total_resources"].GetInt64(), 4);
  EXPECT_EQ(r.json["services_discovered"].Size(), 3u);
  EXPECT_EQ(ToJson(r.json["regions_scanned"]), R"(["us-east-1"])");
  EXPECT_EQ(GetString(r.json, "last_scrape"), "2025-08-10T12:00:00.000Z");

  r = Call("GET", "/api/stats/services");
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.json.IsArray());
  EXPECT_EQ(GetString(r.json[0], "_id"), "ec2");
  EXPECT_EQ(r.json[0]["count"].GetInt64(), 2);

  r = Call("GET", "/api/stats/regions");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json.Size(), 2u);

  r = Call("GET", "/api/stats/timeline?days=3");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json.Size(), 3u);
  EXPECT_EQ(GetString(r.json[2], "date"), "2025-08-10");
  EXPECT_EQ(r.json[2]["scrapes"].GetInt64(), 1);
  EXPECT_EQ(r.json[1]["documents"].GetInt64(), 3);
  EXPECT_EQ(Call("GET", "/api/stats/timeline").json.Size(), 30u);
  ExpectError(Call("GET", "/api/stats/timeline?days=0"), 400, "bad_request");
  ExpectError(Call("GET", "/api/stats/timeline?days=99999"), 400, "bad_request");
}

TEST_F(ApiHandlersTest, StartsScrapesQueuedBeyondTheLimitAndRefusesBadBodies) {
  const std::string body = R"({"services": ["ec2", "s3"], "regions": ["us-east-1"],
                               "profile": "default"})";
  ExpectError(Call("POST", "/api/scrapes", body), 401, "unauthorized");
  Reply first = Call("POST", "/api/scrapes", body, "t0k");
  ASSERT_EQ(first.status, 202) << first.body;
  std::string id1(GetString(first.json, "scrape_id"));
  EXPECT_EQ(first.Header("Location"), "/api/scrapes/" + id1);
  ASSERT_TRUE(launcher_.WaitStarted(id1));

  Reply second = Call("POST", "/api/scrapes", R"({"services": "all"})", "t0k");
  ASSERT_EQ(second.status, 202) << second.body;
  std::string id2(GetString(second.json, "scrape_id"));
  EXPECT_EQ(GetString(second.json, "status"), "queued");  // MAX_CONCURRENT_SCRAPES = 1
  EXPECT_EQ(launcher_.started(), 1u);

  Reply running = Call("GET", "/api/scrapes/" + id1);
  ASSERT_EQ(running.status, 200);
  EXPECT_EQ(GetString(running.json, "status"), "running");
  EXPECT_EQ(running.json["progress"]["calls"]["finished"].GetInt64(), 1);
  EXPECT_EQ(ToJson(running.json["services"]), R"(["ec2","s3"])");
  EXPECT_EQ(GetString(running.json, "profile"), "default");
  EXPECT_EQ(GetString(Call("GET", "/api/scrapes/" + id2).json, "status"), "queued");
  ExpectError(Call("DELETE", "/api/scrapes/" + id1, "", "t0k"), 409, "conflict");

  launcher_.Release(id1);
  ASSERT_TRUE(launcher_.WaitStarted(id2));
  for (int i = 0; i < 200 && queue_->Status(id1); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Reply done = Call("GET", "/api/scrapes/" + id1);
  EXPECT_EQ(GetString(done.json, "status"), "succeeded") << done.body;
  EXPECT_FALSE(done.json["end_time"].IsNull());

  for (const char* bad : {"[]", "{\"services\": \"some\"}", "{\"services\": [\"nosuch\"]}",
                          "{\"services\": [\"EC2\"]}", "{\"services\": []}",
                          "{\"regions\": \"us-east-1\"}", "{\"regions\": [\"us east\"]}",
                          "{\"profile\": \"a;rm -rf /\"}", "{\"extra\": 1}", "{not json"}) {
    ExpectError(Call("POST", "/api/scrapes", bad, "t0k"), 400, "bad_request");
  }
  auto listed = store_->ListScrapes(store::ScrapeFilter{});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 4) << "a refused request stored a scrape";
}

TEST_F(ApiHandlersTest, UnknownPathsAndMethods) {
  ExpectError(Call("GET", "/api/nothing"), 404, "not_found");
  ExpectError(Call("GET", "/../../etc/passwd"), 404, "not_found");
  Reply r = Call("PUT", "/api/scrapes");
  ExpectError(r, 405, "method_not_allowed");
  EXPECT_NE(r.Header("Allow").find("POST"), std::string::npos);
  ExpectError(Call("GET", "/api/ws"), 426, "upgrade_required");
}

TEST_F(ApiHandlersTest, TokenForReadsAndCorsOnlyWhenConfigured) {
  DispatchOptions options;
  options.token = "t0k";
  options.token_for_reads = true;
  options.cors_origin = "https://dash.example";
  Dispatcher strict(*routes_, options, nullptr);
  ExpectError(Call("GET", "/api/stats", "", "", &strict), 401, "unauthorized");
  Reply r = Call("GET", "/api/stats", "", "", &strict,
                 {{"X-API-Token", "t0k"}, {"Origin", "https://dash.example"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "https://dash.example");
  r = Call("GET", "/api/stats", "", "t0k", &strict, {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "");
  // The default dispatcher has no CORS at all.
  r = Call("GET", "/api/stats", "", "", nullptr, {{"Origin", "https://dash.example"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(Call("OPTIONS", "/api/stats").status, 405);  // no CORS: no preflight
  EXPECT_EQ(Call("OPTIONS", "/api/stats", "", "", &strict).status, 204);
}

TEST_F(ApiHandlersTest, OpenApiDescribesEveryRoute) {
  Reply r = Call("GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(GetString(r.json, "openapi"), "3.0.3");
  for (const Route& route : routes_->routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(r.json["paths"].HasMember(route.pattern.c_str())) << route.pattern;
    const JsonValue& item = r.json["paths"][route.pattern.c_str()];
    ASSERT_TRUE(item.HasMember(method.c_str())) << route.method << " " << route.pattern;
    EXPECT_EQ(item[method.c_str()].HasMember("security"), route.mutating) << route.pattern;
  }
  EXPECT_TRUE(r.json["paths"]["/api/scrapes/{id}/resources"]["get"]["parameters"].Size() >= 4);
}

TEST_F(ApiHandlersTest, MetricsAndHealth) {
  Call("GET", "/api/stats");
  Call("GET", "/api/scrapes/nope");
  Reply health = Call("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(GetString(health.json, "status"), "ok");
  Reply metrics = Call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("awscrape_http_requests_total{method=\"GET\",route=\"/api/stats\","
                              "status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("route=\"/api/scrapes/{id}\",status=\"400\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("awscrape_http_request_duration_seconds_bucket{route=\"/api/stats\","
                              "le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("awscrape_store_documents 4"), std::string::npos);
  EXPECT_NE(metrics.body.find("awscrape_scrape_calls_total{outcome=\"denied\"} 0"),
            std::string::npos);
}

TEST(QueryParamsTest, ScrapeIdShape) {
  EXPECT_TRUE(IsValidScrapeId("scrape_20250809_173531_f4a5f77d"));
  EXPECT_FALSE(IsValidScrapeId("scrape_20250809_173531_f4a5f77"));
  EXPECT_FALSE(IsValidScrapeId("scrape_20250809_173531_f4a5f77dd"));
  EXPECT_FALSE(IsValidScrapeId("scrape_2025080x_173531_f4a5f77d"));
  EXPECT_FALSE(IsValidScrapeId("scrape_20250809-173531_f4a5f77d"));
  EXPECT_FALSE(IsValidScrapeId("scrape_20250809_173531_g4a5f77d"));
  EXPECT_FALSE(IsValidScrapeId(""));
}

TEST(QueryParamsTest, QueryStringDecoding) {
  auto q = ParseQueryString("a=1&b=x%20y&c=p+q&&d&e=%2Fetc");
  EXPECT_EQ(q.find("a")->second, "1");
  EXPECT_EQ(q.find("b")->second, "x y");
  EXPECT_EQ(q.find("c")->second, "p q");
  EXPECT_EQ(q.find("d")->second, "");
  EXPECT_EQ(q.find("e")->second, "/etc");
}

}  // namespace
}  // namespace awscrape::api
