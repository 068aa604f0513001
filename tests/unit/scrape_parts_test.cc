// The scraper's small parts: paginator expressions, the pager's token rules, the endpoint
// queues, spool documents and atomic writes, ledger lines, scrape ids, --endpoint-url parsing.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <set>

#include "awscrape/scrape/client_pool.h"
#include "awscrape/scrape/endpoint_queues.h"
#include "awscrape/scrape/pager.h"
#include "awscrape/scrape/progress_report.h"
#include "awscrape/scrape/response_path.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "scrape_test_util.h"

namespace awscrape::scrape {
namespace {

JsonDocument Json(std::string_view text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(ResponsePath, MembersLastElementAndAlternatives) {
  JsonDocument doc = Json(R"({"A": {"B": "x"}, "L": [{"K": 1}, {"K": 2}], "E": "", "N": null})");
  auto eval = [&](std::string_view expression) -> std::string {
    auto path = ResponsePath::Parse(expression);
    EXPECT_TRUE(path.ok()) << expression;
    const JsonValue* v = path->Evaluate(doc);
    return v ? ToJson(*v) : "none";
  };
  EXPECT_EQ(eval("A.B"), "\"x\"");
  EXPECT_EQ(eval("L[-1].K"), "2");
  EXPECT_EQ(eval("L[-1]"), "{\"K\":2}");
  EXPECT_EQ(eval("Missing || L[-1].K"), "2");
  EXPECT_EQ(eval("E || A.B"), "\"x\"");
  EXPECT_EQ(eval("A.B || L[-1].K"), "\"x\"");
  EXPECT_EQ(eval("N || E"), "\"\"");
  EXPECT_EQ(eval("Nope.Deeper"), "none");
  EXPECT_FALSE(ResponsePath::Parse("a[0]").ok());
  EXPECT_FALSE(ResponsePath::Parse("a || ").ok());
  EXPECT_FALSE(ResponsePath::Parse("length(a)").ok());
}

PlannedCall Paged(std::vector<std::string> in, std::vector<std::string> out,
                  std::vector<std::string> results, std::string more = "") {
  PlannedCall call;
  call.service = "svc";
  call.operation = "ListThings";
  call.params_json = R"({"Filter": "f"})";
  PaginatorInfo info;
  info.input_token = std::move(in);
  info.output_token = std::move(out);
  info.result_key = std::move(results);
  info.more_results = std::move(more);
  call.paginator = info;
  return call;
}

TEST(Pager, MovesSeveralTokensTogetherAndDropsEmptyOnes) {
  // route53 ListResourceRecordSets: three tokens.
  auto pager = Pager::Create(Paged({"StartRecordName", "StartRecordType", "StartRecordIdentifier"},
                                   {"NextRecordName", "NextRecordType", "NextRecordIdentifier"},
                                   {"ResourceRecordSets"}, "IsTruncated"),
                             100);
  ASSERT_TRUE(pager.ok());
  EXPECT_EQ(ToJson(pager->NextParams()), R"({"Filter":"f"})");
  EXPECT_EQ(pager->OnPage(Json(R"({"ResourceRecordSets": [1, 2], "IsTruncated": true,
      "NextRecordName": "a.", "NextRecordType": "A", "NextRecordIdentifier": ""})")),
            PageStep::kMore);
  EXPECT_EQ(ToJson(pager->NextParams()),
            R"({"Filter":"f","StartRecordName":"a.","StartRecordType":"A"})");
  EXPECT_EQ(pager->OnPage(Json(R"({"ResourceRecordSets": [3], "IsTruncated": false,
      "NextRecordName": "b.", "NextRecordType": "A"})")),
            PageStep::kDone)
      << "IsTruncated false ends it, whatever the tokens say";
  EXPECT_EQ(pager->items(), 3);
  EXPECT_EQ(pager->page(), 2);
}

TEST(Pager, LastElementTokensAsKinesisListStreams) {
  auto pager = Pager::Create(
      Paged({"ExclusiveStartStreamName"}, {"StreamNames[-1]"}, {"StreamNames"}, "HasMoreStreams"),
      100);
  ASSERT_TRUE(pager.ok());
  EXPECT_EQ(pager->OnPage(Json(R"({"StreamNames": ["a", "b"], "HasMoreStreams": true})")),
            PageStep::kMore);
  EXPECT_EQ(ToJson(pager->NextParams()), R"({"Filter":"f","ExclusiveStartStreamName":"b"})");
  EXPECT_EQ(pager->OnPage(Json(R"({"StreamNames": ["c"], "HasMoreStreams": false})")),
            PageStep::kDone);
  EXPECT_EQ(pager->items(), 3);
}

TEST(Pager, NoTokenEndsAndNumbersAndObjectsPassThrough) {
  auto pager = Pager::Create(Paged({"Marker"}, {"NextMarker"}, {"Items"}), 100);
  ASSERT_TRUE(pager.ok());
  EXPECT_EQ(pager->OnPage(Json(R"({"Items": [], "NextMarker": {"k": 1}})")), PageStep::kMore);
  EXPECT_EQ(ToJson(pager->NextParams()), R"({"Filter":"f","Marker":{"k":1}})");
  EXPECT_EQ(pager->OnPage(Json(R"({"Items": [1], "NextMarker": 7})")), PageStep::kMore);
  EXPECT_EQ(ToJson(pager->NextParams()), R"({"Filter":"f","Marker":7})");
  EXPECT_EQ(pager->OnPage(Json(R"({"Items": [1]})")), PageStep::kDone);
}

TEST(Pager, WithoutPaginatorCountsTopLevelLists) {
  PlannedCall call;
  call.params_json = "{}";
  auto pager = Pager::Create(call, 10);
  ASSERT_TRUE(pager.ok());
  EXPECT_EQ(pager->CountItems(Json(R"({"Buckets": [1, 2], "Owner": {"ID": "x"}})")), 2);
  EXPECT_EQ(pager->CountItems(Json(R"({"SummaryMap": {"Users": 3}})")), 1);
  EXPECT_EQ(pager->CountItems(Json(R"({"Things": [], "ResponseMetadata": {}})")), 0);
  EXPECT_EQ(pager->CountItems(Json(R"({"ResponseMetadata": {"RequestId": "r"}})")), 0);
  EXPECT_EQ(pager->OnPage(Json(R"({"Buckets": [1]})")), PageStep::kDone);
}

TEST(Pager, RefusesWhatItCannotFollow) {
  EXPECT_FALSE(Pager::Create(Paged({"A", "B"}, {"X"}, {"L"}), 10).ok());
  EXPECT_FALSE(Pager::Create(Paged({"A"}, {"X[0]"}, {"L"}), 10).ok());
  EXPECT_FALSE(Pager::Create(Paged({"A"}, {"X"}, {"L"}), 0).ok());
}

std::vector<size_t> DrainNext(EndpointQueues& queues, size_t count = SIZE_MAX) {
  std::vector<size_t> sent;
  size_t task, endpoint;
  while (sent.size() < count && queues.Next(task, endpoint)) sent.push_back(task);
  return sent;
}

TEST(EndpointQueues, WorkDecidesTheTurnAndTheLimitCapsIt) {
  EndpointQueues queues(2);
  size_t a = queues.Endpoint("a/r"), b = queues.Endpoint("b/r");
  EXPECT_EQ(queues.Endpoint("a/r"), a);
  for (size_t t = 0; t < 5; ++t) queues.Push(a, t);
  queues.Push(b, 10);
  // a has five times b's work: it goes first and again, until its limit of 2 stops it.
  EXPECT_EQ(DrainNext(queues), (std::vector<size_t>{0, 1, 10}));
  size_t task, endpoint;
  queues.Release(a, /*throttled=*/true);  // limit 2 -> 1, one still in flight
  EXPECT_FALSE(queues.Next(task, endpoint));
  queues.Release(a, false);  // limit grows by 1/limit: back to 2
  EXPECT_DOUBLE_EQ(queues.limit(a), 2.0);
  ASSERT_TRUE(queues.Next(task, endpoint));
  EXPECT_EQ(task, 2u);
  queues.Push(a, 99, /*front=*/true);
  queues.Push(a, 98, /*front=*/true);
  ASSERT_TRUE(queues.Next(task, endpoint));
  EXPECT_EQ(task, 98u) << "a next page goes first";
  queues.Release(a, false);
  ASSERT_TRUE(queues.Next(task, endpoint));
  EXPECT_EQ(task, 99u) << "and the other one next";
  EXPECT_EQ(queues.DrainAll().size(), 2u);
  EXPECT_EQ(queues.queued(), 0u);
  EXPECT_EQ(queues.work(a), 0.0);
}

TEST(EndpointQueues, TurnsInProportionToRemainingWork) {
  EndpointQueues queues(1000);
  size_t big = queues.Endpoint("big/r"), s1 = queues.Endpoint("s1/r"), s2 = queues.Endpoint("s2/r");
  for (size_t t = 0; t < 60; ++t) queues.Push(big, t);
  for (size_t t = 100; t < 120; ++t) queues.Push(s1, t);
  for (size_t t = 200; t < 220; ++t) queues.Push(s2, t);
  std::vector<size_t> first = DrainNext(queues, 50);
  size_t from_big = std::count_if(first.begin(), first.end(), [](size_t t) { return t < 100; });
  // Proportional share: big holds 60% of the work, so it gets about 60% of the turns (30 of 50;
  // a round-robin would give it 17), while the small ones still take turns throughout.
  EXPECT_GE(from_big, 27u);
  EXPECT_LE(from_big, 33u);
  EXPECT_NE(std::find(first.begin(), first.begin() + 10, 100u), first.begin() + 10);
  // The work left stays balanced: every endpoint finishes at about the same turn.
  std::vector<size_t> rest = DrainNext(queues);
  ASSERT_EQ(rest.size(), 50u);
  std::set<size_t> last_turns;
  for (size_t i = rest.size() - 6; i < rest.size(); ++i) last_turns.insert(rest[i] / 100);
  EXPECT_EQ(last_turns.size(), 3u) << "no endpoint runs alone at the end";
}

TEST(EndpointQueues, PaginatedCallsWeighMoreAndGoFirst) {
  EndpointQueues queues(3);
  size_t a = queues.Endpoint("a/r"), b = queues.Endpoint("b/r");
  for (size_t t = 0; t < 10; ++t) queues.Push(a, t);
  queues.PushPaginated(a, 50);
  queues.PushPaginated(a, 51);
  for (size_t t = 100; t < 105; ++t) queues.Push(b, t);
  EXPECT_DOUBLE_EQ(queues.work(a), 10 + 2 * EndpointQueues::kPaginatedWeight);
  // a's paginated calls start first, before a's own calls queued earlier; a (work 50 to b's 5)
  // keeps the turn until its limit of 3 stops it.
  EXPECT_EQ(DrainNext(queues, 4), (std::vector<size_t>{50, 51, 0, 100}));
  EXPECT_DOUBLE_EQ(queues.work(a), 9.0);
}

TEST(EndpointQueues, LateWorkDoesNotMonopoliseTheTurns) {
  EndpointQueues queues(100);
  size_t a = queues.Endpoint("a/r"), b = queues.Endpoint("b/r");
  for (size_t t = 0; t < 20; ++t) queues.Push(a, t);
  EXPECT_EQ(DrainNext(queues, 10).size(), 10u);
  for (size_t t = 100; t < 110; ++t) queues.Push(b, t);  // b arrives late with as much work
  std::vector<size_t> sent = DrainNext(queues, 6);
  size_t from_b = std::count_if(sent.begin(), sent.end(), [](size_t t) { return t >= 100; });
  EXPECT_GE(from_b, 2u);
  EXPECT_LE(from_b, 4u) << "equal work left: about equal turns";
}

TEST(SpoolWriter, WritesAwsListAllDocumentsAtomically) {
  testing::TempDir dir;
  SpoolWriter writer(dir.path(), {"prod_eu", "123456789012", "aws"});
  PlannedCall global;
  global.service = "iam";
  global.operation = "ListRoles";
  global.region = "us-east-1";
  global.global = true;
  JsonDocument response = Json(R"({"Roles": [{"RoleName": "r"}]})");
  auto path = writer.WritePage(global, 2, response, {});
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(path->filename(), "iam_ListRoles_None_prod_eu.p2.json");
  auto text = ReadFile(*path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            R"({"service":"iam","region":null,"profile":"prod_eu","operation":"ListRoles",)"
            R"("response":{"Roles":[{"RoleName":"r"}]},"page":2,"account_id":"123456789012",)"
            R"("partition":"aws"})");
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1u) << "no temporary file left";
  // A failed write leaves nothing behind and says why.
  SpoolWriter nowhere(dir.path() / "missing", {});
  auto failed = nowhere.WritePage(global, 0, response, {});
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kIoError);
}

TEST(Ledger, LinesRoundTripAndAppend) {
  testing::TempDir dir;
  auto ledger = LedgerWriter::Open(dir.path() / kLedgerFileName);
  ASSERT_TRUE(ledger.ok());
  CallRecord r;
  r.scrape_id = "scrape_20250101_000000_00000000";
  r.service = "iam";
  r.operation = "ListRoles";
  r.region = "None";
  r.call_region = "us-east-1";
  r.outcome = CallOutcome::kDenied;
  r.attempts = 1;
  r.http_status = 403;
  r.error_code = "AccessDenied";
  r.error_message = "quote \" and newline\n";
  r.recorded_at = Timestamp{1700000000, 123000};
  ASSERT_TRUE((*ledger)->Append(r).ok());
  r.service = "s3";
  ASSERT_TRUE((*ledger)->Append(r).ok());
  EXPECT_EQ((*ledger)->lines(), 2u);
  std::string line = FormatLedgerLine(r);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_NE(line.find(R"("region":null)"), std::string::npos);
  EXPECT_NE(line.find(R"("recorded_at":"2023-11-14T22:13:20.123Z")"), std::string::npos);
  auto records = testing::ReadLedger(dir.path());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].service, "iam");
  EXPECT_EQ(records[1].error_message, r.error_message);
  EXPECT_EQ(records[1].outcome, CallOutcome::kDenied);
  EXPECT_EQ(records[1].region, "None");
}

