// The store suite's cases (see store_suite.h): every backend must pass all of them.
#include "store_suite.h"

#include <algorithm>
#include <thread>

#include "awscrape/store/documents.h"

namespace awscrape::store::testing {
namespace {

std::vector<ResponseDocument> ThreeCalls(const ScrapeRecord& s, int seed = 1,
                                         const std::string& request = "req") {
  return {
      MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0,
                   MakeResponse("Vpcs", 2, seed, request + "-1")),
      MakeDocument(s, "ec2", "eu-west-1", "DescribeVpcs", 0,
                   MakeResponse("Vpcs", 1, seed + 100, request + "-2")),
      MakeDocument(s, "iam", std::nullopt, "ListRoles", 0,
                   MakeResponse("Roles", 3, seed + 200, request + "-3")),
  };
}

TEST_P(StoreSuite, ScrapeRoundTripsEveryField) {
  ScrapeRecord running = MakeScrape("scrape_20250809_173531_f4a5f77d", At(1754760931, 277));
  running.profile = std::nullopt;
  ASSERT_TRUE(store().SaveScrape(running).ok());
  auto got = store().GetScrape(running.scrape_id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, running);

  ScrapeRecord done = running;
  done.end_time = At(1754761057, 533);
  done.duration_seconds = 126.256754;
  done.success = false;
  done.return_code = -9;
  done.services = std::vector<std::string>{"ec2", "s3"};
  done.profile = "prod";
  done.scraped_files_count = 4;
  done.total_resources_saved = 150;
  done.files_processed_to_mongo = 4;
  done.temp_files_cleaned = true;
  done.updated_at = At(1754761057, 533);
  ASSERT_TRUE(store().SaveScrape(done).ok());
  got = store().GetScrape(running.scrape_id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, done);

  // The JSON document carries the seed's names and types.
  JsonDocument json = ScrapeToJson(*got);
  EXPECT_EQ(GetString(json, "start_time"), "2025-08-09T17:35:31.277Z");
  EXPECT_TRUE(json["success"].IsBool());
  EXPECT_TRUE(json["services"].IsArray());
  auto back = ScrapeFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, done);

  // CreateScrapeIfAbsent never overwrites.
  auto created = store().CreateScrapeIfAbsent(running);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(*created);
  EXPECT_EQ(*store().GetScrape(running.scrape_id), done);
  auto other = store().CreateScrapeIfAbsent(MakeScrape("scrape_other", At(1754760000)));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(*other);

  EXPECT_EQ(store().GetScrape("scrape_missing").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreSuite, DocumentRoundTripsEveryFieldAndTheResponseVerbatim) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760931, 277));
  ASSERT_TRUE(store().SaveScrape(s).ok());
  std::vector<ResponseDocument> docs;
  docs.push_back(MakeDocument(s, "apprunner", "us-east-1", "ListObservabilityConfigurations", 0,
                              MakeResponse("ObservabilityConfigurationSummaryList", 1, 7)));
  // ResponseMetadata in the middle, odd numbers and escapes, must come back in place.
  docs.push_back(MakeDocument(
      s, "s3", std::nullopt, "ListBuckets", 0,
      R"({"Buckets":[{"Name":"a\"b\\c\u0000d"}],"ResponseMetadata":{"RequestId":"x"},)"
      R"("Owner":{"ID":"1"},"Ratio":0.1,"Big":12345678901234,"Neg":-1.5e-7,"T":true,"N":null})"));
  // No ResponseMetadata at all, an empty object, a second page.
  docs.push_back(MakeDocument(s, "sqs", "eu-west-1", "ListQueues", 0, R"({"QueueUrls":[]})"));
  docs.push_back(MakeDocument(s, "sqs", "eu-west-1", "ListQueues", 1, R"({})"));
  docs[0].profile = "prod";
  docs[1].account_id = "210987654321";
  docs[1].partition = "aws-cn";
  // The store keeps the compact form of the JSON value it was given.
  for (auto& d : docs) d.response = ToJson(*ParseJson(d.response));
  EXPECT_NE(docs[1].response.find("\"ResponseMetadata\":{\"RequestId\":\"x\"},\"Owner\""),
            std::string::npos);

  auto saved = store().SaveResponses(docs);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->inserted, 4);
  EXPECT_EQ(saved->unchanged, 0);

  auto page = store().QueryResources(ResourceFilter{.scrape_id = "scrape_a"});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->total, 4);
  for (const auto& want : docs) {
    auto it = std::find_if(page->documents.begin(), page->documents.end(), [&](const auto& d) {
      return d.service == want.service && d.page == want.page;
    });
    ASSERT_NE(it, page->documents.end()) << want.service;
    EXPECT_EQ(*it, want) << want.service << " page " << want.page;
    // The seed's document, response embedded as an object, and back.
    JsonDocument json = ResponseDocumentToJson(*it);
    EXPECT_TRUE(json["response"].IsObject());
    EXPECT_EQ(GetString(json, "scrape_timestamp"), "2025-08-09T17:35:31.277Z");
    auto back = ResponseDocumentFromJson(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, want);
  }
}

