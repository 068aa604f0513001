#include "awscrape/store/mongo/mongo_store.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "awscrape/core/encoding.h"
#include "awscrape/store/mongo/mongo_documents.h"
#include "awscrape/store/mongo/mongo_indexes.h"
#include "awscrape/store/mongo/mongo_queries.h"
#include "awscrape/store/response_body.h"

namespace awscrape::store {

using mongo::BsonPtr;
using mongo::MongoOps;
using mongo::PooledClient;

namespace {

constexpr int kTransactionAttempts = 5;
constexpr size_t kInChunk = 1000;  // values per $in
constexpr int64_t kMillisPerDay = 86'400'000;
constexpr uint32_t kIndexNotFound = 27;
constexpr uint32_t kIndexOptionsConflict = 85;
constexpr uint32_t kIndexKeySpecsConflict = 86;

const char* const kCollections[] = {mongo::kScrapesCollection, mongo::kResourcesCollection,
                                    mongo::kLogsCollection, mongo::kOutcomesCollection,
                                    mongo::kBodiesCollection};

BsonPtr Single(const char* key, int32_t value) {
  BsonPtr doc = mongo::NewBson();
  bson_append_int32(doc.get(), key, -1, value);
  return doc;
}

// The server's clock (hello's localTime), which $currentDate also reads: the body collector
// compares the two, so this host's clock does not matter.
Result<Timestamp> ServerTime(MongoOps& ops) {
  auto reply = ops.AdminCommand(*Single("hello", 1));
  if (!reply.ok()) reply = ops.AdminCommand(*Single("isMaster", 1));  // servers before 4.4.2
  if (!reply.ok()) return reply.status();
  bson_iter_t it;
  if (!bson_iter_init_find(&it, reply->get(), "localTime") || !BSON_ITER_HOLDS_DATE_TIME(&it)) {
    return Internal("the server's hello reply has no localTime");
  }
  return mongo::FromMillis(bson_iter_date_time(&it));
}

std::vector<std::vector<std::string>> Chunks(const std::vector<std::string>& values) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < values.size(); i += kInChunk) {
    out.emplace_back(values.begin() + i, values.begin() + std::min(values.size(), i + kInChunk));
  }
  return out;
}

std::string BinaryId(const bson_t& doc) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, "_id") || !BSON_ITER_HOLDS_BINARY(&it)) return {};
  bson_subtype_t subtype;
  uint32_t length = 0;
  const uint8_t* bytes = nullptr;
  bson_iter_binary(&it, &subtype, &length, &bytes);
  return std::string(reinterpret_cast<const char*>(bytes), length);
}

std::string StringId(const bson_t& doc, const char* key = "_id") {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, key) || !BSON_ITER_HOLDS_UTF8(&it)) return {};
  uint32_t length = 0;
  const char* text = bson_iter_utf8(&it, &length);
  return std::string(text, length);
}

// The distinct response hashes of the documents `filter` matches.
Result<std::vector<std::string>> HashesOf(MongoOps& ops, const bson_t& filter) {
  std::vector<std::string> hashes;
  AWSCRAPE_RETURN_IF_ERROR(ops.Aggregate(mongo::kResourcesCollection,
                                         *mongo::HashesPipeline(filter),
                                         [&](const MongoOps::Doc& d, bool&) {
                                           hashes.push_back(BinaryId(d.bson));
                                           return Status::Ok();
                                         }));
  return hashes;
}

Status Accumulate(Result<int64_t> deleted, int64_t& into) {
  if (!deleted.ok()) return deleted.status();
  into += *deleted;
  return Status::Ok();
}

}  // namespace

// --- opening ---------------------------------------------------------------------------------

