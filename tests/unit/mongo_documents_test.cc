// The MongoDB store's document mapping, without a server: records -> BSON -> records, the seed's
// field names and BSON types (compared as canonical extended JSON, which spells every type
// out), exact JSON <-> BSON for responses, filters that keep hostile values literal, and the
// index definitions including the TTL ones.
#include "awscrape/store/mongo/mongo_documents.h"

#include <gtest/gtest.h>

#include <set>

#include "awscrape/core/crypto.h"
#include "awscrape/store/mongo/bson_json.h"
#include "awscrape/store/mongo/mongo_indexes.h"
#include "awscrape/store/mongo/mongo_queries.h"
#include "store_suite.h"

namespace awscrape::store::mongo {
namespace {

using testing::At;
using testing::MakeDocument;
using testing::MakeResponse;
using testing::MakeScrape;

// Canonical extended JSON, compacted so expectations need not copy libbson's spacing.
std::string Canon(const bson_t& doc) {
  auto parsed = ParseJson(CanonicalJson(doc));
  EXPECT_TRUE(parsed.ok()) << CanonicalJson(doc);
  return parsed.ok() ? ToJson(*parsed) : "";
}

std::string Date(int64_t ms) {
  return R"({"$date":{"$numberLong":")" + std::to_string(ms) + "\"}}";
}
std::string Long(int64_t v) { return R"({"$numberLong":")" + std::to_string(v) + "\"}"; }

// The BSON type of `key` in `doc`.
bson_type_t TypeOf(const bson_t& doc, const char* key) {
  bson_iter_t it;
  return bson_iter_init_find(&it, &doc, key) ? bson_iter_type(&it) : BSON_TYPE_EOD;
}

TEST(MongoDocuments, ScrapeHasTheSeedsFieldsAndTypesAndRoundTrips) {
  ScrapeRecord s = MakeScrape("scrape_20250809_173531_f4a5f77d", At(1754760931, 277));
  s.end_time = At(1754761057, 533);
  s.duration_seconds = 126.25;  // exact in binary: libbson prints doubles with 20 digits
  s.success = false;
  s.return_code = -9;
  s.services = std::vector<std::string>{"ec2", "s3"};
  s.profile = std::nullopt;
  s.scraped_files_count = 4;
  s.total_resources_saved = 150;
  s.files_processed_to_mongo = 4;
  s.temp_files_cleaned = true;
  s.updated_at = At(1754761057, 533);
  BsonPtr doc = ScrapeToBson(s);
  EXPECT_EQ(
      Canon(*doc),
      R"({"scrape_id":"scrape_20250809_173531_f4a5f77d","start_time":)" + Date(1754760931277) +
          R"(,"end_time":)" + Date(1754761057533) +
          R"(,"duration_seconds":{"$numberDouble":"126.25"},"success":false,"return_code":)" +
          Long(-9) +
          R"(,"command":["awscrape","scrape","--regions","eu-west-1,us-east-1"],)"
          R"("services":["ec2","s3"],"regions":["eu-west-1","us-east-1"],"profile":null,)"
          R"("scraped_files_count":)" +
          Long(4) + R"(,"total_resources_saved":)" + Long(150) +
          R"(,"temp_directory":"/tmp/scrape_20250809_173531_f4a5f77d","files_processed_to_mongo":)" +
          Long(4) + R"(,"temp_files_cleaned":true,"created_at":)" + Date(1754760931277) +
          R"(,"updated_at":)" + Date(1754761057533) +
          R"(,"account_id":"123456789012","partition":"aws","models_version":"1.29.27",)"
          R"("tool_version":"0.1.0"})");
  auto back = ScrapeFromBson(*doc);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, s);

  // A running scrape: nulls, and "all" services.
  ScrapeRecord running = MakeScrape("scrape_b", At(1754760000));
  running.profile = "prod";
  BsonPtr running_doc = ScrapeToBson(running);
  EXPECT_EQ(TypeOf(*running_doc, "end_time"), BSON_TYPE_NULL);
  EXPECT_EQ(TypeOf(*running_doc, "success"), BSON_TYPE_NULL);
  EXPECT_EQ(TypeOf(*running_doc, "services"), BSON_TYPE_UTF8);
  EXPECT_EQ(*ScrapeFromBson(*running_doc), running);

  // A document of the wrong shape is a ParseError naming the field, not a crash.
  BsonPtr bad = ScrapeToBson(running);
  BSON_APPEND_UTF8(bad.get(), "x", "y");
  BsonPtr wrong = NewBson();
  BSON_APPEND_UTF8(wrong.get(), "scrape_id", "s");
  BSON_APPEND_UTF8(wrong.get(), "start_time", "2025-08-09T17:35:31.277Z");  // a string, not a date
  auto failed = ScrapeFromBson(*wrong);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kParseError);
  EXPECT_NE(failed.status().message().find("start_time"), std::string::npos);
}