TEST(EndpointOverrides, OneUrlForAllAndOnePerService) {
  auto parsed = ParseEndpointOverrides(
      {"http://127.0.0.1:4566", "dynamodb=http://127.0.0.1:8000", "s3=https://x"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->all, "http://127.0.0.1:4566");
  EXPECT_EQ(parsed->service.at("dynamodb"), "http://127.0.0.1:8000");
  EXPECT_FALSE(ParseEndpointOverrides({"http://a", "http://b"}).ok());
  EXPECT_FALSE(ParseEndpointOverrides({"dynamodb=ftp://a"}).ok());
  EXPECT_FALSE(ParseEndpointOverrides({"127.0.0.1:8000"}).ok());
  EXPECT_FALSE(ParseEndpointOverrides({"s3=http://a", "s3=http://b"}).ok());
}

TEST(EndpointOverrides, AnAddressTakesNoHostPrefix) {
  EXPECT_TRUE(IsIpAddressUrl("http://127.0.0.1:4566"));
  EXPECT_TRUE(IsIpAddressUrl("https://10.1.2.3/base"));
  EXPECT_TRUE(IsIpAddressUrl("http://[::1]:8000"));
  EXPECT_FALSE(IsIpAddressUrl("http://localhost:4566"));
  EXPECT_FALSE(IsIpAddressUrl("https://sim.example.com"));
  EXPECT_FALSE(IsIpAddressUrl("http://127.0.0.1.nip.io:80"));
  EXPECT_FALSE(IsIpAddressUrl("127.0.0.1"));
}

TEST(ProgressReport, LineAndSummary) {
  ScrapeProgress p;
  p.planned = 100;
  p.finished = 25;
  p.in_flight = 4;
  p.by_outcome[0] = 20;
  p.by_outcome[2] = 5;
  p.pages = 1500;
  p.items = 45000;
  p.elapsed = std::chrono::seconds(10);
  std::string line = FormatProgressLine(p);
  EXPECT_NE(line.find("25/100 calls (25%)"), std::string::npos) << line;
  EXPECT_NE(line.find("ok 20 empty 0 denied 5"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 30.0s"), std::string::npos) << line;
  EXPECT_NE(line.find("1.5k pages 45k items"), std::string::npos) << line;
  ScrapeTotals totals;
  totals.progress = p;
  totals.by_service_region["iam"]["None"][static_cast<size_t>(CallOutcome::kDenied)] = 5;
  totals.by_service_region["ec2"]["us-east-1"][0] = 20;
  std::string summary = FormatSummary(totals);
  EXPECT_NE(summary.find("  iam None: denied 5\n"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("ec2 us-east-1"), std::string::npos) << "only failures are listed";
}

TEST(ScrapeMetadata, TheScrapeFileHasTheSeedsFields) {
  testing::TempDir dir;
  ScrapeMetadata meta;
  meta.scrape_id = "scrape_20250809_173531_f4a5f77d";
  meta.start_time = Timestamp{1754760931, 277000};
  meta.regions = {"eu-west-1"};
  ASSERT_TRUE(WriteScrapeMetadata(dir.path(), meta).ok());
  auto doc = ParseJson(*ReadFile(dir.path() / kScrapeMetadataFileName));
  ASSERT_TRUE(doc.ok());
  EXPECT_STREQ((*doc)["start_time"].GetString(), "2025-08-09T17:35:31.277Z");
  EXPECT_TRUE((*doc)["end_time"].IsNull());
  EXPECT_TRUE((*doc)["success"].IsNull());
  EXPECT_STREQ((*doc)["services"].GetString(), "all");
  meta.services = std::vector<std::string>{"ec2"};
  meta.success = true;
  meta.return_code = 0;
  ASSERT_TRUE(WriteScrapeMetadata(dir.path(), meta).ok());
  doc = ParseJson(*ReadFile(dir.path() / kScrapeMetadataFileName));
  EXPECT_TRUE((*doc)["success"].GetBool());
  EXPECT_STREQ((*doc)["services"][0].GetString(), "ec2");
}

}  // namespace
}  // namespace awscrape::scrape