Result<std::unique_ptr<MongoStore>> MongoStore::Open(const MongoStoreOptions& options) {
  if (options.database.empty()) return InvalidArgument("a MongoDB store needs a database name");
  if (options.retention_days && *options.retention_days < 0) {
    return InvalidArgument("retention days must be >= 0");
  }
  AWSCRAPE_ASSIGN_OR_RETURN(auto pool, mongo::MongoPool::Create(options.uri, options.database,
                                                                options.default_timeout_ms));
  bool transactions = false;
  {
    PooledClient client(*pool);
    bson_error_t error;
    mongoc_server_description_t* server =
        mongoc_client_select_server(client.get(), /*for_writes=*/true, nullptr, &error);
    if (!server) return mongo::MongoStatus(error, nullptr, pool->describe());
    std::string type = mongoc_server_description_type(server);
    int64_t wire =
        mongo::ReplyInt(*mongoc_server_description_hello_response(server), "maxWireVersion");
    mongoc_server_description_destroy(server);
    // Transactions: replica sets from MongoDB 4.0 (wire 7), sharded clusters from 4.2 (wire 8).
    transactions = (type == "RSPrimary" && wire >= 7) || (type == "Mongos" && wire >= 8);

    MongoOps ops(client, nullptr);
    std::vector<mongo::IndexSpec> indexes = mongo::StoreIndexes();
    for (const char* collection : kCollections) {
      // Creates the collection too: transactions before MongoDB 4.4 cannot.
      AWSCRAPE_RETURN_IF_ERROR(
          ops.Command(*mongo::CreateIndexesCommand(collection, indexes), true).status());
    }
    if (options.retention_days) {
      for (const auto& ttl :
           mongo::TtlIndexes(std::max<int64_t>(*options.retention_days, 1) * 86400)) {
        if (*options.retention_days == 0) {
          BsonPtr drop = mongo::NewBson();
          mongo::AppendUtf8(drop.get(), "dropIndexes", ttl.collection);
          mongo::AppendUtf8(drop.get(), "index", ttl.name);
          auto dropped = ops.Command(*drop, true);
          // IndexNotFound: there was none.
          if (!dropped.ok() && ops.last_error_code() != kIndexNotFound) return dropped.status();
          continue;
        }
        std::vector<mongo::IndexSpec> one;
        one.push_back(mongo::IndexSpec{ttl.collection, ttl.name, mongo::CopyBson(*ttl.keys), false,
                                       ttl.expire_after_seconds, BsonPtr()});
        auto created = ops.Command(*mongo::CreateIndexesCommand(ttl.collection, one), true);
        if (created.ok()) continue;
        // The index exists with another age: change it in place.
        if (ops.last_error_code() != kIndexOptionsConflict &&
            ops.last_error_code() != kIndexKeySpecsConflict) {
          return created.status();
        }
        AWSCRAPE_RETURN_IF_ERROR(ops.Command(*mongo::ChangeTtlCommand(ttl), true).status());
      }
    }
  }
  return std::unique_ptr<MongoStore>(new MongoStore(std::move(pool), transactions));
}

Status MongoStore::Atomically(const std::function<Status(MongoOps&)>& fn) {
  PooledClient client(*pool_);
  if (!transactions_) {
    MongoOps ops(client, nullptr);
    return fn(ops);
  }
  bson_error_t error;
  mongoc_client_session_t* session = mongoc_client_start_session(client.get(), nullptr, &error);
  if (!session) return mongo::MongoStatus(error, nullptr, pool_->describe() + " session");
  Status status;
  for (int attempt = 0; attempt < kTransactionAttempts; ++attempt) {
    if (!mongoc_client_session_start_transaction(session, nullptr, &error)) {
      status = mongo::MongoStatus(error, nullptr, pool_->describe() + " transaction");
      break;
    }
    MongoOps ops(client, session);
    status = fn(ops);
    if (!status.ok()) {
      bson_error_t ignored;
      mongoc_client_session_abort_transaction(session, &ignored);
      if (ops.transient()) continue;
      break;
    }
    bool retry_transaction = false;
    for (int commit = 0; commit < kTransactionAttempts; ++commit) {
      bson_t reply;
      bool committed = mongoc_client_session_commit_transaction(session, &reply, &error);
      bool unknown = !committed && mongoc_error_has_label(&reply, "UnknownTransactionCommitResult");
      retry_transaction = !committed && mongoc_error_has_label(&reply, "TransientTransactionError");
      status = committed ? Status::Ok()
                         : mongo::MongoStatus(error, &reply, pool_->describe() + " commit");
      bson_destroy(&reply);
      if (!unknown) break;
    }
    if (!retry_transaction) break;
  }
  mongoc_client_session_destroy(session);
  return status;
}