TEST_P(StoreSuite, SavingTheSameDocumentsTwiceChangesNothing) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760931));
  ASSERT_TRUE(store().SaveScrape(s).ok());
  auto docs = ThreeCalls(s);
  auto first = store().SaveResponses(docs);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->inserted, 3);
  auto after_first = store().GetScrape("scrape_a");
  ASSERT_TRUE(after_first.ok());
  EXPECT_EQ(after_first->files_processed_to_mongo, 3);
  EXPECT_EQ(after_first->total_resources_saved, 6);
  auto before = store().QueryResources({});
  ASSERT_TRUE(before.ok());

  // The same batch again, with a later processed_at: the stored documents stay as they were.
  for (auto& d : docs) d.processed_at = d.updated_at = At(1754769999);
  auto second = store().SaveResponses(docs);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->inserted, 0);
  EXPECT_EQ(second->unchanged, 3);
  auto after = store().QueryResources({});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->documents, before->documents);
  EXPECT_EQ(*store().GetScrape("scrape_a"), *after_first);

  // Duplicates inside one batch count once.
  std::vector<ResponseDocument> twice = {docs[0], docs[0]};
  twice[0].page = twice[1].page = 5;
  auto dup = store().SaveResponses(twice);
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->inserted, 1);
  EXPECT_EQ(dup->unchanged, 1);

  // Of two with one key and different responses in one batch, the first is stored.
  std::vector<ResponseDocument> differing = {docs[0], docs[0]};
  differing[0].page = differing[1].page = 6;
  differing[0].response = MakeResponse("Items", 2, 601);
  differing[1].response = MakeResponse("Items", 2, 602);
  auto kept = store().SaveResponses(differing);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->inserted, 1);
  EXPECT_EQ(kept->unchanged, 1);
  auto all = store().QueryResources({});
  ASSERT_TRUE(all.ok());
  int pages_six = 0;
  for (const auto& d : all->documents) {
    if (d.page != 6) continue;
    ++pages_six;
    EXPECT_EQ(d.response, differing[0].response);
  }
  EXPECT_EQ(pages_six, 1);
}

TEST_P(StoreSuite, ABatchWithAnInvalidResponseStoresNothing) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760931));
  auto docs = ThreeCalls(s);
  docs[1].response = "[1,2]";
  auto saved = store().SaveResponses(docs);
  EXPECT_EQ(saved.status().code(), StatusCode::kInvalidArgument);
  docs[1].response = "{\"truncated\":";
  EXPECT_EQ(store().SaveResponses(docs).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store().QueryResources({})->total, 0);
}

