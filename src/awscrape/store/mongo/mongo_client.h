// The I/O half of the MongoDB store: a libmongoc client pool, and the operations the store runs,
// each turning libmongoc's errors into Status values.
//
// MongoPool owns a mongoc_client_pool_t (thread-safe); MongoOps borrows one client from it for
// the length of one store call and, when given a session, runs every operation inside that
// session's transaction. Error mapping (MongoStatus): no reachable server (server selection,
// sockets, a primary stepping down, shutdown) is kUnavailable; failed authentication
// kUnauthenticated; missing rights kPermissionDenied; a document libmongoc refuses to send
// kInvalidArgument; anything else the server rejects kIoError. Messages name the hosts and
// database, never the URL's credentials. A failure labelled TransientTransactionError is
// remembered (transient()) so the caller can retry the transaction.
#pragma once

#include <mongoc/mongoc.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "awscrape/core/result.h"
#include "awscrape/core/time.h"
#include "awscrape/store/mongo/bson_ptr.h"

namespace awscrape::store::mongo {

// libmongoc initialises itself when the program loads and keeps performance counters in a
// /dev/shm/mongoc-<pid> file that only a clean exit removes, so every killed awscrape process
// would leave one behind. awscrape reads no such counters: this removes the file's name at start
// (the mapping stays valid; libmongoc's own removal at exit then finds nothing).
void ForgetCountersFile();

// libmongoc's error (with the server reply, when there is one) as a Status.
Status MongoStatus(const bson_error_t& error, const bson_t* reply, std::string_view where);

class MongoPool {
 public:
  // Parses `uri` (kInvalidArgument when libmongoc refuses it) and creates the pool; no I/O yet.
  // serverSelectionTimeoutMS and connectTimeoutMS default to `default_timeout_ms` unless the URI
  // sets them, so a server that is down is reported within seconds, not libmongoc's 30 s.
  static Result<std::unique_ptr<MongoPool>> Create(const std::string& uri,
                                                   const std::string& database,
                                                   int32_t default_timeout_ms = 5000);
  ~MongoPool();
  MongoPool(const MongoPool&) = delete;
  MongoPool& operator=(const MongoPool&) = delete;

  mongoc_client_pool_t* get() const { return pool_; }
  const std::string& database() const { return database_; }
  // "MongoDB 127.0.0.1:27017/aws_scraper_db": for messages.
  const std::string& describe() const { return describe_; }

 private:
  MongoPool(mongoc_client_pool_t* pool, std::string database, std::string describe)
      : pool_(pool), database_(std::move(database)), describe_(std::move(describe)) {}

  mongoc_client_pool_t* pool_;
  std::string database_;
  std::string describe_;
};

// One client popped from the pool, pushed back on destruction.
class PooledClient {
 public:
  explicit PooledClient(const MongoPool& pool)
      : pool_(pool), client_(mongoc_client_pool_pop(pool.get())) {}
  ~PooledClient() { mongoc_client_pool_push(pool_.get(), client_); }
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;

  mongoc_client_t* get() const { return client_; }
  const MongoPool& pool() const { return pool_; }

 private:
  const MongoPool& pool_;
  mongoc_client_t* client_;
};

struct UpsertOp {
  const bson_t* selector;
  const bson_t* update;
};

class MongoOps {
 public:
  // `session` may be null (no transaction).
  MongoOps(const PooledClient& client, mongoc_client_session_t* session)
      : client_(client), session_(session) {}

  // Calls `fn` for each document `filter` finds, in `options`' order, until it sets `stop`.
  // (The document travels wrapped: bson_t's alignment attribute is lost in template arguments.)
  struct Doc {
    const bson_t& bson;
  };
  using Visit = std::function<Status(const Doc& doc, bool& stop)>;
  Status Find(const char* collection, const bson_t& filter, const bson_t* options, const Visit& fn);
  Status Aggregate(const char* collection, const bson_t& pipeline, const Visit& fn);
  Result<int64_t> Count(const char* collection, const bson_t& filter);
  Result<int64_t> DeleteMany(const char* collection, const bson_t& filter);
  Status InsertMany(const char* collection, std::span<const BsonPtr> documents);
  // Upserts ({upsert: true}), unordered unless `ordered`; element i is true when op i inserted a
  // document. Outside transactions, an unordered op that lost an insert race to another writer
  // (duplicate key) counts as not inserted.
  Result<std::vector<bool>> BulkUpsert(const char* collection, std::span<const UpsertOp> ops,
                                       bool ordered = false);
  // updateOne without upsert.
  Status UpdateOne(const char* collection, const bson_t& selector, const bson_t& update);
  Status ReplaceOne(const char* collection, const bson_t& selector, const bson_t& replacement);
  // Upserts with {$setOnInsert: document}; true when it inserted.
  Result<bool> InsertIfAbsent(const char* collection, const bson_t& selector,
                              const bson_t& document);
  // A command on the store's database (`write`: with the write concern) or on admin.
  Result<BsonPtr> Command(const bson_t& command, bool write);
  Result<BsonPtr> AdminCommand(const bson_t& command);

  bool transient() const { return transient_; }
  // The server's (or libmongoc's) code of the last failure; 0 when none.
  uint32_t last_error_code() const { return last_error_code_; }

 private:
  BsonPtr Options(const bson_t* base);
  Status Fail(const bson_error_t& error, const bson_t* reply, std::string_view what);

  const PooledClient& client_;
  mongoc_client_session_t* session_;
  bool transient_ = false;
  uint32_t last_error_code_ = 0;
};

// A collection handle for one call.
class Collection {
 public:
  Collection(const PooledClient& client, const char* name)
      : collection_(
            mongoc_client_get_collection(client.get(), client.pool().database().c_str(), name)) {}
  ~Collection() { mongoc_collection_destroy(collection_); }
  Collection(const Collection&) = delete;
  Collection& operator=(const Collection&) = delete;
  mongoc_collection_t* get() const { return collection_; }

 private:
  mongoc_collection_t* collection_;
};

// The int64 at `key` of a reply (int32, int64 or double); 0 when absent.
int64_t ReplyInt(const bson_t& reply, const char* key);

}  // namespace awscrape::store::mongo
