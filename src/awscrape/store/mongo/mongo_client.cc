#include "awscrape/store/mongo/mongo_client.h"

#include <sys/mman.h>
#include <unistd.h>

#include <mutex>
#include <string>

namespace awscrape::store::mongo {
namespace {

// libmongoc logs to stdout/stderr at every level by default; awscrape's output is its own, so
// only warnings and worse get through.
void LogHandler(mongoc_log_level_t level, const char* domain, const char* message, void* data) {
  if (level <= MONGOC_LOG_LEVEL_WARNING) mongoc_log_default_handler(level, domain, message, data);
}

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    mongoc_init();
    mongoc_log_set_handler(&LogHandler, nullptr);
  });
}

bool IsUnavailableServerCode(uint32_t code) {
  switch (code) {
    case 6:      // HostUnreachable
    case 7:      // HostNotFound
    case 89:     // NetworkTimeout
    case 91:     // ShutdownInProgress
    case 112:    // WriteConflict (retry the transaction)
    case 189:    // PrimarySteppedDown
    case 262:    // ExceededTimeLimit
    case 9001:   // SocketException
    case 10107:  // NotWritablePrimary
    case 11600:  // InterruptedAtShutdown
    case 11602:  // InterruptedDueToReplStateChange
    case 13435:  // NotPrimaryNoSecondaryOk
    case 13436:  // NotPrimaryOrSecondary
      return true;
    default:
      return false;
  }
}

std::string Describe(const mongoc_uri_t* uri, const std::string& database) {
  std::string hosts;
  if (const char* srv = mongoc_uri_get_srv_hostname(uri)) {
    hosts = std::string("srv:") + srv;
  } else {
    for (const mongoc_host_list_t* h = mongoc_uri_get_hosts(uri); h; h = h->next) {
      if (!hosts.empty()) hosts += ',';
      hosts += h->host_and_port;
    }
  }
  return "MongoDB " + hosts + "/" + database;
}

}  // namespace

Status MongoStatus(const bson_error_t& e, const bson_t* reply, std::string_view where) {
  std::string message = std::string(where) + ": " + e.message;
  bool transient = reply && (mongoc_error_has_label(reply, "TransientTransactionError") ||
                             mongoc_error_has_label(reply, "RetryableWriteError"));
  switch (e.domain) {
    case MONGOC_ERROR_SERVER_SELECTION:
    case MONGOC_ERROR_STREAM:
    case MONGOC_ERROR_PROTOCOL:
      return Unavailable(std::string(where) + " is unavailable: " + e.message);
    case MONGOC_ERROR_CLIENT:
      if (e.code == MONGOC_ERROR_CLIENT_AUTHENTICATE) return Unauthenticated(message);
      if (e.code == MONGOC_ERROR_CLIENT_NOT_READY) return Unavailable(message);
      if (e.code == MONGOC_ERROR_CLIENT_TOO_BIG) return InvalidArgument(message);
      break;
    case MONGOC_ERROR_SASL:
    case MONGOC_ERROR_SCRAM:
      return Unauthenticated(message);
    case MONGOC_ERROR_BSON:
      return InvalidArgument(message);
    case MONGOC_ERROR_COMMAND:
      if (e.code == MONGOC_ERROR_COMMAND_INVALID_ARG) return InvalidArgument(message);
      break;
    case MONGOC_ERROR_SERVER:
    case MONGOC_ERROR_WRITE_CONCERN:
    case MONGOC_ERROR_QUERY:
      if (e.code == 18) return Unauthenticated(message);                  // AuthenticationFailed
      if (e.code == 13) return {StatusCode::kPermissionDenied, message};  // Unauthorized
      if (IsUnavailableServerCode(e.code)) return Unavailable(message);
      break;
    default:
      break;
  }
  if (transient) return Unavailable(message);
  return IoError(message);
}