TEST(MongoDocuments, ResponseDocumentSplitsTheBodyOffAndRoundTrips) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760931, 277));
  ResponseDocument d = MakeDocument(s, "apprunner", "us-east-1", "ListObservabilityConfigurations",
                                    2, MakeResponse("Summaries", 2, 7, "req-1"));
  d.profile = "prod";
  auto mapped = MapResponseDocument(d);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  EXPECT_EQ(Canon(*mapped->key),
            R"({"scrape_id":"scrape_a","service":"apprunner","region":"us-east-1",)"
            R"("operation":"ListObservabilityConfigurations","page":)" +
                Long(2) + "}");
  BsonPtr stored = StoredResponseDocument(*mapped);
  for (const char* field : {"scrape_timestamp", "processed_at", "created_at", "updated_at"}) {
    EXPECT_EQ(TypeOf(*stored, field), BSON_TYPE_DATE_TIME) << field;
  }
  EXPECT_EQ(TypeOf(*stored, "page"), BSON_TYPE_INT64);
  EXPECT_EQ(TypeOf(*stored, "item_count"), BSON_TYPE_INT64);
  EXPECT_EQ(TypeOf(*stored, "response_hash"), BSON_TYPE_BINARY);
  EXPECT_EQ(TypeOf(*stored, "response_metadata"), BSON_TYPE_DOCUMENT);  // queryable
  EXPECT_EQ(TypeOf(*stored, "response"), BSON_TYPE_EOD);  // the body lives in response_bodies
  for (const char* field : {"scrape_id", "service", "region", "profile", "operation", "account_id",
                            "partition", "source_filename", "temp_file_path"}) {
    EXPECT_EQ(TypeOf(*stored, field), BSON_TYPE_UTF8) << field;
  }
  EXPECT_EQ(TypeOf(*mapped->body_value, "body"), BSON_TYPE_DOCUMENT);
  // The ingester hands the store responses it already split: the same documents result.
  ResponseDocument emptied = d;
  emptied.response.clear();
  auto from_split = MapResponseDocument(emptied, *SplitResponse(d.response));
  ASSERT_TRUE(from_split.ok()) << from_split.status().ToString();
  EXPECT_EQ(Canon(*StoredResponseDocument(*from_split)), Canon(*stored));
  EXPECT_EQ(Canon(*from_split->body_value), Canon(*mapped->body_value));

  // The hash is the SHA-256 of the body without ResponseMetadata: same body, same hash.
  ResponseDocument again = d;
  again.response = MakeResponse("Summaries", 2, 7, "req-2");
  EXPECT_EQ(MapResponseDocument(again)->hash, mapped->hash);
  EXPECT_EQ(mapped->hash, Sha256(*StoredBodyJson(*mapped->body_value)));

  auto body = StoredBodyJson(*mapped->body_value);
  ASSERT_TRUE(body.ok());
  auto back = ResponseDocumentFromBson(*stored, *body);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, d);
  EXPECT_EQ(*StoredResponseHash(*stored), mapped->hash);

  // A global call: region null in the key and in the stored document.
  ResponseDocument global = MakeDocument(s, "iam", std::nullopt, "ListRoles", 0, "{}");
  auto global_mapped = MapResponseDocument(global);
  ASSERT_TRUE(global_mapped.ok());
  EXPECT_EQ(TypeOf(*global_mapped->key, "region"), BSON_TYPE_NULL);
  EXPECT_EQ(TypeOf(*global_mapped->fields, "response_metadata"), BSON_TYPE_NULL);
  BsonPtr global_stored = StoredResponseDocument(*global_mapped);
  EXPECT_EQ(*ResponseDocumentFromBson(*global_stored, *StoredBodyJson(*global_mapped->body_value)),
            global);

  // Not an object: refused before any I/O.
  global.response = "[1,2]";
  EXPECT_EQ(MapResponseDocument(global).status().code(), StatusCode::kInvalidArgument);
}

