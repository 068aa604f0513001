#include "awscrape/store/mongo/mongo_queries.h"

#include <string>

#include "awscrape/store/mongo/mongo_documents.h"

namespace awscrape::store::mongo {
namespace {

void AddEquals(bson_t* filter, std::string_view field, const std::optional<std::string>& value) {
  if (value) AppendUtf8(filter, field, *value);
}

// Constant query shapes are written as JSON for readability; only numbers we format ourselves
// are ever spliced into them, never a caller's value.
BsonPtr FromJson(const std::string& json) {
  bson_error_t error;
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                   static_cast<ssize_t>(json.size()), &error);
  // The texts are constants of this file; a typo is a programming error the unit tests catch.
  return doc ? BsonPtr(doc) : NewBson();
}

std::string Date(Timestamp t) {
  return "{\"$date\":{\"$numberLong\":\"" + std::to_string(ToMillis(t)) + "\"}}";
}

void AppendPaging(bson_t* options, int64_t limit, int64_t offset) {
  if (offset > 0) AppendInt64(options, "skip", offset);
  if (limit > 0) AppendInt64(options, "limit", limit);
}

void AppendInBinaries(bson_t* filter, const char* field, const std::vector<std::string>& values) {
  bson_t condition, array;
  BSON_APPEND_DOCUMENT_BEGIN(filter, field, &condition);
  BSON_APPEND_ARRAY_BEGIN(&condition, "$in", &array);
  uint32_t index = 0;
  for (const auto& value : values) {
    char buffer[16];
    const char* key = nullptr;
    bson_uint32_to_string(index++, &key, buffer, sizeof buffer);
    AppendBinary(&array, key, value);
  }
  bson_append_array_end(&condition, &array);
  bson_append_document_end(filter, &condition);
}

// {field: {$lt: t}}
void AppendBefore(bson_t* filter, const char* field, Timestamp t) {
  bson_t condition;
  BSON_APPEND_DOCUMENT_BEGIN(filter, field, &condition);
  BSON_APPEND_DATE_TIME(&condition, "$lt", ToMillis(t));
  bson_append_document_end(filter, &condition);
}

}  // namespace

BsonPtr ResourceFilterToBson(const ResourceFilter& f) {
  BsonPtr filter = NewBson();
  AddEquals(filter.get(), "scrape_id", f.scrape_id);
  AddEquals(filter.get(), "service", f.service);
  if (f.region) AppendRegion(filter.get(), f.region);
  AddEquals(filter.get(), "operation", f.operation);
  return filter;
}

BsonPtr CompareFilterToBson(const CompareQuery& q) {
  BsonPtr filter = NewBson();
  AppendUtf8(filter.get(), "service", q.service);
  AppendRegion(filter.get(), q.region);
  AppendUtf8(filter.get(), "operation", q.operation);
  return filter;
}

BsonPtr ScrapeFilterToBson(const ScrapeFilter& f) {
  BsonPtr filter = NewBson();
  if (f.success) AppendBool(filter.get(), "success", *f.success);
  return filter;
}

BsonPtr LogFilterToBson(const LogFilter& f) {
  BsonPtr filter = NewBson();
  AddEquals(filter.get(), "scrape_id", f.scrape_id);
  AddEquals(filter.get(), "level", f.level);
  AddEquals(filter.get(), "component", f.component);
  return filter;
}

BsonPtr OutcomeFilterToBson(const OutcomeFilter& f) {
  BsonPtr filter = NewBson();
  AddEquals(filter.get(), "scrape_id", f.scrape_id);
  AddEquals(filter.get(), "service", f.service);
  if (f.region) AppendRegion(filter.get(), f.region);
  AddEquals(filter.get(), "operation", f.operation);
  if (f.outcome) AppendUtf8(filter.get(), "outcome", CallOutcomeName(*f.outcome));
  return filter;
}

BsonPtr ResourceFindOptions(int64_t limit, int64_t offset) {
  BsonPtr options = FromJson(
      R"({"sort":{"scrape_timestamp":-1,"scrape_id":1,"service":1,"region":1,"operation":1,)"
      R"("page":1}})");
  AppendPaging(options.get(), limit, offset);
  // Whole-collection queries sort more than the server's 100 MB in-memory limit (MongoDB 4.4+).
  AppendBool(options.get(), "allowDiskUse", true);
  return options;
}

BsonPtr CompareFindOptions() {
  return FromJson(R"({"sort":{"scrape_timestamp":-1,"scrape_id":-1,"page":1}})");
}

BsonPtr ScrapeFindOptions(int64_t limit, int64_t offset) {
  BsonPtr options = FromJson(R"({"sort":{"start_time":-1,"scrape_id":-1}})");
  AppendPaging(options.get(), limit, offset);
  return options;
}

BsonPtr LogFindOptions(int64_t limit) {
  BsonPtr options = FromJson(R"({"sort":{"timestamp":1,"_id":1}})");
  AppendPaging(options.get(), limit, 0);
  return options;
}