TEST_P(StoreSuite, QueriesWithEachFilterLimitAndOffset) {
  ScrapeRecord a = MakeScrape("scrape_a", At(1754760000));
  ScrapeRecord b = MakeScrape("scrape_b", At(1754770000));
  ASSERT_TRUE(store().SaveScrape(a).ok());
  ASSERT_TRUE(store().SaveScrape(b).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(a)).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(b)).ok());

  auto count = [&](ResourceFilter f) {
    auto page = store().QueryResources(f);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_EQ(static_cast<int64_t>(page->documents.size()), page->total);
    return page->total;
  };
  EXPECT_EQ(count({}), 6);
  EXPECT_EQ(count({.scrape_id = "scrape_a"}), 3);
  EXPECT_EQ(count({.service = "ec2"}), 4);
  EXPECT_EQ(count({.region = "us-east-1"}), 2);
  EXPECT_EQ(count({.region = ""}), 2);  // "" selects the global (region-less) calls
  EXPECT_EQ(count({.operation = "ListRoles"}), 2);
  EXPECT_EQ(count({.scrape_id = "scrape_b",
                   .service = "ec2",
                   .region = "eu-west-1",
                   .operation = "DescribeVpcs"}),
            1);
  EXPECT_EQ(count({.scrape_id = "scrape_c"}), 0);

  // Newest scrape first; limit/offset page through the same order; total ignores them.
  auto all = store().QueryResources({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->documents.front().scrape_id, "scrape_b");
  EXPECT_EQ(all->documents.back().scrape_id, "scrape_a");
  auto window = store().QueryResources({.limit = 2, .offset = 2});
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->total, 6);
  ASSERT_EQ(window->documents.size(), 2u);
  EXPECT_EQ(window->documents[0], all->documents[2]);
  EXPECT_EQ(window->documents[1], all->documents[3]);
  auto past_end = store().QueryResources({.limit = 5, .offset = 10});
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->documents.empty());
  EXPECT_EQ(past_end->total, 6);

  // Scrapes: newest first, success filter, paging.
  ScrapeRecord c = MakeScrape("scrape_c", At(1754780000));
  c.success = true;
  ASSERT_TRUE(store().SaveScrape(c).ok());
  auto scrapes = store().ListScrapes({});
  ASSERT_TRUE(scrapes.ok());
  ASSERT_EQ(scrapes->total, 3);
  EXPECT_EQ(scrapes->scrapes[0].scrape_id, "scrape_c");
  EXPECT_EQ(scrapes->scrapes[2].scrape_id, "scrape_a");
  auto ok_only = store().ListScrapes({.success = true});
  ASSERT_TRUE(ok_only.ok());
  EXPECT_EQ(ok_only->total, 1);
  auto paged = store().ListScrapes({.limit = 1, .offset = 1});
  ASSERT_TRUE(paged.ok());
  ASSERT_EQ(paged->scrapes.size(), 1u);
  EXPECT_EQ(paged->scrapes[0].scrape_id, "scrape_b");
}

TEST_P(StoreSuite, DeletesByFilter) {
  ScrapeRecord a = MakeScrape("scrape_a", At(1754760000));
  ScrapeRecord b = MakeScrape("scrape_b", At(1754770000));
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(a)).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(b)).ok());

  EXPECT_EQ(store().DeleteResources({}).status().code(), StatusCode::kInvalidArgument);
  auto deleted = store().DeleteResources({.scrape_id = "scrape_a", .service = "ec2"});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(store().QueryResources({.scrape_id = "scrape_a"})->total, 1);
  EXPECT_EQ(store().QueryResources({.scrape_id = "scrape_b"})->total, 3);
  // Scrape b's documents share bodies with nothing deleted and still read back whole.
  auto b_docs = store().QueryResources({.scrape_id = "scrape_b"});
  ASSERT_TRUE(b_docs.ok());
  EXPECT_EQ(b_docs->documents.size(), 3u);
  EXPECT_EQ(*store().DeleteResources({.region = "nowhere"}), 0);
}