// --- scrapes ---------------------------------------------------------------------------------

Status MongoStore::SaveScrape(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  return ops.ReplaceOne(mongo::kScrapesCollection, *mongo::ScrapeKey(scrape.scrape_id),
                        *mongo::ScrapeToBson(scrape));
}

Result<bool> MongoStore::CreateScrapeIfAbsent(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  return ops.InsertIfAbsent(mongo::kScrapesCollection, *mongo::ScrapeKey(scrape.scrape_id),
                            *mongo::ScrapeToBson(scrape));
}

Result<ScrapeRecord> MongoStore::GetScrape(std::string_view scrape_id) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  std::optional<Result<ScrapeRecord>> found;
  AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kScrapesCollection, *mongo::ScrapeKey(scrape_id),
                                    nullptr, [&](const MongoOps::Doc& d, bool& stop) {
                                      found = mongo::ScrapeFromBson(d.bson);
                                      stop = true;
                                      return Status::Ok();
                                    }));
  if (!found) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  return std::move(*found);
}

Result<ScrapePage> MongoStore::ListScrapes(const ScrapeFilter& filter) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  BsonPtr query = mongo::ScrapeFilterToBson(filter);
  ScrapePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(page.total, ops.Count(mongo::kScrapesCollection, *query));
  AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kScrapesCollection, *query,
                                    mongo::ScrapeFindOptions(filter.limit, filter.offset).get(),
                                    [&](const MongoOps::Doc& d, bool&) -> Status {
                                      AWSCRAPE_ASSIGN_OR_RETURN(ScrapeRecord s,
                                                                mongo::ScrapeFromBson(d.bson));
                                      page.scrapes.push_back(std::move(s));
                                      return Status::Ok();
                                    }));
  return page;
}

Result<DeleteCounts> MongoStore::DeleteScrapes(const std::vector<std::string>& scrape_ids,
                                               std::optional<Timestamp> orphan_logs_before) {
  DeleteCounts counts;
  std::vector<std::string> hashes;
  AWSCRAPE_RETURN_IF_ERROR(Atomically([&](MongoOps& ops) -> Status {
    counts = DeleteCounts{};
    hashes.clear();
    for (const auto& chunk : Chunks(scrape_ids)) {
      BsonPtr filter = mongo::ScrapeIdsFilter(chunk);
      AWSCRAPE_ASSIGN_OR_RETURN(std::vector<std::string> some, HashesOf(ops, *filter));
      hashes.insert(hashes.end(), some.begin(), some.end());
      AWSCRAPE_RETURN_IF_ERROR(
          Accumulate(ops.DeleteMany(mongo::kResourcesCollection, *filter), counts.documents));
      AWSCRAPE_RETURN_IF_ERROR(
          Accumulate(ops.DeleteMany(mongo::kOutcomesCollection, *filter), counts.outcomes));
      AWSCRAPE_RETURN_IF_ERROR(
          Accumulate(ops.DeleteMany(mongo::kLogsCollection, *filter), counts.logs));
      AWSCRAPE_RETURN_IF_ERROR(
          Accumulate(ops.DeleteMany(mongo::kScrapesCollection, *filter), counts.scrapes));
    }
    if (orphan_logs_before) {
      AWSCRAPE_RETURN_IF_ERROR(Accumulate(
          ops.DeleteMany(mongo::kLogsCollection, *mongo::OrphanLogsFilter(*orphan_logs_before)),
          counts.logs));
    }
    return Status::Ok();
  }));
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  AWSCRAPE_RETURN_IF_ERROR(
      CollectBodies(ops, std::move(hashes), /*sweep=*/orphan_logs_before.has_value()));
  return counts;
}