TEST(MongoDocuments, BodyUpsertStoresOnceAndAgesByTheNewestDocument) {
  ScrapeRecord s = MakeScrape("scrape_a", At(1754760000));
  auto mapped =
      MapResponseDocument(MakeDocument(s, "ec2", "us-east-1", "DescribeVpcs", 0, R"({"Vpcs":[]})"));
  ASSERT_TRUE(mapped.ok());
  BsonPtr update = BodyUpsert(*mapped, At(1754760005, 123));
  EXPECT_EQ(Canon(*update), R"({"$setOnInsert":{"body":{"Vpcs":[]}},"$currentDate":)"
                            R"({"used_at":true},"$max":{"last_created_at":)" +
                                Date(1754760005123) + "}}");
  EXPECT_EQ(TypeOf(*BodyKey(mapped->hash), "_id"), BSON_TYPE_BINARY);
}

TEST(MongoDocuments, ResponsesComeBackByteExactWhateverBsonCanHold) {
  struct Case {
    std::string json;
    bool embedded;  // stored as a BSON document (else binary JSON text)
  };
  const std::vector<Case> cases = {
      {R"({"A":[1,2],"B":{"c":"d"},"Ratio":0.1,"Big":12345678901234,"Neg":-1.5e-7,"T":true,"N":null})",
       true},
      {R"({"Buckets":[{"Name":"a\"b\\c\u0000d"}]})", true},  // NUL inside a string value is fine
      {R"({"Huge":18446744073709551615})", false},           // above int64
      {R"({"$where":"1"})", false},                          // operator-like key: data, as text
      {R"({"Tags":{"a.b":"c"}})", false},                    // dotted key
      {R"({"":1})", false},                                  // empty key
      {R"({"k\u0000ey":1})", false},                         // NUL in a key
      {R"({"Nested":{"$gt":""}})", false},
      {R"({"Unicode":"ünïcødé","Esc":"\t\n"})", true},
      {R"({"Double":1.0,"Exp":1e300,"Small":5e-324})", true},
      {R"({})", true},
  };
  for (const auto& c : cases) {
    std::string compact = ToJson(*ParseJson(c.json));
    BsonPtr doc = NewBson();
    ASSERT_TRUE(AppendExactJson(doc.get(), "body", compact).ok()) << c.json;
    EXPECT_EQ(TypeOf(*doc, "body"), c.embedded ? BSON_TYPE_DOCUMENT : BSON_TYPE_BINARY) << c.json;
    bson_iter_t it;
    ASSERT_TRUE(bson_iter_init_find(&it, doc.get(), "body"));
    auto back = ReadExactJson(it);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, compact) << c.json;
  }
  // Metadata that is not an object is kept as text too.
  BsonPtr doc = NewBson();
  ASSERT_TRUE(AppendExactJson(doc.get(), "m", "[1,\"x\"]").ok());
  EXPECT_EQ(TypeOf(*doc, "m"), BSON_TYPE_BINARY);
  EXPECT_EQ(AppendExactJson(doc.get(), "bad", "{\"a\":").code(), StatusCode::kParseError);
  // Other BSON types have no JSON form here.
  BsonPtr dated = NewBson();
  BSON_APPEND_DATE_TIME(dated.get(), "d", 1);
  EXPECT_EQ(BsonToJsonObject(*dated).status().code(), StatusCode::kParseError);
}