TEST_P(StoreSuite, DeletesAScrapeAndEverythingItOwns) {
  ScrapeRecord a = MakeScrape("scrape_a", At(1754760000));
  ScrapeRecord b = MakeScrape("scrape_b", At(1754770000));
  ASSERT_TRUE(store().SaveScrape(a).ok());
  ASSERT_TRUE(store().SaveScrape(b).ok());
  // Same content in both scrapes: bodies are shared and must survive for b.
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(a, 1, "a")).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(b, 1, "b")).ok());
  CallOutcome o{.scrape_id = "scrape_a", .service = "ec2", .operation = "DescribeVpcs"};
  ASSERT_TRUE(store().SaveOutcomes({&o, 1}).ok());
  LogEntry log{.timestamp = At(1754760001),
               .level = "ERROR",
               .component = "FileWatcher",
               .scrape_id = "scrape_a",
               .message = "m"};
  ASSERT_TRUE(store().AppendLogs({&log, 1}).ok());

  auto counts = store().DeleteScrape("scrape_a");
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (DeleteCounts{.scrapes = 1, .documents = 3, .outcomes = 1, .logs = 1}));
  EXPECT_EQ(store().GetScrape("scrape_a").status().code(), StatusCode::kNotFound);
  auto b_docs = store().QueryResources({.scrape_id = "scrape_b"});
  ASSERT_TRUE(b_docs.ok());
  EXPECT_EQ(b_docs->documents, store().QueryResources({})->documents);
  EXPECT_EQ(b_docs->documents.size(), 3u);
  for (const auto& d : b_docs->documents) EXPECT_NE(d.response.find("\"b-"), std::string::npos);
  EXPECT_EQ(store().DeleteScrape("scrape_a").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreSuite, ComparesACallAcrossScrapesNewestFirst) {
  std::vector<ScrapeRecord> scrapes;
  for (int i = 0; i < 4; ++i) {
    scrapes.push_back(MakeScrape("scrape_" + std::to_string(i), At(1754760000 + i * 3600)));
    std::vector<ResponseDocument> docs = ThreeCalls(scrapes.back(), i);
    // Two pages of the global call in every scrape.
    docs.push_back(MakeDocument(scrapes.back(), "iam", std::nullopt, "ListRoles", 1,
                                MakeResponse("Roles", 1, 900 + i)));
    ASSERT_TRUE(store().SaveResponses(docs).ok());
  }
  auto got = store().CompareResources(
      {.service = "ec2", .region = "us-east-1", .operation = "DescribeVpcs", .limit = 2});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].scrape_id, "scrape_3");
  EXPECT_EQ((*got)[1].scrape_id, "scrape_2");

  auto global = store().CompareResources(
      {.service = "iam", .region = std::nullopt, .operation = "ListRoles", .limit = 3});
  ASSERT_TRUE(global.ok());
  ASSERT_EQ(global->size(), 6u);  // 3 scrapes x 2 pages
  EXPECT_EQ((*global)[0].scrape_id, "scrape_3");
  EXPECT_EQ((*global)[0].page, 0);
  EXPECT_EQ((*global)[1].page, 1);
  EXPECT_EQ((*global)[5].scrape_id, "scrape_1");

  auto none = store().CompareResources(
      {.service = "ec2", .region = "ap-south-1", .operation = "DescribeVpcs"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreSuite, Aggregations) {
  auto empty = store().GetStats();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Stats{});

  ScrapeRecord a = MakeScrape("scrape_a", At(1754697600 + 3600));  // 2025-08-09 01:00
  a.success = true;
  ScrapeRecord b = MakeScrape("scrape_b", At(1754784000 + 7200));  // 2025-08-10 02:00
  b.success = false;
  ScrapeRecord c = MakeScrape("scrape_c", At(1754784000 + 9000));  // 2025-08-10 02:30
  c.success = true;
  for (const auto* s : {&a, &b, &c}) ASSERT_TRUE(store().SaveScrape(*s).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(a)).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(b)).ok());

  auto stats = store().GetStats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->total_scrapes, 3);
  EXPECT_EQ(stats->successful_scrapes, 2);
  EXPECT_EQ(stats->total_resources, 6);
  EXPECT_EQ(stats->services_discovered, (std::vector<std::string>{"ec2", "iam"}));
  EXPECT_EQ(stats->regions_scanned, (std::vector<std::string>{"eu-west-1", "us-east-1"}));
  ASSERT_TRUE(stats->last_scrape.has_value());
  EXPECT_EQ(*stats->last_scrape, c.start_time);
  JsonDocument json = StatsToJson(*stats);
  EXPECT_EQ(GetString(json, "last_scrape"), "2025-08-10T02:30:00.000Z");

  auto services = store().StatsByService();
  ASSERT_TRUE(services.ok());
  EXPECT_EQ(*services, (std::vector<GroupStats>{{"ec2", 4, 6, 2}, {"iam", 2, 6, 2}}));
  auto regions = store().StatsByRegion();
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(*regions, (std::vector<GroupStats>{
                          {"eu-west-1", 2, 2, 2}, {"global", 2, 6, 2}, {"us-east-1", 2, 4, 2}}));

  auto timeline = store().Timeline(3, At(1754784000 + 80000));  // during 2025-08-10
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  EXPECT_EQ(*timeline, (std::vector<TimelineDay>{{"2025-08-08", 0, 0, 0, 0},
                                                 {"2025-08-09", 1, 1, 3, 6},
                                                 {"2025-08-10", 2, 1, 3, 6}}));
  auto one = store().Timeline(1, At(1754697600));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, (std::vector<TimelineDay>{{"2025-08-09", 1, 1, 3, 6}}));
  EXPECT_EQ(store().Timeline(0, At(0)).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreSuite, RetentionDeletesExactlyTheOldScrapesAndWhatTheyOwn) {
  const Timestamp cutoff = At(1754700000);
  ScrapeRecord old1 = MakeScrape("scrape_old1", At(1754600000));
  ScrapeRecord old2 = MakeScrape("scrape_old2", At(1754699999, 999));
  ScrapeRecord young = MakeScrape("scrape_new", cutoff);  // exactly at the cutoff: kept
  for (const auto* s : {&old1, &old2, &young}) {
    ASSERT_TRUE(store().SaveScrape(*s).ok());
    // Identical bodies across scrapes: the young scrape's must survive the old ones' deletion.
    ASSERT_TRUE(store().SaveResponses(ThreeCalls(*s, 1, s->scrape_id)).ok());
    CallOutcome o{.scrape_id = s->scrape_id,
                  .service = "ec2",
                  .region = "us-east-1",
                  .operation = "DescribeVpcs",
                  .outcome = CallOutcomeKind::kOk};
    CallOutcome denied{.scrape_id = s->scrape_id,
                       .service = "iam",
                       .operation = "ListRoles",
                       .outcome = CallOutcomeKind::kDenied};
    std::vector<CallOutcome> outcomes = {o, denied};
    ASSERT_TRUE(store().SaveOutcomes(outcomes).ok());
    LogEntry log{.timestamp = s->start_time,
                 .level = "INFO",
                 .component = "Ingester",
                 .scrape_id = s->scrape_id,
                 .message = "stored"};
    ASSERT_TRUE(store().AppendLogs({&log, 1}).ok());
  }
  LogEntry old_global{
      .timestamp = At(1754600000), .level = "ERROR", .component = "FileWatcher", .message = "old"};
  LogEntry new_global{
      .timestamp = cutoff, .level = "ERROR", .component = "FileWatcher", .message = "new"};
  std::vector<LogEntry> globals = {old_global, new_global};
  ASSERT_TRUE(store().AppendLogs(globals).ok());

  auto counts = store().DeleteScrapesOlderThan(cutoff);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (DeleteCounts{.scrapes = 2, .documents = 6, .outcomes = 4, .logs = 3}));

  auto left = store().ListScrapes({});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->total, 1);
  EXPECT_EQ(left->scrapes[0].scrape_id, "scrape_new");
  auto docs = store().QueryResources({});
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->total, 3);
  for (const auto& d : docs->documents) {
    EXPECT_EQ(d.scrape_id, "scrape_new");
    EXPECT_TRUE(ParseJson(d.response).ok());
  }
  EXPECT_EQ(store().QueryOutcomes({})->size(), 2u);
  auto logs = store().QueryLogs({});
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 2u);
  EXPECT_EQ((*logs)[0].scrape_id, "scrape_new");
  EXPECT_EQ((*logs)[1].message, "new");

  // Nothing older left: a second pass deletes nothing.
  EXPECT_EQ(*store().DeleteScrapesOlderThan(cutoff), DeleteCounts{});
}