Result<DeleteCounts> MongoStore::DeleteScrape(std::string_view scrape_id) {
  AWSCRAPE_ASSIGN_OR_RETURN(DeleteCounts counts,
                            DeleteScrapes({std::string(scrape_id)}, std::nullopt));
  if (counts == DeleteCounts{}) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  return counts;
}

// --- aws_resources ---------------------------------------------------------------------------

Result<SaveResult> MongoStore::SaveSplit(std::span<const ResponseDocument> documents,
                                         std::span<const SplitResponseBody> splits) {
  std::vector<mongo::MappedResponse> mapped;
  mapped.reserve(documents.size());
  for (size_t i = 0; i < documents.size(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(mongo::MappedResponse m,
                              mongo::MapResponseDocument(documents[i], splits[i]));
    mapped.push_back(std::move(m));
  }
  if (documents.empty()) return SaveResult{};
  // One upsert per distinct body, carrying the newest created_at of the documents using it.
  std::map<std::string, size_t> body_of;  // hash -> first document index
  std::map<std::string, Timestamp> newest;
  for (size_t i = 0; i < mapped.size(); ++i) {
    body_of.emplace(mapped[i].hash, i);
    Timestamp& t = newest.emplace(mapped[i].hash, documents[i].created_at).first->second;
    if (mongo::ToMillis(documents[i].created_at) > mongo::ToMillis(t)) t = documents[i].created_at;
  }
  std::vector<BsonPtr> body_keys, body_updates;
  for (const auto& [hash, index] : body_of) {
    body_keys.push_back(mongo::BodyKey(hash));
    body_updates.push_back(mongo::BodyUpsert(mapped[index], newest[hash]));
  }
  std::vector<BsonPtr> doc_updates;
  for (const auto& m : mapped) {
    BsonPtr update = mongo::NewBson();
    BSON_APPEND_DOCUMENT(update.get(), "$setOnInsert", m.fields.get());
    doc_updates.push_back(std::move(update));
  }
  std::vector<mongo::UpsertOp> body_ops, doc_ops;
  for (size_t i = 0; i < body_keys.size(); ++i) {
    body_ops.push_back({body_keys[i].get(), body_updates[i].get()});
  }
  for (size_t i = 0; i < mapped.size(); ++i) {
    doc_ops.push_back({mapped[i].key.get(), doc_updates[i].get()});
  }

  SaveResult result;
  AWSCRAPE_RETURN_IF_ERROR(Atomically([&](MongoOps& ops) -> Status {
    result = SaveResult{};
    AWSCRAPE_RETURN_IF_ERROR(ops.BulkUpsert(mongo::kBodiesCollection, body_ops).status());
    AWSCRAPE_ASSIGN_OR_RETURN(std::vector<bool> inserted,
                              ops.BulkUpsert(mongo::kResourcesCollection, doc_ops));
    struct Progress {
      int64_t documents = 0;
      int64_t items = 0;
      int64_t latest = 0;
    };
    std::map<std::string, Progress> per_scrape;
    for (size_t i = 0; i < documents.size(); ++i) {
      if (!inserted[i]) {
        ++result.unchanged;
        continue;
      }
      ++result.inserted;
      Progress& p = per_scrape[documents[i].scrape_id];
      ++p.documents;
      p.items += documents[i].item_count;
      p.latest = std::max(p.latest, mongo::ToMillis(documents[i].processed_at));
    }
    for (const auto& [scrape_id, p] : per_scrape) {
      BsonPtr update = mongo::NewBson();
      bson_t child;
      BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$inc", &child);
      mongo::AppendInt64(&child, "files_processed_to_mongo", p.documents);
      mongo::AppendInt64(&child, "total_resources_saved", p.items);
      bson_append_document_end(update.get(), &child);
      BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$max", &child);
      BSON_APPEND_DATE_TIME(&child, "updated_at", p.latest);
      bson_append_document_end(update.get(), &child);
      // An update, not an upsert: documents of a scrape not saved (yet) create no scrape.
      AWSCRAPE_RETURN_IF_ERROR(
          ops.UpdateOne(mongo::kScrapesCollection, *mongo::ScrapeKey(scrape_id), *update));
    }
    return Status::Ok();
  }));
  return result;
}

Result<std::vector<ResponseDocument>> MongoStore::ReadDocuments(MongoOps& ops,
                                                                std::vector<BsonPtr> stored) {
  std::vector<std::string> hashes;
  std::vector<std::string> doc_hashes;
  for (const auto& doc : stored) {
    AWSCRAPE_ASSIGN_OR_RETURN(std::string hash, mongo::StoredResponseHash(*doc));
    doc_hashes.push_back(hash);
    hashes.push_back(std::move(hash));
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::map<std::string, std::string> bodies;
  for (const auto& chunk : Chunks(hashes)) {
    AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kBodiesCollection, *mongo::BodyIdsFilter(chunk),
                                      nullptr, [&](const MongoOps::Doc& d, bool&) -> Status {
                                        AWSCRAPE_ASSIGN_OR_RETURN(std::string body,
                                                                  mongo::StoredBodyJson(d.bson));
                                        bodies.emplace(BinaryId(d.bson), std::move(body));
                                        return Status::Ok();
                                      }));
  }
  std::vector<ResponseDocument> out;
  out.reserve(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    auto body = bodies.find(doc_hashes[i]);
    if (body == bodies.end()) {
      // Only a deletion racing this read (retention, a concurrent delete) gets here.
      return Unavailable(pool_->describe() + ": response body " + HexEncode(doc_hashes[i]) +
                         " vanished while reading; retry");
    }
    AWSCRAPE_ASSIGN_OR_RETURN(ResponseDocument d,
                              mongo::ResponseDocumentFromBson(*stored[i], body->second));
    out.push_back(std::move(d));
  }
  return out;
}