int64_t ReplyInt(const bson_t& reply, const char* key) {
  bson_iter_t it;
  if (bson_iter_init_find(&it, &reply, key) && BSON_ITER_HOLDS_NUMBER(&it)) {
    return bson_iter_as_int64(&it);
  }
  return 0;
}

void ForgetCountersFile() {
  std::string name = "/mongoc-" + std::to_string(::getpid());
  ::shm_unlink(name.c_str());  // ENOENT (MONGOC_DISABLE_SHM set, or built without) is fine
}

// --- MongoPool -------------------------------------------------------------------------------

Result<std::unique_ptr<MongoPool>> MongoPool::Create(const std::string& uri_text,
                                                     const std::string& database,
                                                     int32_t default_timeout_ms) {
  InitOnce();
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
  if (!uri) return InvalidArgument(std::string("invalid MongoDB URL: ") + error.message);
  if (!mongoc_uri_has_option(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS)) {
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, default_timeout_ms);
  }
  if (!mongoc_uri_has_option(uri, MONGOC_URI_CONNECTTIMEOUTMS)) {
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_CONNECTTIMEOUTMS, default_timeout_ms);
  }
  std::string describe = Describe(uri, database);
  mongoc_client_pool_t* pool = mongoc_client_pool_new_with_error(uri, &error);
  mongoc_uri_destroy(uri);
  if (!pool) return InvalidArgument(describe + ": " + error.message);
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(pool, "awscrape");
  return std::unique_ptr<MongoPool>(new MongoPool(pool, database, std::move(describe)));
}

MongoPool::~MongoPool() { mongoc_client_pool_destroy(pool_); }

// --- MongoOps --------------------------------------------------------------------------------

BsonPtr MongoOps::Options(const bson_t* base) {
  BsonPtr options = base ? CopyBson(*base) : NewBson();
  if (session_) {
    bson_error_t error;
    // Fails only for a session of another client, which this class never mixes.
    mongoc_client_session_append(session_, options.get(), &error);
  }
  return options;
}

Status MongoOps::Fail(const bson_error_t& error, const bson_t* reply, std::string_view what) {
  if (reply && mongoc_error_has_label(reply, "TransientTransactionError")) transient_ = true;
  last_error_code_ = error.code;
  return MongoStatus(error, reply, client_.pool().describe() + " " + std::string(what));
}

Status MongoOps::Find(const char* collection, const bson_t& filter, const bson_t* options,
                      const Visit& fn) {
  Collection c(client_, collection);
  BsonPtr opts = Options(options);
  mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(c.get(), &filter, opts.get(), nullptr);
  const bson_t* doc = nullptr;
  bool stop = false;
  Status status;
  while (status.ok() && !stop && mongoc_cursor_next(cursor, &doc)) status = fn(Doc{*doc}, stop);
  bson_error_t error;
  const bson_t* reply = nullptr;
  if (status.ok() && !stop && mongoc_cursor_error_document(cursor, &error, &reply)) {
    status = Fail(error, reply, std::string("find in ") + collection);
  }
  mongoc_cursor_destroy(cursor);
  return status;
}

Status MongoOps::Aggregate(const char* collection, const bson_t& pipeline, const Visit& fn) {
  Collection c(client_, collection);
  BsonPtr base = NewBson();
  AppendBool(base.get(), "allowDiskUse", true);
  BsonPtr opts = Options(base.get());
  mongoc_cursor_t* cursor =
      mongoc_collection_aggregate(c.get(), MONGOC_QUERY_NONE, &pipeline, opts.get(), nullptr);
  const bson_t* doc = nullptr;
  bool stop = false;
  Status status;
  while (status.ok() && !stop && mongoc_cursor_next(cursor, &doc)) status = fn(Doc{*doc}, stop);
  bson_error_t error;
  const bson_t* reply = nullptr;
  if (status.ok() && !stop && mongoc_cursor_error_document(cursor, &error, &reply)) {
    status = Fail(error, reply, std::string("aggregate on ") + collection);
  }
  mongoc_cursor_destroy(cursor);
  return status;
}