TEST_P(StoreSuite, LogsKeepTheSeedsFieldsAndFilter) {
  std::vector<LogEntry> entries = {
      {At(1754760002), "ERROR", "FileWatcher", "scrape_a",
       "Failed to process file: /tmp/scrape_a/ec2_DescribeInstances_us-east-1_None.json",
       "JSON decode error: invalid JSON at offset 17",
       "/tmp/scrape_a/ec2_DescribeInstances_us-east-1_None.json"},
      {At(1754760001), "INFO", "Ingester", std::nullopt, "started", std::nullopt, std::nullopt},
      {At(1754760003), "ERROR", "Ingester", "scrape_b", "x", std::nullopt, std::nullopt},
  };
  ASSERT_TRUE(store().AppendLogs(entries).ok());
  auto all = store().QueryLogs({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0], entries[1]);  // oldest first
  EXPECT_EQ((*all)[1], entries[0]);
  EXPECT_EQ(store().QueryLogs({.scrape_id = "scrape_a"})->size(), 1u);
  EXPECT_EQ(store().QueryLogs({.level = "ERROR"})->size(), 2u);
  EXPECT_EQ(store().QueryLogs({.level = "ERROR", .component = "Ingester"})->size(), 1u);
  EXPECT_EQ(store().QueryLogs({.limit = 1})->size(), 1u);
  JsonDocument json = LogEntryToJson(entries[0]);
  for (const char* field :
       {"timestamp", "level", "component", "scrape_id", "message", "error", "file_path"}) {
    EXPECT_NE(FindMember(json, field), nullptr) << field;
  }
  EXPECT_EQ(*LogEntryFromJson(json), entries[0]);
}