Result<ResourcePage> MongoStore::QueryResources(const ResourceFilter& filter) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  BsonPtr query = mongo::ResourceFilterToBson(filter);
  ResourcePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(page.total, ops.Count(mongo::kResourcesCollection, *query));
  std::vector<BsonPtr> stored;
  AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kResourcesCollection, *query,
                                    mongo::ResourceFindOptions(filter.limit, filter.offset).get(),
                                    [&](const MongoOps::Doc& d, bool&) {
                                      stored.push_back(mongo::CopyBson(d.bson));
                                      return Status::Ok();
                                    }));
  AWSCRAPE_ASSIGN_OR_RETURN(page.documents, ReadDocuments(ops, std::move(stored)));
  return page;
}

Result<int64_t> MongoStore::DeleteResources(const ResourceFilter& filter) {
  if (filter.Empty()) {
    return InvalidArgument(
        "refusing to delete every document: give scrape_id, service, region or operation");
  }
  BsonPtr query = mongo::ResourceFilterToBson(filter);
  int64_t deleted = 0;
  std::vector<std::string> hashes;
  AWSCRAPE_RETURN_IF_ERROR(Atomically([&](MongoOps& ops) -> Status {
    AWSCRAPE_ASSIGN_OR_RETURN(hashes, HashesOf(ops, *query));
    AWSCRAPE_ASSIGN_OR_RETURN(deleted, ops.DeleteMany(mongo::kResourcesCollection, *query));
    return Status::Ok();
  }));
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  AWSCRAPE_RETURN_IF_ERROR(CollectBodies(ops, std::move(hashes), /*sweep=*/false));
  return deleted;
}