TEST(MongoDocuments, LogsAndOutcomesRoundTripWithTheSeedsFields) {
  LogEntry e{At(1754760002),
             "ERROR",
             "FileWatcher",
             "scrape_a",
             "Failed to process file: /tmp/x.json",
             "JSON decode error: ...",
             "/tmp/x.json"};
  BsonPtr log = LogEntryToBson(e);
  EXPECT_EQ(Canon(*log), R"({"timestamp":)" + Date(1754760002000) +
                             R"(,"level":"ERROR","component":"FileWatcher","scrape_id":"scrape_a",)"
                             R"("message":"Failed to process file: /tmp/x.json","error":)"
                             R"("JSON decode error: ...","file_path":"/tmp/x.json"})");
  EXPECT_EQ(*LogEntryFromBson(*log), e);
  LogEntry bare{At(1),        "INFO",      "Ingester", std::nullopt, std::string("a\0b", 3),
                std::nullopt, std::nullopt};
  EXPECT_EQ(*LogEntryFromBson(*LogEntryToBson(bare)), bare);

  CallOutcome o{.scrape_id = "scrape_a",
                .service = "iam",
                .region = std::nullopt,
                .operation = "ListRoles",
                .outcome = CallOutcomeKind::kDenied,
                .error_code = "AccessDenied",
                .http_status = 403,
                .attempts = 1,
                .request_id = "r-2",
                .recorded_at = At(1754760001)};
  BsonPtr stored = OutcomeToBson(o);
  EXPECT_EQ(Canon(*OutcomeKey(o)),
            R"({"scrape_id":"scrape_a","service":"iam","region":null,"operation":"ListRoles"})");
  EXPECT_EQ(TypeOf(*stored, "outcome"), BSON_TYPE_UTF8);
  EXPECT_EQ(TypeOf(*stored, "recorded_at"), BSON_TYPE_DATE_TIME);
  EXPECT_EQ(*OutcomeFromBson(*stored), o);
}

TEST(MongoQueries, HostileFilterValuesStayLiteralStrings) {
  const std::vector<std::string> hostile = {
      "{\"$gt\":\"\"}", "$where", "$gt", "a.b", std::string("nul\0byte", 8), "'; DROP", "%", "_"};
  for (const auto& value : hostile) {
    BsonPtr filter = ResourceFilterToBson(
        {.scrape_id = value, .service = value, .region = value, .operation = value});
    bson_iter_t it;
    ASSERT_TRUE(bson_iter_init(&it, filter.get()));
    std::set<std::string> keys;
    while (bson_iter_next(&it)) {
      keys.insert(bson_iter_key(&it));
      // Every value is a plain string equal to the input, NUL included: an equality match.
      ASSERT_EQ(bson_iter_type(&it), BSON_TYPE_UTF8) << bson_iter_key(&it);
      uint32_t length = 0;
      const char* text = bson_iter_utf8(&it, &length);
      EXPECT_EQ(std::string(text, length), value);
    }
    EXPECT_EQ(keys, (std::set<std::string>{"scrape_id", "service", "region", "operation"}));
  }
  EXPECT_EQ(Canon(*ResourceFilterToBson({.service = "{\"$gt\":\"\"}"})),
            R"({"service":"{\"$gt\":\"\"}"})");
  EXPECT_EQ(Canon(*ResourceFilterToBson({.service = "$where"})), R"({"service":"$where"})");
  EXPECT_EQ(Canon(*ResourceFilterToBson({.service = std::string("nul\0byte", 8)})),
            R"({"service":"nul\u0000byte"})");
  // "" selects the global calls (region null); no filter matches everything.
  EXPECT_EQ(Canon(*ResourceFilterToBson({.region = ""})), R"({"region":null})");
  EXPECT_EQ(Canon(*ResourceFilterToBson({})), "{}");
  EXPECT_EQ(Canon(*CompareFilterToBson({.service = "$where", .operation = "x"})),
            R"({"service":"$where","region":null,"operation":"x"})");
  EXPECT_EQ(Canon(*LogFilterToBson({.scrape_id = "{\"$ne\":null}", .level = "ERROR"})),
            R"({"scrape_id":"{\"$ne\":null}","level":"ERROR"})");
  EXPECT_EQ(Canon(*OutcomeFilterToBson({.region = "", .outcome = CallOutcomeKind::kDenied})),
            R"({"region":null,"outcome":"denied"})");
  EXPECT_EQ(Canon(*ScrapeIdsFilter({"$where", "a"})), R"({"scrape_id":{"$in":["$where","a"]}})");
}