TEST_P(StoreSuite, OutcomeLedgerUpsertsPerCall) {
  CallOutcome ok{.scrape_id = "scrape_a",
                 .service = "ec2",
                 .region = "us-east-1",
                 .operation = "DescribeVpcs",
                 .outcome = CallOutcomeKind::kOk,
                 .http_status = 200,
                 .duration_ms = 35,
                 .attempts = 3,
                 .retries = 1,
                 .pages = 2,
                 .request_id = "r-1",
                 .items = 12,
                 .recorded_at = At(1754760000)};
  CallOutcome denied{.scrape_id = "scrape_a",
                     .service = "iam",
                     .region = std::nullopt,
                     .operation = "ListRoles",
                     .outcome = CallOutcomeKind::kDenied,
                     .error_code = "AccessDenied",
                     .http_status = 403,
                     .attempts = 1,
                     .request_id = "r-2",
                     .recorded_at = At(1754760001)};
  std::vector<CallOutcome> batch = {ok, denied};
  ASSERT_TRUE(store().SaveOutcomes(batch).ok());
  auto all = store().QueryOutcomes({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], ok);
  EXPECT_EQ((*all)[1], denied);

  // A retried scrape of the same call replaces its entry.
  CallOutcome throttled = ok;
  throttled.outcome = CallOutcomeKind::kThrottled;
  throttled.error_code = "ThrottlingException";
  ASSERT_TRUE(store().SaveOutcomes({&throttled, 1}).ok());
  all = store().QueryOutcomes({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], throttled);
  EXPECT_EQ(store().QueryOutcomes({.outcome = CallOutcomeKind::kDenied})->size(), 1u);
  EXPECT_EQ(store().QueryOutcomes({.region = ""})->size(), 1u);
  EXPECT_EQ(store().QueryOutcomes({.scrape_id = "scrape_b"})->size(), 0u);

  // One call's outcome twice in a batch: the later one stands. Given out of key order (a
  // ledger is in the order calls finished), the ledger still reads back in key order.
  CallOutcome queues = ok;
  queues.scrape_id = "scrape_c";
  queues.service = "sqs";
  queues.operation = "ListQueues";
  CallOutcome certificates = queues;
  certificates.service = "acm";
  certificates.operation = "ListCertificates";
  CallOutcome queues_again = queues;
  queues_again.outcome = CallOutcomeKind::kError;
  queues_again.error_code = "InternalError";
  std::vector<CallOutcome> unordered = {queues, certificates, queues_again};
  ASSERT_TRUE(store().SaveOutcomes(unordered).ok());
  auto scrape_c = store().QueryOutcomes({.scrape_id = "scrape_c"});
  ASSERT_TRUE(scrape_c.ok());
  ASSERT_EQ(scrape_c->size(), 2u);
  EXPECT_EQ((*scrape_c)[0], certificates);
  EXPECT_EQ((*scrape_c)[1], queues_again);

  // A ledger longer than one write batch (PostgreSQL sends 200 at a time), with one call's
  // outcome first and again last: every call stored once, the last outcome standing.
  std::vector<CallOutcome> ledger;
  for (int i = 0; i < 450; ++i) {
    CallOutcome o = ok;
    o.scrape_id = "scrape_d";
    o.operation = "Op" + std::to_string(1000 + i);
    ledger.push_back(o);
  }
  ledger.back().operation = ledger.front().operation;
  ledger.back().outcome = CallOutcomeKind::kDenied;
  ASSERT_TRUE(store().SaveOutcomes(ledger).ok());
  auto scrape_d = store().QueryOutcomes({.scrape_id = "scrape_d"});
  ASSERT_TRUE(scrape_d.ok());
  ASSERT_EQ(scrape_d->size(), 449u);
  EXPECT_EQ((*scrape_d)[0].operation, "Op1000");
  EXPECT_EQ((*scrape_d)[0].outcome, CallOutcomeKind::kDenied);
  for (auto kind :
       {CallOutcomeKind::kOk, CallOutcomeKind::kEmpty, CallOutcomeKind::kDenied,
        CallOutcomeKind::kNotAvailable, CallOutcomeKind::kThrottled, CallOutcomeKind::kError}) {
    EXPECT_EQ(ParseCallOutcome(CallOutcomeName(kind)), kind);
  }
  EXPECT_EQ(*CallOutcomeFromJson(CallOutcomeToJson(denied)), denied);
}