Result<std::vector<ResponseDocument>> MongoStore::CompareResources(const CompareQuery& query) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  // Newest scrape first, its pages together: stop at the first page of scrape limit + 1.
  std::vector<BsonPtr> stored;
  std::string current;
  int64_t scrapes = 0;
  AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kResourcesCollection, *mongo::CompareFilterToBson(query),
                                    mongo::CompareFindOptions().get(),
                                    [&](const MongoOps::Doc& d, bool& stop) {
                                      std::string scrape_id = StringId(d.bson, "scrape_id");
                                      if (stored.empty() || scrape_id != current) {
                                        if (query.limit > 0 && scrapes == query.limit) {
                                          stop = true;
                                          return Status::Ok();
                                        }
                                        ++scrapes;
                                        current = scrape_id;
                                      }
                                      stored.push_back(mongo::CopyBson(d.bson));
                                      return Status::Ok();
                                    }));
  return ReadDocuments(ops, std::move(stored));
}

// --- aggregations ----------------------------------------------------------------------------

Result<Stats> MongoStore::GetStats() {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  Stats stats;
  BsonPtr all = mongo::NewBson();
  AWSCRAPE_ASSIGN_OR_RETURN(stats.total_scrapes, ops.Count(mongo::kScrapesCollection, *all));
  BsonPtr successful = mongo::ScrapeFilterToBson(ScrapeFilter{.success = true});
  AWSCRAPE_ASSIGN_OR_RETURN(stats.successful_scrapes,
                            ops.Count(mongo::kScrapesCollection, *successful));
  AWSCRAPE_ASSIGN_OR_RETURN(stats.total_resources, ops.Count(mongo::kResourcesCollection, *all));
  auto collect = [&](const char* field, std::vector<std::string>& into) {
    return ops.Aggregate(mongo::kResourcesCollection, *mongo::DistinctValuesPipeline(field),
                         [&](const MongoOps::Doc& d, bool&) {
                           into.push_back(StringId(d.bson));
                           return Status::Ok();
                         });
  };
  AWSCRAPE_RETURN_IF_ERROR(collect("service", stats.services_discovered));
  AWSCRAPE_RETURN_IF_ERROR(collect("region", stats.regions_scanned));
  AWSCRAPE_RETURN_IF_ERROR(
      ops.Find(mongo::kScrapesCollection, *all, mongo::ScrapeFindOptions(1, 0).get(),
               [&](const MongoOps::Doc& d, bool&) -> Status {
                 AWSCRAPE_ASSIGN_OR_RETURN(ScrapeRecord s, mongo::ScrapeFromBson(d.bson));
                 stats.last_scrape = s.start_time;
                 return Status::Ok();
               }));
  return stats;
}

namespace {

Result<std::vector<GroupStats>> Groups(MongoOps& ops, mongo::GroupBy by) {
  std::vector<GroupStats> out;
  AWSCRAPE_RETURN_IF_ERROR(ops.Aggregate(
      mongo::kResourcesCollection, *mongo::GroupStatsPipeline(by),
      [&](const MongoOps::Doc& d, bool&) {
        out.push_back(GroupStats{StringId(d.bson), mongo::ReplyInt(d.bson, "documents"),
                                 mongo::ReplyInt(d.bson, "items"),
                                 mongo::ReplyInt(d.bson, "scrapes")});
        return Status::Ok();
      }));
  return out;
}

}  // namespace

Result<std::vector<GroupStats>> MongoStore::StatsByService() {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  return Groups(ops, mongo::GroupBy::kService);
}

Result<std::vector<GroupStats>> MongoStore::StatsByRegion() {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  return Groups(ops, mongo::GroupBy::kRegion);
}