Result<int64_t> MongoOps::Count(const char* collection, const bson_t& filter) {
  Collection c(client_, collection);
  BsonPtr opts = Options(nullptr);
  bson_t reply;
  bson_error_t error;
  int64_t n =
      mongoc_collection_count_documents(c.get(), &filter, opts.get(), nullptr, &reply, &error);
  Status status = n < 0 ? Fail(error, &reply, std::string("count in ") + collection) : Status();
  bson_destroy(&reply);
  if (!status.ok()) return status;
  return n;
}

Result<int64_t> MongoOps::DeleteMany(const char* collection, const bson_t& filter) {
  Collection c(client_, collection);
  BsonPtr opts = Options(nullptr);
  bson_t reply;
  bson_error_t error;
  bool ok = mongoc_collection_delete_many(c.get(), &filter, opts.get(), &reply, &error);
  Status status = ok ? Status() : Fail(error, &reply, std::string("delete from ") + collection);
  int64_t deleted = ReplyInt(reply, "deletedCount");
  bson_destroy(&reply);
  if (!status.ok()) return status;
  return deleted;
}

Status MongoOps::InsertMany(const char* collection, std::span<const BsonPtr> documents) {
  if (documents.empty()) return Status::Ok();
  Collection c(client_, collection);
  // A C array: bson_t's alignment attribute is lost in template arguments.
  auto** docs = static_cast<const bson_t**>(bson_malloc(sizeof(bson_t*) * documents.size()));
  for (size_t i = 0; i < documents.size(); ++i) docs[i] = documents[i].get();
  BsonPtr opts = Options(nullptr);
  bson_t reply;
  bson_error_t error;
  bool ok =
      mongoc_collection_insert_many(c.get(), docs, documents.size(), opts.get(), &reply, &error);
  bson_free(docs);
  Status status = ok ? Status() : Fail(error, &reply, std::string("insert into ") + collection);
  bson_destroy(&reply);
  return status;
}

Result<std::vector<bool>> MongoOps::BulkUpsert(const char* collection,
                                               std::span<const UpsertOp> ops, bool ordered) {
  std::vector<bool> inserted(ops.size(), false);
  if (ops.empty()) return inserted;
  Collection c(client_, collection);
  BsonPtr base = NewBson();
  AppendBool(base.get(), "ordered", ordered);
  BsonPtr opts = Options(base.get());
  mongoc_bulk_operation_t* bulk =
      mongoc_collection_create_bulk_operation_with_opts(c.get(), opts.get());
  BsonPtr upsert = NewBson();
  AppendBool(upsert.get(), "upsert", true);
  bson_error_t error;
  for (const auto& op : ops) {
    if (!mongoc_bulk_operation_update_one_with_opts(bulk, op.selector, op.update, upsert.get(),
                                                    &error)) {
      mongoc_bulk_operation_destroy(bulk);
      return Fail(error, nullptr, std::string("upsert into ") + collection);
    }
  }
  bson_t reply;
  bool ok = mongoc_bulk_operation_execute(bulk, &reply, &error) != 0;
  mongoc_bulk_operation_destroy(bulk);
  bson_iter_t it, entry;
  if (bson_iter_init_find(&it, &reply, "upserted") && bson_iter_recurse(&it, &entry)) {
    while (bson_iter_next(&entry)) {
      bson_iter_t index;
      if (bson_iter_recurse(&entry, &index) && bson_iter_find(&index, "index")) {
        int64_t i = bson_iter_as_int64(&index);
        if (i >= 0 && i < static_cast<int64_t>(inserted.size())) inserted[i] = true;
      }
    }
  }
  if (!ok) {
    // Only duplicate keys (a concurrent writer inserted the same key first) are expected; the
    // document it stored is the one that stays, as for any other already-stored document.
    bool only_duplicates = !bson_has_field(&reply, "writeConcernErrors");
    bool any = false;
    if (bson_iter_init_find(&it, &reply, "writeErrors") && bson_iter_recurse(&it, &entry)) {
      while (bson_iter_next(&entry)) {
        bson_iter_t code;
        any = true;
        if (!bson_iter_recurse(&entry, &code) || !bson_iter_find(&code, "code") ||
            bson_iter_as_int64(&code) != MONGOC_ERROR_DUPLICATE_KEY) {
          only_duplicates = false;
        }
      }
    }
    if (!(any && only_duplicates && !session_ && !ordered)) {
      Status status = Fail(error, &reply, std::string("upsert into ") + collection);
      bson_destroy(&reply);
      return status;
    }
  }
  bson_destroy(&reply);
  return inserted;
}