TEST_P(StoreSuite, AnUnchangedSecondScrapeAddsFarLessThanTheFirst) {
  // 300 calls of ~20 items: realistic list responses of a few kilobytes.
  auto scrape_docs = [](const ScrapeRecord& s, const std::string& request_prefix) {
    std::vector<ResponseDocument> docs;
    for (int i = 0; i < 300; ++i) {
      docs.push_back(MakeDocument(
          s, "svc" + std::to_string(i % 30), "us-east-1", "ListThings" + std::to_string(i), 0,
          MakeResponse("Things", 20, i, request_prefix + std::to_string(i))));
    }
    return docs;
  };
  auto empty = store().BytesOnDisk();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ScrapeRecord first = MakeScrape("scrape_first", At(1754760000));
  ASSERT_TRUE(store().SaveScrape(first).ok());
  ASSERT_TRUE(store().SaveResponses(scrape_docs(first, "first-")).ok());
  auto after_first = store().BytesOnDisk();
  ASSERT_TRUE(after_first.ok());
  ScrapeRecord second = MakeScrape("scrape_second", At(1754846400));
  ASSERT_TRUE(store().SaveScrape(second).ok());
  // Same bodies, different request ids and dates in ResponseMetadata.
  ASSERT_TRUE(store().SaveResponses(scrape_docs(second, "second-")).ok());
  auto after_second = store().BytesOnDisk();
  ASSERT_TRUE(after_second.ok());

  int64_t first_growth = *after_first - *empty;
  int64_t second_growth = *after_second - *after_first;
  RecordProperty("first_scrape_bytes", std::to_string(first_growth));
  RecordProperty("second_scrape_bytes", std::to_string(second_growth));
  std::printf("[ dedup    ] %s: first scrape +%lld bytes, unchanged second +%lld bytes\n",
              GetParam().name.c_str(), static_cast<long long>(first_growth),
              static_cast<long long>(second_growth));
  EXPECT_GT(first_growth, 0);
  EXPECT_LT(second_growth * 3, first_growth);

  // Both scrapes still read back whole, with their own metadata.
  auto docs = store().QueryResources({.scrape_id = "scrape_second", .operation = "ListThings7"});
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->documents.size(), 1u);
  EXPECT_EQ(docs->documents[0].response, MakeResponse("Things", 20, 7, "second-7"));
}