TEST(MongoQueries, OrdersPagingAndPipelines) {
  EXPECT_EQ(Canon(*ResourceFindOptions(5, 10)),
            R"({"sort":{"scrape_timestamp":{"$numberInt":"-1"},"scrape_id":{"$numberInt":"1"},)"
            R"("service":{"$numberInt":"1"},"region":{"$numberInt":"1"},"operation":)"
            R"({"$numberInt":"1"},"page":{"$numberInt":"1"}},"skip":)" +
                Long(10) + R"(,"limit":)" + Long(5) + R"(,"allowDiskUse":true})");
  EXPECT_EQ(Canon(*ScrapeFindOptions(0, 0)),
            R"({"sort":{"start_time":{"$numberInt":"-1"},"scrape_id":{"$numberInt":"-1"}}})");
  EXPECT_EQ(Canon(*LogFindOptions(1)),
            R"({"sort":{"timestamp":{"$numberInt":"1"},"_id":{"$numberInt":"1"}},"limit":)" +
                Long(1) + "}");
  // Every constant query parses (an empty document would mean a typo in its JSON).
  EXPECT_NE(Canon(*CompareFindOptions()), "{}");
  EXPECT_NE(Canon(*OutcomeFindOptions()), "{}");
  EXPECT_NE(
      Canon(*GroupStatsPipeline(GroupBy::kRegion)).find(R"({"$ifNull":["$region","global"]})"),
      std::string::npos);
  EXPECT_NE(Canon(*GroupStatsPipeline(GroupBy::kService)).find(R"("k":"$service")"),
            std::string::npos);
  EXPECT_NE(
      Canon(*DistinctValuesPipeline("region")).find(R"({"$match":{"region":{"$type":"string"}}})"),
      std::string::npos);
  std::string per_day = Canon(*ScrapesPerDayPipeline(At(1754697600), At(1754784000)));
  EXPECT_NE(per_day.find(R"("$gte":)" + Date(1754697600000)), std::string::npos) << per_day;
  EXPECT_NE(per_day.find(R"("$lt":)" + Date(1754784000000)), std::string::npos) << per_day;
  EXPECT_NE(per_day.find(R"("format":"%Y-%m-%d")"), std::string::npos);
  EXPECT_NE(Canon(*DocumentsPerDayPipeline(At(0), At(1))).find(R"("items":{"$sum":"$item_count"})"),
            std::string::npos);
  std::string hashes = Canon(*ReferencedBodiesPipeline({std::string(32, 'a')}));
  EXPECT_NE(hashes.find(R"({"$match":{"response_hash":{"$in":[{"$binary":)"), std::string::npos)
      << hashes;
  EXPECT_EQ(Canon(*OrphanLogsFilter(At(5))),
            R"({"scrape_id":null,"timestamp":{"$lt":)" + Date(5000) + "}}");
  EXPECT_EQ(Canon(*CreatedBeforeFilter(At(5))), R"({"created_at":{"$lt":)" + Date(5000) + "}}");
}

// The canonical form of index `name` on `collection`, or "" when there is none.
std::string FindIndex(const std::vector<IndexSpec>& specs, const std::string& collection,
                      const std::string& name) {
  for (const auto& spec : specs) {
    if (spec.collection == collection && spec.name == name) return Canon(*IndexToBson(spec));
  }
  return "";
}