BsonPtr OutcomeFindOptions() {
  return FromJson(R"({"sort":{"scrape_id":1,"service":1,"region":1,"operation":1}})");
}

BsonPtr ScrapeIdsFilter(const std::vector<std::string>& scrape_ids) {
  BsonPtr filter = NewBson();
  bson_t condition, array;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "scrape_id", &condition);
  BSON_APPEND_ARRAY_BEGIN(&condition, "$in", &array);
  uint32_t index = 0;
  for (const auto& id : scrape_ids) {
    char buffer[16];
    const char* key = nullptr;
    bson_uint32_to_string(index++, &key, buffer, sizeof buffer);
    AppendUtf8(&array, key, id);
  }
  bson_append_array_end(&condition, &array);
  bson_append_document_end(filter.get(), &condition);
  return filter;
}

BsonPtr BodyIdsFilter(const std::vector<std::string>& hashes) {
  BsonPtr filter = NewBson();
  AppendInBinaries(filter.get(), "_id", hashes);
  return filter;
}

BsonPtr HashesPipeline(const bson_t& filter) {
  BsonPtr pipeline = NewBson();
  bson_t array, stage;
  BSON_APPEND_ARRAY_BEGIN(pipeline.get(), "pipeline", &array);
  BSON_APPEND_DOCUMENT_BEGIN(&array, "0", &stage);
  BSON_APPEND_DOCUMENT(&stage, "$match", &filter);
  bson_append_document_end(&array, &stage);
  BSON_APPEND_DOCUMENT(&array, "1", FromJson(R"({"$group":{"_id":"$response_hash"}})").get());
  bson_append_array_end(pipeline.get(), &array);
  return pipeline;
}

BsonPtr ReferencedBodiesPipeline(const std::vector<std::string>& hashes) {
  BsonPtr match = NewBson();
  AppendInBinaries(match.get(), "response_hash", hashes);
  return HashesPipeline(*match);
}

BsonPtr StaleBodiesFilter(const std::vector<std::string>& hashes, Timestamp threshold) {
  BsonPtr filter = NewBson();
  if (!hashes.empty()) AppendInBinaries(filter.get(), "_id", hashes);
  AppendBefore(filter.get(), "used_at", threshold);
  return filter;
}

BsonPtr CreatedBeforeFilter(Timestamp cutoff) {
  BsonPtr filter = NewBson();
  AppendBefore(filter.get(), "created_at", cutoff);
  return filter;
}

BsonPtr OrphanLogsFilter(Timestamp cutoff) {
  BsonPtr filter = NewBson();
  AppendNull(filter.get(), "scrape_id");
  AppendBefore(filter.get(), "timestamp", cutoff);
  return filter;
}

BsonPtr GroupStatsPipeline(GroupBy by) {
  std::string key =
      by == GroupBy::kService ? R"("$service")" : R"({"$ifNull":["$region","global"]})";
  // Two stages: per (group, scrape) first, so distinct scrapes are counted without holding
  // every scrape id of a group in one document.
  return FromJson(R"({"pipeline":[{"$group":{"_id":{"k":)" + key +
                  R"(,"s":"$scrape_id"},"documents":{"$sum":1},"items":{"$sum":"$item_count"}}},)"
                  R"({"$group":{"_id":"$_id.k","documents":{"$sum":"$documents"},)"
                  R"("items":{"$sum":"$items"},"scrapes":{"$sum":1}}},)"
                  R"({"$sort":{"documents":-1,"_id":1}}]})");
}

BsonPtr DistinctValuesPipeline(const char* field) {
  std::string name(field);
  return FromJson(R"({"pipeline":[{"$match":{")" + name + R"(":{"$type":"string"}}},)" +
                  R"({"$group":{"_id":"$)" + name + R"("}},{"$sort":{"_id":1}}]})");
}

BsonPtr ScrapesPerDayPipeline(Timestamp from, Timestamp to) {
  return FromJson(R"({"pipeline":[{"$match":{"start_time":{"$gte":)" + Date(from) + R"(,"$lt":)" +
                  Date(to) +
                  R"(}}},{"$group":{"_id":{"$dateToString":{"format":"%Y-%m-%d",)"
                  R"("date":"$start_time"}},"scrapes":{"$sum":1},"successful":{"$sum":)"
                  R"({"$cond":[{"$eq":["$success",true]},1,0]}}}}]})");
}

BsonPtr DocumentsPerDayPipeline(Timestamp from, Timestamp to) {
  return FromJson(R"({"pipeline":[{"$match":{"scrape_timestamp":{"$gte":)" + Date(from) +
                  R"(,"$lt":)" + Date(to) +
                  R"(}}},{"$group":{"_id":{"$dateToString":{"format":"%Y-%m-%d",)"
                  R"("date":"$scrape_timestamp"}},"documents":{"$sum":1},)"
                  R"("items":{"$sum":"$item_count"}}}]})");
}

}  // namespace awscrape::store::mongo