Result<std::vector<TimelineDay>> MongoStore::Timeline(int days, Timestamp now) {
  if (days < 1 || days > 36600) return InvalidArgument("timeline days must be 1..36600");
  int64_t now_ms = mongo::ToMillis(now);
  int64_t today = now_ms / kMillisPerDay;
  if (now_ms < 0 && now_ms % kMillisPerDay != 0) --today;
  int64_t first_day = today - days + 1;
  std::vector<TimelineDay> timeline(days);
  std::map<std::string, size_t> index;
  for (int i = 0; i < days; ++i) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(first_day + i, y, m, d);
    char text[16];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    timeline[i].date = text;
    index[text] = i;
  }
  Timestamp from = mongo::FromMillis(first_day * kMillisPerDay);
  Timestamp to = mongo::FromMillis((today + 1) * kMillisPerDay);
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  auto fill = [&](const char* collection, BsonPtr pipeline, auto assign) {
    return ops.Aggregate(collection, *pipeline, [&](const MongoOps::Doc& d, bool&) {
      auto day = index.find(StringId(d.bson));
      if (day != index.end()) assign(timeline[day->second], d.bson);
      return Status::Ok();
    });
  };
  AWSCRAPE_RETURN_IF_ERROR(fill(mongo::kScrapesCollection, mongo::ScrapesPerDayPipeline(from, to),
                                [](TimelineDay& day, const bson_t& row) {
                                  day.scrapes = mongo::ReplyInt(row, "scrapes");
                                  day.successful_scrapes = mongo::ReplyInt(row, "successful");
                                }));
  AWSCRAPE_RETURN_IF_ERROR(fill(mongo::kResourcesCollection,
                                mongo::DocumentsPerDayPipeline(from, to),
                                [](TimelineDay& day, const bson_t& row) {
                                  day.documents = mongo::ReplyInt(row, "documents");
                                  day.items = mongo::ReplyInt(row, "items");
                                }));
  return timeline;
}

// --- retention -------------------------------------------------------------------------------

Result<DeleteCounts> MongoStore::DeleteScrapesOlderThan(Timestamp cutoff) {
  std::vector<std::string> old;
  {
    PooledClient client(*pool_);
    MongoOps ops(client, nullptr);
    BsonPtr projection = mongo::NewBson();
    bson_t fields;
    BSON_APPEND_DOCUMENT_BEGIN(projection.get(), "projection", &fields);
    BSON_APPEND_INT32(&fields, "scrape_id", 1);
    bson_append_document_end(projection.get(), &fields);
    AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kScrapesCollection,
                                      *mongo::CreatedBeforeFilter(cutoff), projection.get(),
                                      [&](const MongoOps::Doc& d, bool&) {
                                        old.push_back(StringId(d.bson, "scrape_id"));
                                        return Status::Ok();
                                      }));
  }
  return DeleteScrapes(old, cutoff);
}

