#include "awscrape/store/mongo/mongo_indexes.h"

#include <initializer_list>
#include <utility>

#include "awscrape/store/mongo/mongo_documents.h"

namespace awscrape::store::mongo {
namespace {

using Key = std::pair<const char*, int>;  // field, 1 or -1

IndexSpec Index(const char* collection, const char* name, std::initializer_list<Key> keys,
                bool unique = false) {
  IndexSpec spec;
  spec.collection = collection;
  spec.name = name;
  spec.keys = NewBson();
  for (const auto& [field, direction] : keys) {
    bson_append_int32(spec.keys.get(), field, -1, direction);
  }
  spec.unique = unique;
  return spec;
}

IndexSpec Ttl(const char* collection, const char* field, int64_t seconds) {
  IndexSpec spec = Index(collection, (std::string(field) + "_ttl").c_str(), {{field, 1}});
  spec.expire_after_seconds = seconds;
  return spec;
}

}  // namespace

std::vector<IndexSpec> StoreIndexes() {
  std::vector<IndexSpec> out;
  // scrapes (the seed's five).
  out.push_back(Index(kScrapesCollection, "scrape_id_1", {{"scrape_id", 1}}, true));
  out.push_back(Index(kScrapesCollection, "start_time_-1", {{"start_time", -1}}));
  out.push_back(Index(kScrapesCollection, "success_1", {{"success", 1}}));
  IndexSpec services_regions =
      Index(kScrapesCollection, "services_1_regions_1", {{"services", 1}, {"regions", 1}});
  services_regions.partial_filter = NewBson();
  bson_t type;
  BSON_APPEND_DOCUMENT_BEGIN(services_regions.partial_filter.get(), "services", &type);
  BSON_APPEND_UTF8(&type, "$type", "string");
  bson_append_document_end(services_regions.partial_filter.get(), &type);
  out.push_back(std::move(services_regions));
  out.push_back(Index(kScrapesCollection, "services_1", {{"services", 1}}));
  out.push_back(
      Index(kScrapesCollection, "success_1_start_time_-1", {{"success", 1}, {"start_time", -1}}));

  // aws_resources (the seed's six, the unique key with page).
  out.push_back(Index(
      kResourcesCollection, "scrape_id_1_service_1_region_1_operation_1_page_1",
      {{"scrape_id", 1}, {"service", 1}, {"region", 1}, {"operation", 1}, {"page", 1}}, true));
  out.push_back(Index(kResourcesCollection, "service_1_region_1_operation_1_scrape_timestamp_-1",
                      {{"service", 1}, {"region", 1}, {"operation", 1}, {"scrape_timestamp", -1}}));
  out.push_back(Index(kResourcesCollection, "scrape_id_1", {{"scrape_id", 1}}));
  out.push_back(Index(kResourcesCollection, "service_1_region_1", {{"service", 1}, {"region", 1}}));
  out.push_back(Index(kResourcesCollection, "scrape_timestamp_-1", {{"scrape_timestamp", -1}}));
  out.push_back(Index(kResourcesCollection, "source_filename_1", {{"source_filename", 1}}));
  // Which documents reference a body: the body collector's question.
  out.push_back(Index(kResourcesCollection, "response_hash_1", {{"response_hash", 1}}));

  // logs: per scrape, and the oldest-first order of QueryLogs.
  out.push_back(Index(kLogsCollection, "scrape_id_1", {{"scrape_id", 1}}));
  out.push_back(Index(kLogsCollection, "timestamp_1__id_1", {{"timestamp", 1}, {"_id", 1}}));

  // call_outcomes: one entry per call.
  out.push_back(Index(kOutcomesCollection, "scrape_id_1_service_1_region_1_operation_1",
                      {{"scrape_id", 1}, {"service", 1}, {"region", 1}, {"operation", 1}}, true));
  out.push_back(Index(kOutcomesCollection, "outcome_1", {{"outcome", 1}}));

  // response_bodies: the body collector finds the ones last used before a time.
  out.push_back(Index(kBodiesCollection, "used_at_1", {{"used_at", 1}}));
  return out;
}

std::vector<IndexSpec> TtlIndexes(int64_t seconds) {
  std::vector<IndexSpec> out;
  out.push_back(Ttl(kScrapesCollection, "created_at", seconds));
  out.push_back(Ttl(kResourcesCollection, "created_at", seconds));
  out.push_back(Ttl(kOutcomesCollection, "recorded_at", seconds));
  out.push_back(Ttl(kLogsCollection, "timestamp", seconds));
  out.push_back(Ttl(kBodiesCollection, "last_created_at", seconds));
  return out;
}

BsonPtr IndexToBson(const IndexSpec& index) {
  BsonPtr doc = NewBson();
  BSON_APPEND_DOCUMENT(doc.get(), "key", index.keys.get());
  AppendUtf8(doc.get(), "name", index.name);
  if (index.unique) AppendBool(doc.get(), "unique", true);
  if (index.expire_after_seconds) {
    AppendInt64(doc.get(), "expireAfterSeconds", *index.expire_after_seconds);
  }
  if (index.partial_filter) {
    BSON_APPEND_DOCUMENT(doc.get(), "partialFilterExpression", index.partial_filter.get());
  }
  return doc;
}

BsonPtr CreateIndexesCommand(const std::string& collection, const std::vector<IndexSpec>& specs) {
  BsonPtr command = NewBson();
  AppendUtf8(command.get(), "createIndexes", collection);
  bson_t array;
  BSON_APPEND_ARRAY_BEGIN(command.get(), "indexes", &array);
  uint32_t i = 0;
  for (const auto& spec : specs) {
    if (spec.collection != collection) continue;
    char buffer[16];
    const char* key = nullptr;
    bson_uint32_to_string(i++, &key, buffer, sizeof buffer);
    BSON_APPEND_DOCUMENT(&array, key, IndexToBson(spec).get());
  }
  bson_append_array_end(command.get(), &array);
  return command;
}

BsonPtr ChangeTtlCommand(const IndexSpec& ttl_index) {
  BsonPtr command = NewBson();
  AppendUtf8(command.get(), "collMod", ttl_index.collection);
  bson_t index;
  BSON_APPEND_DOCUMENT_BEGIN(command.get(), "index", &index);
  AppendUtf8(&index, "name", ttl_index.name);
  AppendInt64(&index, "expireAfterSeconds", ttl_index.expire_after_seconds.value_or(0));
  bson_append_document_end(command.get(), &index);
  return command;
}

}  // namespace awscrape::store::mongo