TEST(MongoIndexes, EveryIndexOfTheSeedWithItsKeysAndUniqueness) {
  auto specs = StoreIndexes();
  auto key = [](std::initializer_list<std::pair<const char*, int>> fields) {
    std::string out = "{";
    for (const auto& [field, dir] : fields) {
      if (out.size() > 1) out += ',';
      out += std::string("\"") + field + R"(":{"$numberInt":")" + std::to_string(dir) + "\"}";
    }
    return out + "}";
  };
  // scrapes (seed: Database Indexing Strategy).
  EXPECT_EQ(FindIndex(specs, "scrapes", "scrape_id_1"),
            R"({"key":)" + key({{"scrape_id", 1}}) + R"(,"name":"scrape_id_1","unique":true})");
  EXPECT_EQ(FindIndex(specs, "scrapes", "start_time_-1"),
            R"({"key":)" + key({{"start_time", -1}}) + R"(,"name":"start_time_-1"})");
  EXPECT_EQ(FindIndex(specs, "scrapes", "success_1"),
            R"({"key":)" + key({{"success", 1}}) + R"(,"name":"success_1"})");
  EXPECT_EQ(FindIndex(specs, "scrapes", "services_1_regions_1"),
            R"({"key":)" + key({{"services", 1}, {"regions", 1}}) +
                R"(,"name":"services_1_regions_1","partialFilterExpression":)"
                R"({"services":{"$type":"string"}}})");
  EXPECT_NE(FindIndex(specs, "scrapes", "services_1"), "");
  EXPECT_EQ(FindIndex(specs, "scrapes", "success_1_start_time_-1"),
            R"({"key":)" + key({{"success", 1}, {"start_time", -1}}) +
                R"(,"name":"success_1_start_time_-1"})");
  // aws_resources: the unique key (with page), compare, scrape, service, time, filename.
  EXPECT_EQ(
      FindIndex(specs, "aws_resources", "scrape_id_1_service_1_region_1_operation_1_page_1"),
      R"({"key":)" +
          key({{"scrape_id", 1}, {"service", 1}, {"region", 1}, {"operation", 1}, {"page", 1}}) +
          R"(,"name":"scrape_id_1_service_1_region_1_operation_1_page_1","unique":true})");
  EXPECT_EQ(FindIndex(specs, "aws_resources", "service_1_region_1_operation_1_scrape_timestamp_-1"),
            R"({"key":)" +
                key({{"service", 1}, {"region", 1}, {"operation", 1}, {"scrape_timestamp", -1}}) +
                R"(,"name":"service_1_region_1_operation_1_scrape_timestamp_-1"})");
  EXPECT_NE(FindIndex(specs, "aws_resources", "scrape_id_1"), "");
  EXPECT_EQ(
      FindIndex(specs, "aws_resources", "service_1_region_1"),
      R"({"key":)" + key({{"service", 1}, {"region", 1}}) + R"(,"name":"service_1_region_1"})");
  EXPECT_NE(FindIndex(specs, "aws_resources", "scrape_timestamp_-1"), "");
  EXPECT_NE(FindIndex(specs, "aws_resources", "source_filename_1"), "");
  EXPECT_NE(FindIndex(specs, "call_outcomes", "scrape_id_1_service_1_region_1_operation_1")
                .find(R"("unique":true)"),
            std::string::npos);
  // No TTL without a retention; names are unique per collection.
  std::set<std::string> names;
  for (const auto& spec : specs) {
    EXPECT_FALSE(spec.expire_after_seconds) << spec.name;
    EXPECT_TRUE(names.insert(spec.collection + "." + spec.name).second) << spec.name;
  }

  BsonPtr command = CreateIndexesCommand("logs", specs);
  std::string text = Canon(*command);
  EXPECT_EQ(text.rfind(R"({"createIndexes":"logs","indexes":[)", 0), 0u) << text;
  EXPECT_NE(text.find("timestamp_1__id_1"), std::string::npos);
  EXPECT_EQ(text.find("scrape_id_1_service_1"), std::string::npos);  // other collections' indexes
}

TEST(MongoIndexes, RetentionAddsTheSeedsTtlIndexes) {
  auto ttl = TtlIndexes(30 * 86400);
  EXPECT_EQ(FindIndex(ttl, "scrapes", "created_at_ttl"),
            R"({"key":{"created_at":{"$numberInt":"1"}},"name":"created_at_ttl",)"
            R"("expireAfterSeconds":)" +
                Long(2592000) + "}");
  EXPECT_EQ(FindIndex(ttl, "aws_resources", "created_at_ttl"),
            R"({"key":{"created_at":{"$numberInt":"1"}},"name":"created_at_ttl",)"
            R"("expireAfterSeconds":)" +
                Long(2592000) + "}");
  EXPECT_NE(FindIndex(ttl, "call_outcomes", "recorded_at_ttl"), "");
  EXPECT_NE(FindIndex(ttl, "logs", "timestamp_ttl"), "");
  EXPECT_NE(FindIndex(ttl, "response_bodies", "last_created_at_ttl"), "");
  // A TTL key never collides with a non-TTL index of the same key (MongoDB refuses two).
  auto all = StoreIndexes();
  for (const auto& t : ttl) {
    for (const auto& s : all) {
      if (s.collection == t.collection) {
        EXPECT_NE(Canon(*s.keys), Canon(*t.keys)) << s.name;
      }
    }
  }
  EXPECT_EQ(Canon(*ChangeTtlCommand(ttl[0])),
            R"({"collMod":"scrapes","index":{"name":"created_at_ttl","expireAfterSeconds":)" +
                Long(2592000) + "}}");
}

}  // namespace
}  // namespace awscrape::store::mongo