TEST_P(StoreSuite, HostileValuesAreStoredAndMatchedLiterally) {
  const std::vector<std::string> hostile = {"it's",
                                            "\"quoted\"",
                                            "100%",
                                            "%",
                                            "_",
                                            "a_c",
                                            "abc",
                                            "x' OR '1'='1",
                                            "'; DROP TABLE aws_resources; --",
                                            std::string("nul\0byte", 8),
                                            "{\"$gt\":\"\"}",
                                            "$where",
                                            "back\\slash",
                                            "NULL",
                                            "a,b",
                                            " padded ",
                                            "ünïcødé"};
  ScrapeRecord s = MakeScrape("scrape_'%_\"", At(1754760000));
  s.profile = "'; DROP TABLE scrapes; --";
  ASSERT_TRUE(store().SaveScrape(s).ok());
  std::vector<ResponseDocument> docs;
  for (size_t i = 0; i < hostile.size(); ++i) {
    docs.push_back(MakeDocument(s, hostile[i], hostile[i], hostile[i], 0,
                                MakeResponse("Items", 1, static_cast<int>(i))));
  }
  auto saved = store().SaveResponses(docs);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->inserted, static_cast<int64_t>(hostile.size()));
  ASSERT_TRUE(store().GetScrape(s.scrape_id).ok());
  EXPECT_EQ(store().GetScrape(s.scrape_id)->profile, s.profile);

  for (const auto& value : hostile) {
    auto page = store().QueryResources({.service = value});
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_EQ(page->total, 1) << "service " << value;
    EXPECT_EQ(page->documents[0].service, value);
    EXPECT_EQ(page->documents[0].region, value);
    EXPECT_EQ(store().QueryResources({.scrape_id = s.scrape_id, .region = value})->total, 1);
    EXPECT_EQ(
        store().CompareResources({.service = value, .region = value, .operation = value})->size(),
        1u);
  }
  EXPECT_EQ(store().QueryResources({.service = "a"})->total, 0);
  EXPECT_EQ(store().QueryResources({.service = "nul"})->total, 0);
  EXPECT_EQ(store().QueryResources({.scrape_id = "scrape_%"})->total, 0);
  // Deleting by a wildcard-looking value deletes only its literal match.
  EXPECT_EQ(*store().DeleteResources({.service = "%"}), 1);
  EXPECT_EQ(*store().DeleteResources({.service = "_"}), 1);
  EXPECT_EQ(store().QueryResources({})->total, static_cast<int64_t>(hostile.size()) - 2);
  // The tables survived the "injections".
  EXPECT_EQ(store().GetStats()->total_scrapes, 1);
  LogEntry log{.timestamp = At(1),
               .level = "ERROR",
               .component = "x",
               .scrape_id = "'",
               .message = std::string("a\0b", 3)};
  ASSERT_TRUE(store().AppendLogs({&log, 1}).ok());
  EXPECT_EQ(store().QueryLogs({.scrape_id = "'"})->at(0), log);
}

TEST_P(StoreSuite, ConcurrentWritersAndReaders) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  ASSERT_TRUE(store().SaveScrape(s).ok());
  constexpr int kThreads = 4;
  constexpr int kBatches = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<ResponseDocument> docs;
        for (int i = 0; i < 20; ++i) {
          docs.push_back(MakeDocument(s, "svc" + std::to_string(t), "us-east-1",
                                      "Op" + std::to_string(b), i, MakeResponse("X", 1, i)));
        }
        if (!store().SaveResponses(docs).ok()) ++failures;
        if (!store().QueryResources({.service = "svc" + std::to_string(t)}).ok()) ++failures;
        if (!store().GetStats().ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store().QueryResources({})->total, kThreads * kBatches * 20);
  EXPECT_EQ(store().GetScrape("scrape_a")->files_processed_to_mongo, kThreads * kBatches * 20);
}

TEST_P(StoreSuite, DataSurvivesReopening) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  ASSERT_TRUE(store().SaveScrape(s).ok());
  ASSERT_TRUE(store().SaveResponses(ThreeCalls(s)).ok());
  auto before = store().QueryResources({});
  ASSERT_TRUE(before.ok());
  auto scrape = store().GetScrape("scrape_a");
  ASSERT_TRUE(scrape.ok());
  auto reopened = Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  EXPECT_EQ(*store().GetScrape("scrape_a"), *scrape);
  EXPECT_EQ(store().QueryResources({})->documents, before->documents);
}

}  // namespace
}  // namespace awscrape::store::testing