Status MongoOps::UpdateOne(const char* collection, const bson_t& selector, const bson_t& update) {
  Collection c(client_, collection);
  BsonPtr opts = Options(nullptr);
  bson_t reply;
  bson_error_t error;
  bool ok = mongoc_collection_update_one(c.get(), &selector, &update, opts.get(), &reply, &error);
  Status status = ok ? Status() : Fail(error, &reply, std::string("update in ") + collection);
  bson_destroy(&reply);
  return status;
}

Status MongoOps::ReplaceOne(const char* collection, const bson_t& selector,
                            const bson_t& replacement) {
  Collection c(client_, collection);
  BsonPtr base = NewBson();
  AppendBool(base.get(), "upsert", true);
  BsonPtr opts = Options(base.get());
  bson_t reply;
  bson_error_t error;
  bool ok =
      mongoc_collection_replace_one(c.get(), &selector, &replacement, opts.get(), &reply, &error);
  Status status = ok ? Status() : Fail(error, &reply, std::string("replace in ") + collection);
  bson_destroy(&reply);
  return status;
}

Result<bool> MongoOps::InsertIfAbsent(const char* collection, const bson_t& selector,
                                      const bson_t& document) {
  // The selector's fields come from the query on insert; $setOnInsert sets only the others.
  BsonPtr rest = NewBson();
  bson_iter_t it;
  if (bson_iter_init(&it, &document)) {
    while (bson_iter_next(&it)) {
      if (!bson_has_field(&selector, bson_iter_key(&it))) {
        bson_append_iter(rest.get(), bson_iter_key(&it), static_cast<int>(bson_iter_key_len(&it)),
                         &it);
      }
    }
  }
  BsonPtr update = NewBson();
  BSON_APPEND_DOCUMENT(update.get(), "$setOnInsert", rest.get());
  UpsertOp op{&selector, update.get()};
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<bool> inserted, BulkUpsert(collection, {&op, 1}));
  return static_cast<bool>(inserted[0]);
}

Result<BsonPtr> MongoOps::Command(const bson_t& command, bool write) {
  BsonPtr opts = Options(nullptr);
  BsonPtr reply = NewBson();
  bson_t raw;
  bson_error_t error;
  const std::string& db = client_.pool().database();
  bool ok = write ? mongoc_client_write_command_with_opts(client_.get(), db.c_str(), &command,
                                                          opts.get(), &raw, &error)
                  : mongoc_client_read_command_with_opts(client_.get(), db.c_str(), &command,
                                                         nullptr, opts.get(), &raw, &error);
  Status status = ok ? Status() : Fail(error, &raw, "command");
  bson_copy_to(&raw, reply.get());
  bson_destroy(&raw);
  if (!status.ok()) return status;
  return reply;
}

Result<BsonPtr> MongoOps::AdminCommand(const bson_t& command) {
  BsonPtr opts = Options(nullptr);
  bson_t raw;
  bson_error_t error;
  bool ok = mongoc_client_read_command_with_opts(client_.get(), "admin", &command, nullptr,
                                                 opts.get(), &raw, &error);
  Status status = ok ? Status() : Fail(error, &raw, "admin command");
  BsonPtr reply = CopyBson(raw);
  bson_destroy(&raw);
  if (!status.ok()) return status;
  return reply;
}

}  // namespace awscrape::store::mongo