Status MongoStore::CollectBodies(MongoOps& ops, std::vector<std::string> hashes, bool sweep) {
  if (hashes.empty() && !sweep) return Status::Ok();
  AWSCRAPE_ASSIGN_OR_RETURN(Timestamp now, ServerTime(ops));
  Timestamp threshold{now.seconds - kBodyGraceSeconds, now.microseconds};
  if (sweep) {
    // Every body unused since the threshold is a candidate, whatever deleted its documents.
    BsonPtr projection = mongo::NewBson();
    bson_t fields;
    BSON_APPEND_DOCUMENT_BEGIN(projection.get(), "projection", &fields);
    BSON_APPEND_INT32(&fields, "_id", 1);
    bson_append_document_end(projection.get(), &fields);
    AWSCRAPE_RETURN_IF_ERROR(ops.Find(mongo::kBodiesCollection,
                                      *mongo::StaleBodiesFilter({}, threshold), projection.get(),
                                      [&](const MongoOps::Doc& d, bool&) {
                                        hashes.push_back(BinaryId(d.bson));
                                        return Status::Ok();
                                      }));
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  for (const auto& chunk : Chunks(hashes)) {
    std::set<std::string> referenced;
    AWSCRAPE_RETURN_IF_ERROR(ops.Aggregate(mongo::kResourcesCollection,
                                           *mongo::ReferencedBodiesPipeline(chunk),
                                           [&](const MongoOps::Doc& d, bool&) {
                                             referenced.insert(BinaryId(d.bson));
                                             return Status::Ok();
                                           }));
    std::vector<std::string> unreferenced;
    for (const auto& hash : chunk) {
      if (!referenced.count(hash)) unreferenced.push_back(hash);
    }
    if (unreferenced.empty()) continue;
    AWSCRAPE_RETURN_IF_ERROR(
        ops.DeleteMany(mongo::kBodiesCollection, *mongo::StaleBodiesFilter(unreferenced, threshold))
            .status());
  }
  return Status::Ok();
}

// --- logs ------------------------------------------------------------------------------------

Status MongoStore::AppendLogs(std::span<const LogEntry> entries) {
  if (entries.empty()) return Status::Ok();
  std::vector<BsonPtr> docs;
  docs.reserve(entries.size());
  for (const auto& e : entries) docs.push_back(mongo::LogEntryToBson(e));
  return Atomically([&](MongoOps& ops) { return ops.InsertMany(mongo::kLogsCollection, docs); });
}

Result<std::vector<LogEntry>> MongoStore::QueryLogs(const LogFilter& filter) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  std::vector<LogEntry> out;
  AWSCRAPE_RETURN_IF_ERROR(ops.Find(
      mongo::kLogsCollection, *mongo::LogFilterToBson(filter),
      mongo::LogFindOptions(filter.limit).get(), [&](const MongoOps::Doc& d, bool&) -> Status {
        AWSCRAPE_ASSIGN_OR_RETURN(LogEntry e, mongo::LogEntryFromBson(d.bson));
        out.push_back(std::move(e));
        return Status::Ok();
      }));
  return out;
}

// --- outcome ledger --------------------------------------------------------------------------

Status MongoStore::SaveOutcomes(std::span<const CallOutcome> outcomes) {
  if (outcomes.empty()) return Status::Ok();
  std::vector<BsonPtr> keys, updates;
  std::vector<mongo::UpsertOp> ops_list;
  for (const auto& o : outcomes) {
    keys.push_back(mongo::OutcomeKey(o));
    BsonPtr update = mongo::NewBson();
    BSON_APPEND_DOCUMENT(update.get(), "$set", mongo::OutcomeFields(o).get());
    updates.push_back(std::move(update));
  }
  for (size_t i = 0; i < keys.size(); ++i) ops_list.push_back({keys[i].get(), updates[i].get()});
  return Atomically([&](MongoOps& ops) {
    // Ordered: a later entry of the same call in the batch wins.
    return ops.BulkUpsert(mongo::kOutcomesCollection, ops_list, /*ordered=*/true).status();
  });
}

Result<std::vector<CallOutcome>> MongoStore::QueryOutcomes(const OutcomeFilter& filter) {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  std::vector<CallOutcome> out;
  AWSCRAPE_RETURN_IF_ERROR(
      ops.Find(mongo::kOutcomesCollection, *mongo::OutcomeFilterToBson(filter),
               mongo::OutcomeFindOptions().get(), [&](const MongoOps::Doc& d, bool&) -> Status {
                 AWSCRAPE_ASSIGN_OR_RETURN(CallOutcome o, mongo::OutcomeFromBson(d.bson));
                 out.push_back(std::move(o));
                 return Status::Ok();
               }));
  return out;
}

// --- housekeeping ----------------------------------------------------------------------------

Result<int64_t> MongoStore::BytesOnDisk() {
  PooledClient client(*pool_);
  MongoOps ops(client, nullptr);
  BsonPtr command = Single("dbStats", 1);
  bson_append_int32(command.get(), "scale", -1, 1);
  AWSCRAPE_ASSIGN_OR_RETURN(BsonPtr reply, ops.Command(*command, false));
  return mongo::ReplyInt(*reply, "dataSize");
}

}  // namespace awscrape::store
