#include "awscrape/store/sqlite/sqlite_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>
#include <thread>

#include "awscrape/core/json.h"
#include "awscrape/store/response_body.h"
#include "awscrape/store/sql_columns.h"
#include "awscrape/store/sqlite/sqlite_schema.h"

namespace awscrape::store {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;

int64_t ToMillis(Timestamp t) { return t.seconds * 1000 + t.microseconds / 1000; }

Timestamp FromMillis(int64_t ms) {
  int64_t seconds = ms / 1000;
  int64_t rest = ms % 1000;
  if (rest < 0) rest += 1000, --seconds;
  return Timestamp{seconds, static_cast<int32_t>(rest * 1000)};
}

// "a = ?1 AND b = ?2" over a filter's present fields, columns optionally prefixed ("r.");
// the values are bound, never spliced into the SQL.
class WhereClause {
 public:
  explicit WhereClause(std::string prefix = "") : prefix_(std::move(prefix)) {}

  void Add(const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    values_.push_back(*value);
    if (!conditions_.empty()) conditions_ += " AND ";
    conditions_ += prefix_ + column + " = ?" + std::to_string(values_.size());
  }
  const std::string& conditions() const { return conditions_; }
  std::string Sql() const { return conditions_.empty() ? "" : " WHERE " + conditions_; }
  void Bind(SqliteStatement& stmt) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      stmt.BindText(static_cast<int>(i + 1), values_[i]);
    }
  }
  int next_index() const { return static_cast<int>(values_.size()) + 1; }

 private:
  std::string prefix_;
  std::string conditions_;
  std::vector<std::string> values_;
};

WhereClause ResourceWhere(const ResourceFilter& filter, const std::string& prefix = "") {
  WhereClause where(prefix);
  where.Add("scrape_id", filter.scrape_id);
  where.Add("service", filter.service);
  where.Add("region", filter.region);
  where.Add("operation", filter.operation);
  return where;
}

constexpr const char* kScrapeColumns =
    "scrape_id, start_time, end_time, duration_seconds, success, return_code, command, services, "
    "regions, profile, scraped_files_count, total_resources_saved, temp_directory, "
    "files_processed_to_mongo, temp_files_cleaned, created_at, updated_at, account_id, "
    "partition, models_version, tool_version";

ScrapeRecord ReadScrape(const SqliteStatement& s) {
  ScrapeRecord r;
  r.scrape_id = s.Text(0);
  r.start_time = FromMillis(s.Int(1));
  if (!s.IsNull(2)) r.end_time = FromMillis(s.Int(2));
  if (!s.IsNull(3)) r.duration_seconds = s.Double(3);
  if (!s.IsNull(4)) r.success = s.Int(4) != 0;
  if (!s.IsNull(5)) r.return_code = s.Int(5);
  r.command = DecodeStrings(s.Text(6));
  if (!s.IsNull(7)) r.services = DecodeStrings(s.Text(7));
  r.regions = DecodeStrings(s.Text(8));
  r.profile = s.OptText(9);
  r.scraped_files_count = s.Int(10);
  r.total_resources_saved = s.Int(11);
  r.temp_directory = s.Text(12);
  r.files_processed_to_mongo = s.Int(13);
  r.temp_files_cleaned = s.Int(14) != 0;
  r.created_at = FromMillis(s.Int(15));
  r.updated_at = FromMillis(s.Int(16));
  r.account_id = s.Text(17);
  r.partition = s.Text(18);
  r.models_version = s.Text(19);
  r.tool_version = s.Text(20);
  return r;
}

constexpr const char* kDocumentColumns =
    "SELECT r.scrape_id, r.scrape_timestamp, r.service, r.region, r.profile, r.operation, r.page, "
    "r.account_id, r.partition, r.source_filename, r.temp_file_path, b.body, "
    "r.response_metadata, r.metadata_position, r.item_count, r.processed_at, r.created_at, "
    "r.updated_at";
constexpr const char* kDocumentFrom =
    " FROM aws_resources r JOIN response_bodies b ON b.id = r.body_id";

// The API's order over aws_resources without an alias (the inner query of QueryResources).
constexpr const char* kKeyOrder =
    " ORDER BY scrape_timestamp DESC, scrape_id, service, region, operation, page";
// The same order within one scrape, whose documents share its scrape_timestamp: the unique
// key's order, so a page of a scrape is a range of that index which stops at LIMIT.
constexpr const char* kScrapeKeyOrder = " ORDER BY scrape_id, service, region, operation, page";

// A read transaction (BEGIN DEFERRED): the statements inside see one snapshot. Ended when
// destroyed, so a pooled connection never keeps an old snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(SqliteDb& db) : db_(db) {}
  ~ReadTransaction() {
    if (!open_) return;
    if (auto end = db_.Prepare("COMMIT"); end.ok()) (void)(*end)->Run();
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  Status Begin() {
    AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * begin, db_.Prepare("BEGIN"));
    AWSCRAPE_RETURN_IF_ERROR(begin->Run());
    open_ = true;
    return Status::Ok();
  }

 private:
  SqliteDb& db_;
  bool open_ = false;
};

constexpr const char* kDocumentOrder =
    " ORDER BY r.scrape_timestamp DESC, r.scrape_id, r.service, r.region, r.operation, r.page";

constexpr const char* kOutcomeColumns =
    "scrape_id, service, region, operation, outcome, error_code, http_status, duration_ms, "
    "attempts, retries, pages, request_id, items, recorded_at";

constexpr const char* kLogColumns =
    "timestamp, level, component, scrape_id, message, error, file_path";

// Runs a query returning one integer.
Result<int64_t> QueryInt(SqliteDb& db, const std::string& sql,
                         const std::function<void(SqliteStatement&)>& bind = nullptr) {
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * stmt, db.Prepare(sql));
  if (bind) bind(*stmt);
  AWSCRAPE_ASSIGN_OR_RETURN(bool row, stmt->Step());
  int64_t value = row && !stmt->IsNull(0) ? stmt->Int(0) : 0;
  stmt->Reset();
  return value;
}

Result<std::vector<std::string>> QueryStrings(SqliteDb& db, const std::string& sql) {
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * stmt, db.Prepare(sql));
  std::vector<std::string> out;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(stmt->Text(0));
  }
  stmt->Reset();
  return out;
}

Result<std::vector<GroupStats>> QueryGroups(SqliteDb& db, const std::string& sql) {
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * stmt, db.Prepare(sql));
  std::vector<GroupStats> out;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(GroupStats{stmt->Text(0), stmt->Int(1), stmt->Int(2), stmt->Int(3)});
  }
  stmt->Reset();
  return out;
}

int64_t LimitValue(int64_t limit) { return limit > 0 ? limit : -1; }

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       const SqliteOptions& options) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, options.busy_timeout_ms));
  const std::string where = "SQLite database '" + path + "'";
  // 16 KiB pages instead of SQLite's 4 KiB, for a new database (it must come before WAL mode):
  // a batch of documents appends to fewer, fuller pages, most bodies fit in one page instead of
  // an overflow chain, and a commit writes fewer WAL frames. Ingesting the simulator's small and
  // medium accounts took 10-15 % less CPU, and small batches wrote half the bytes (BENCHMARKS.md).
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec("PRAGMA page_size=" + std::to_string(kSqlitePageSize)).WithContext(where));
  // WAL: readers never block the writer; one fsync per committed batch, none per row.
  AWSCRAPE_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL").WithContext(where));
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
          .WithContext(where));
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec("PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456"));
  // Checkpoint every 64 MiB of WAL pages (checkpoint_bytes) rather than SQLite's 1,000 pages: an
  // ingest batch writes thousands of pages, and checkpointing after each commit copied (and synced)
  // the pages it shares with the next batches again and again (10-20 % of the store's time).
  // Durability is the WAL's (synchronous=FULL), not the checkpoint's. In pages of this database,
  // which an older awscrape may have created with 4 KiB ones.
  AWSCRAPE_ASSIGN_OR_RETURN(const int64_t page_size, QueryInt(*db, "PRAGMA page_size"));
  const int checkpoint_pages = static_cast<int>(std::clamp<int64_t>(
      options.checkpoint_bytes / std::max<int64_t>(page_size, 512), 1, 1 << 24));
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec("PRAGMA wal_autocheckpoint=" + std::to_string(checkpoint_pages)));
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec("PRAGMA journal_size_limit=" + std::to_string(options.wal_size_limit_bytes)));
  AWSCRAPE_RETURN_IF_ERROR(MigrateSqliteSchema(*db).WithContext(where));
  AWSCRAPE_RETURN_IF_ERROR(
      db->Exec("CREATE TEMP TABLE IF NOT EXISTS gc_bodies (id INTEGER PRIMARY KEY)"));
  // A private in-memory database cannot be opened a second time: reads share the writer.
  bool pooled =
      !path.empty() && path != ":memory:" && path.find("mode=memory") == std::string::npos;
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db), options, pooled));
  if (pooled && options.background_checkpoints) {
    // Checkpoints on a thread of their own; without one (no thread to be had) SQLite's own
    // automatic checkpoint, set above, stays.
    auto checkpointer =
        SqliteCheckpointer::Install(*store->db_, {.wake_pages = checkpoint_pages,
                                                  .writer_pages = 4 * checkpoint_pages,
                                                  .synchronous_full = options.synchronous_full});
    if (checkpointer.ok()) store->checkpointer_ = std::move(checkpointer).value();
  }
  return store;
}

void SqliteStore::WritesPaused() {
  if (checkpointer_) checkpointer_->Request();
}

Result<SqliteStore::ReadLease> SqliteStore::Read() {
  if (!pooled_reads_) return ReadLease(*this);
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<SqliteDb> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(*this, std::move(reader));
    }
  }
  // One more concurrent reader than ever before: open its connection (the schema is migrated).
  const std::string where = "SQLite database '" + db_->path() + "'";
  AWSCRAPE_ASSIGN_OR_RETURN(auto reader, SqliteDb::Open(db_->path(), options_.busy_timeout_ms));
  AWSCRAPE_RETURN_IF_ERROR(
      reader
          ->Exec("PRAGMA query_only=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384; "
                 "PRAGMA mmap_size=268435456")
          .WithContext(where));
  return ReadLease(*this, std::move(reader));
}

SqliteStore::ReadLease::~ReadLease() {
  if (!reader_) return;
  constexpr size_t kMaxIdleReaders = 16;
  std::lock_guard lock(store_->pool_mu_);
  if (store_->idle_readers_.size() < kMaxIdleReaders) {
    store_->idle_readers_.push_back(std::move(reader_));
  }
}

// --- scrapes ---------------------------------------------------------------------------------

Status SqliteStore::InsertScrape(const ScrapeRecord& s, bool replace) {
  std::string sql = std::string(replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE") +
                    " INTO scrapes (" + kScrapeColumns +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                    "?16, ?17, ?18, ?19, ?20, ?21)";
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st, db_->Prepare(sql));
  st->BindText(1, s.scrape_id);
  st->BindInt(2, ToMillis(s.start_time));
  if (s.end_time) st->BindInt(3, ToMillis(*s.end_time));
  if (s.duration_seconds) st->BindDouble(4, *s.duration_seconds);
  if (s.success) st->BindInt(5, *s.success ? 1 : 0);
  if (s.return_code) st->BindInt(6, *s.return_code);
  st->BindText(7, EncodeStrings(s.command));
  if (s.services) st->BindText(8, EncodeStrings(*s.services));
  st->BindText(9, EncodeStrings(s.regions));
  st->BindOptText(10, s.profile);
  st->BindInt(11, s.scraped_files_count);
  st->BindInt(12, s.total_resources_saved);
  st->BindText(13, s.temp_directory);
  st->BindInt(14, s.files_processed_to_mongo);
  st->BindInt(15, s.temp_files_cleaned ? 1 : 0);
  st->BindInt(16, ToMillis(s.created_at));
  st->BindInt(17, ToMillis(s.updated_at));
  st->BindText(18, s.account_id);
  st->BindText(19, s.partition);
  st->BindText(20, s.models_version);
  st->BindText(21, s.tool_version);
  return st->Run();
}

Status SqliteStore::SaveScrape(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  std::lock_guard lock(mu_);
  return InsertScrape(scrape, /*replace=*/true);
}

Result<bool> SqliteStore::CreateScrapeIfAbsent(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  std::lock_guard lock(mu_);
  AWSCRAPE_RETURN_IF_ERROR(InsertScrape(scrape, /*replace=*/false));
  return db_->Changes() > 0;
}

Result<ScrapeRecord> SqliteStore::GetScrape(std::string_view scrape_id) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * st,
      db.Prepare(std::string("SELECT ") + kScrapeColumns + " FROM scrapes WHERE scrape_id = ?1"));
  st->BindText(1, scrape_id);
  AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  ScrapeRecord record = ReadScrape(*st);
  st->Reset();
  return record;
}

Result<ScrapePage> SqliteStore::ListScrapes(const ScrapeFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  std::string where = filter.success ? " WHERE success = ?1" : "";
  auto bind_success = [&](SqliteStatement& st) {
    if (filter.success) st.BindInt(1, *filter.success ? 1 : 0);
  };
  ScrapePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(page.total,
                            QueryInt(db, "SELECT COUNT(*) FROM scrapes" + where, bind_success));
  int next = filter.success ? 2 : 1;
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * st,
      db.Prepare(std::string("SELECT ") + kScrapeColumns + " FROM scrapes" + where +
                 " ORDER BY start_time DESC, scrape_id DESC LIMIT ?" + std::to_string(next) +
                 " OFFSET ?" + std::to_string(next + 1)));
  bind_success(*st);
  st->BindInt(next, LimitValue(filter.limit));
  st->BindInt(next + 1, filter.offset);
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    page.scrapes.push_back(ReadScrape(*st));
  }
  st->Reset();
  return page;
}

Result<DeleteCounts> SqliteStore::DeleteScrapeLocked(const std::string& scrape_id) {
  DeleteCounts counts;
  auto bind = [&](SqliteStatement& st) { st.BindText(1, scrape_id); };
  AWSCRAPE_ASSIGN_OR_RETURN(counts.documents, DeleteDocumentsWhere("scrape_id = ?1", bind));
  for (auto [table, count] :
       {std::pair{"call_outcomes", &counts.outcomes}, std::pair{"logs", &counts.logs},
        std::pair{"scrapes", &counts.scrapes}}) {
    AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st, db_->Prepare(std::string("DELETE FROM ") +
                                                                 table + " WHERE scrape_id = ?1"));
    bind(*st);
    AWSCRAPE_RETURN_IF_ERROR(st->Run());
    *count = db_->Changes();
  }
  return counts;
}

Result<DeleteCounts> SqliteStore::DeleteScrape(std::string_view scrape_id) {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(DeleteCounts counts, DeleteScrapeLocked(std::string(scrape_id)));
  if (counts == DeleteCounts{}) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return counts;
}

// --- aws_resources ---------------------------------------------------------------------------

Result<SaveResult> SqliteStore::SaveSplit(std::span<const ResponseDocument> documents,
                                          std::span<const SplitResponseBody> splits) {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * find_body,
                            db_->Prepare("SELECT id FROM response_bodies WHERE hash = ?1"));
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * insert_body,
      db_->Prepare("INSERT INTO response_bodies (hash, body) VALUES (?1, ?2)"));
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * delete_body,
                            db_->Prepare("DELETE FROM response_bodies WHERE id = ?1"));
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * insert_doc,
      db_->Prepare("INSERT INTO aws_resources (scrape_id, scrape_timestamp, service, region, "
                   "profile, operation, page, account_id, partition, source_filename, "
                   "temp_file_path, body_id, response_metadata, metadata_position, item_count, "
                   "processed_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                   "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT (scrape_id, "
                   "service, region, operation, page) DO NOTHING"));

  struct Progress {
    int64_t documents = 0;
    int64_t items = 0;
    int64_t latest = 0;
  };
  std::map<std::string, Progress> per_scrape;
  SaveResult result;
  // The batch's strings outlive each statement's step (Run() resets it): bound without copies.
  for (size_t i = 0; i < documents.size(); ++i) {
    const ResponseDocument& doc = documents[i];
    const SplitResponseBody& split = splits[i];
    find_body->BindBlobNoCopy(1, split.hash);
    AWSCRAPE_ASSIGN_OR_RETURN(bool found, find_body->Step());
    int64_t body_id = found ? find_body->Int(0) : 0;
    find_body->Reset();
    if (!found) {
      insert_body->BindBlobNoCopy(1, split.hash);
      insert_body->BindTextNoCopy(2, split.body);
      AWSCRAPE_RETURN_IF_ERROR(insert_body->Run());
      body_id = db_->LastInsertRowid();
    }
    SqliteStatement& st = *insert_doc;
    st.BindTextNoCopy(1, doc.scrape_id);
    st.BindInt(2, ToMillis(doc.scrape_timestamp));
    st.BindTextNoCopy(3, doc.service);
    st.BindText(4, RegionKey(doc.region));
    st.BindOptTextNoCopy(5, doc.profile);
    st.BindTextNoCopy(6, doc.operation);
    st.BindInt(7, doc.page);
    st.BindTextNoCopy(8, doc.account_id);
    st.BindTextNoCopy(9, doc.partition);
    st.BindTextNoCopy(10, doc.source_filename);
    st.BindTextNoCopy(11, doc.temp_file_path);
    st.BindInt(12, body_id);
    st.BindOptTextNoCopy(13, split.metadata);
    st.BindInt(14, split.metadata_position);
    st.BindInt(15, doc.item_count);
    st.BindInt(16, ToMillis(doc.processed_at));
    st.BindInt(17, ToMillis(doc.created_at));
    st.BindInt(18, ToMillis(doc.updated_at));
    AWSCRAPE_RETURN_IF_ERROR(st.Run());
    if (db_->Changes() == 0) {
      ++result.unchanged;
      if (!found) {  // the body this duplicate brought is referenced by nothing
        delete_body->BindInt(1, body_id);
        AWSCRAPE_RETURN_IF_ERROR(delete_body->Run());
      }
      continue;
    }
    ++result.inserted;
    Progress& progress = per_scrape[doc.scrape_id];
    ++progress.documents;
    progress.items += doc.item_count;
    progress.latest = std::max(progress.latest, ToMillis(doc.processed_at));
  }
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * bump,
      db_->Prepare("UPDATE scrapes SET files_processed_to_mongo = files_processed_to_mongo + ?2, "
                   "total_resources_saved = total_resources_saved + ?3, "
                   "updated_at = MAX(updated_at, ?4) WHERE scrape_id = ?1"));
  for (const auto& [scrape_id, progress] : per_scrape) {
    bump->BindText(1, scrape_id);
    bump->BindInt(2, progress.documents);
    bump->BindInt(3, progress.items);
    bump->BindInt(4, progress.latest);
    AWSCRAPE_RETURN_IF_ERROR(bump->Run());
  }
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Result<std::vector<ResponseDocument>> SqliteStore::ReadDocuments(SqliteStatement& s) {
  std::vector<ResponseDocument> out;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ResponseDocument d;
    d.scrape_id = s.Text(0);
    d.scrape_timestamp = FromMillis(s.Int(1));
    d.service = s.Text(2);
    d.region = RegionFromKey(s.Text(3));
    d.profile = s.OptText(4);
    d.operation = s.Text(5);
    d.page = s.Int(6);
    d.account_id = s.Text(7);
    d.partition = s.Text(8);
    d.source_filename = s.Text(9);
    d.temp_file_path = s.Text(10);
    auto response = JoinResponse(s.TextView(11), s.OptText(12), s.Int(13));
    if (!response.ok()) {
      s.Reset();
      return response.status();
    }
    d.response = std::move(response).value();
    d.item_count = s.Int(14);
    d.processed_at = FromMillis(s.Int(15));
    d.created_at = FromMillis(s.Int(16));
    d.updated_at = FromMillis(s.Int(17));
    out.push_back(std::move(d));
  }
  s.Reset();
  return out;
}

Result<ResourcePage> SqliteStore::QueryResources(const ResourceFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  // The page and its total from one snapshot, even while a scrape is being ingested.
  ReadTransaction snapshot(db);
  AWSCRAPE_RETURN_IF_ERROR(snapshot.Begin());
  WhereClause where = ResourceWhere(filter);
  int next = where.next_index();
  // The page's ids first (an index range that stops at LIMIT), then the rows and bodies of
  // those only. Within a scrape the unique key is that range; SQLite's planner, without
  // statistics, is told so.
  const char* index = filter.scrape_id ? " INDEXED BY aws_resources_key" : "";
  const char* order = filter.scrape_id ? kScrapeKeyOrder : kKeyOrder;
  std::string sql = std::string(kDocumentColumns) + " FROM (SELECT id FROM aws_resources" + index +
                    where.Sql() + order + " LIMIT ?" + std::to_string(next) + " OFFSET ?" +
                    std::to_string(next + 1) +
                    ") k JOIN aws_resources r ON r.id = k.id JOIN response_bodies b ON b.id = "
                    "r.body_id" +
                    kDocumentOrder;
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st, db.Prepare(sql));
  where.Bind(*st);
  st->BindInt(next, LimitValue(filter.limit));
  st->BindInt(next + 1, filter.offset);
  ResourcePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(page.documents, ReadDocuments(*st));
  int64_t returned = static_cast<int64_t>(page.documents.size());
  if ((returned > 0 || filter.offset == 0) && (filter.limit <= 0 || returned < filter.limit)) {
    page.total = filter.offset + returned;  // the page reached the end: no count needed
  } else {
    AWSCRAPE_ASSIGN_OR_RETURN(
        page.total,
        QueryInt(db, std::string("SELECT COUNT(*) FROM aws_resources") + index + where.Sql(),
                 [&](SqliteStatement& count) { where.Bind(count); }));
  }
  return page;
}

Result<int64_t> SqliteStore::DeleteDocumentsWhere(
    const std::string& where, const std::function<void(SqliteStatement&)>& bind) {
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * collect,
      db_->Prepare("INSERT OR IGNORE INTO temp.gc_bodies (id) SELECT body_id FROM aws_resources "
                   "WHERE " +
                   where));
  bind(*collect);
  AWSCRAPE_RETURN_IF_ERROR(collect->Run());
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * remove,
                            db_->Prepare("DELETE FROM aws_resources WHERE " + where));
  bind(*remove);
  AWSCRAPE_RETURN_IF_ERROR(remove->Run());
  int64_t deleted = db_->Changes();
  AWSCRAPE_RETURN_IF_ERROR(db_->Exec(
      "DELETE FROM response_bodies WHERE id IN (SELECT id FROM temp.gc_bodies) AND NOT EXISTS "
      "(SELECT 1 FROM aws_resources WHERE body_id = response_bodies.id); "
      "DELETE FROM temp.gc_bodies"));
  return deleted;
}

Result<int64_t> SqliteStore::DeleteResources(const ResourceFilter& filter) {
  if (filter.Empty()) {
    return InvalidArgument(
        "refusing to delete every document: give scrape_id, service, region "
        "or operation");
  }
  std::lock_guard lock(mu_);
  WhereClause where = ResourceWhere(filter);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(
      int64_t deleted,
      DeleteDocumentsWhere(where.conditions(), [&](SqliteStatement& st) { where.Bind(st); }));
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return deleted;
}

Result<std::vector<ResponseDocument>> SqliteStore::CompareResources(const CompareQuery& query) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  std::string sql = std::string(kDocumentColumns) + kDocumentFrom +
                    " JOIN (SELECT DISTINCT scrape_id, scrape_timestamp FROM aws_resources WHERE "
                    "service = ?1 AND region = ?2 AND operation = ?3 ORDER BY scrape_timestamp "
                    "DESC, scrape_id DESC LIMIT ?4) s ON s.scrape_id = r.scrape_id WHERE "
                    "r.service = ?1 AND r.region = ?2 AND r.operation = ?3 ORDER BY "
                    "r.scrape_timestamp DESC, r.scrape_id DESC, r.page";
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st, db.Prepare(sql));
  st->BindText(1, query.service);
  st->BindText(2, RegionKey(query.region));
  st->BindText(3, query.operation);
  st->BindInt(4, LimitValue(query.limit));
  return ReadDocuments(*st);
}

// --- aggregations ----------------------------------------------------------------------------

Result<Stats> SqliteStore::GetStats() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  Stats stats;
  AWSCRAPE_ASSIGN_OR_RETURN(stats.total_scrapes, QueryInt(db, "SELECT COUNT(*) FROM scrapes"));
  AWSCRAPE_ASSIGN_OR_RETURN(stats.successful_scrapes,
                            QueryInt(db, "SELECT COUNT(*) FROM scrapes WHERE success = 1"));
  AWSCRAPE_ASSIGN_OR_RETURN(stats.total_resources,
                            QueryInt(db, "SELECT COUNT(*) FROM aws_resources"));
  AWSCRAPE_ASSIGN_OR_RETURN(
      stats.services_discovered,
      QueryStrings(db, "SELECT DISTINCT service FROM aws_resources ORDER BY service"));
  AWSCRAPE_ASSIGN_OR_RETURN(
      stats.regions_scanned,
      QueryStrings(db,
                   "SELECT DISTINCT region FROM aws_resources WHERE region <> '' "
                   "ORDER BY region"));
  if (stats.total_scrapes > 0) {
    AWSCRAPE_ASSIGN_OR_RETURN(int64_t last, QueryInt(db, "SELECT MAX(start_time) FROM scrapes"));
    stats.last_scrape = FromMillis(last);
  }
  return stats;
}

Result<std::vector<GroupStats>> SqliteStore::StatsByService() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  return QueryGroups(db,
                     "SELECT service, COUNT(*), SUM(item_count), COUNT(DISTINCT scrape_id) FROM "
                     "aws_resources GROUP BY service ORDER BY 2 DESC, 1");
}

Result<std::vector<GroupStats>> SqliteStore::StatsByRegion() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  return QueryGroups(db,
                     "SELECT CASE WHEN region = '' THEN 'global' ELSE region END AS key, COUNT(*), "
                     "SUM(item_count), COUNT(DISTINCT scrape_id) FROM aws_resources GROUP BY key "
                     "ORDER BY 2 DESC, 1");
}

Result<std::vector<TimelineDay>> SqliteStore::Timeline(int days, Timestamp now) {
  if (days < 1 || days > 36600) return InvalidArgument("timeline days must be 1..36600");
  int64_t today = ToMillis(now) / kMillisPerDay;
  if (ToMillis(now) < 0) --today;
  int64_t first_day = today - days + 1;
  std::vector<TimelineDay> timeline(days);
  for (int i = 0; i < days; ++i) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(first_day + i, y, m, d);
    char text[16];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    timeline[i].date = text;
  }
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  auto fill = [&](const std::string& sql, auto assign) -> Status {
    AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st, db.Prepare(sql));
    st->BindInt(1, first_day * kMillisPerDay);
    st->BindInt(2, (today + 1) * kMillisPerDay);
    while (true) {
      AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      int64_t index = st->Int(0) - first_day;
      if (index >= 0 && index < days) assign(timeline[index], *st);
    }
    st->Reset();
    return Status::Ok();
  };
  AWSCRAPE_RETURN_IF_ERROR(
      fill("SELECT start_time / 86400000, COUNT(*), SUM(success = 1) FROM scrapes WHERE start_time "
           ">= ?1 AND start_time < ?2 GROUP BY 1",
           [](TimelineDay& day, SqliteStatement& st) {
             day.scrapes = st.Int(1);
             day.successful_scrapes = st.Int(2);
           }));
  AWSCRAPE_RETURN_IF_ERROR(
      fill("SELECT scrape_timestamp / 86400000, COUNT(*), SUM(item_count) FROM aws_resources WHERE "
           "scrape_timestamp >= ?1 AND scrape_timestamp < ?2 GROUP BY 1",
           [](TimelineDay& day, SqliteStatement& st) {
             day.documents = st.Int(1);
             day.items = st.Int(2);
           }));
  return timeline;
}

// --- retention -------------------------------------------------------------------------------

Result<DeleteCounts> SqliteStore::DeleteScrapesOlderThan(Timestamp cutoff) {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st,
                            db_->Prepare("SELECT scrape_id FROM scrapes WHERE created_at < ?1"));
  st->BindInt(1, ToMillis(cutoff));
  std::vector<std::string> old;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    old.push_back(st->Text(0));
  }
  st->Reset();
  DeleteCounts total;
  for (const auto& scrape_id : old) {
    AWSCRAPE_ASSIGN_OR_RETURN(DeleteCounts counts, DeleteScrapeLocked(scrape_id));
    total.scrapes += counts.scrapes;
    total.documents += counts.documents;
    total.outcomes += counts.outcomes;
    total.logs += counts.logs;
  }
  // Logs that belong to no scrape age out on their own timestamp.
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * logs,
      db_->Prepare("DELETE FROM logs WHERE scrape_id IS NULL AND timestamp < ?1"));
  logs->BindInt(1, ToMillis(cutoff));
  AWSCRAPE_RETURN_IF_ERROR(logs->Run());
  total.logs += db_->Changes();
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return total;
}

// --- logs ------------------------------------------------------------------------------------

Status SqliteStore::AppendLogs(std::span<const LogEntry> entries) {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * st,
                            db_->Prepare(std::string("INSERT INTO logs (") + kLogColumns +
                                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  for (const auto& e : entries) {
    st->BindInt(1, ToMillis(e.timestamp));
    st->BindText(2, e.level);
    st->BindText(3, e.component);
    st->BindOptText(4, e.scrape_id);
    st->BindText(5, e.message);
    st->BindOptText(6, e.error);
    st->BindOptText(7, e.file_path);
    AWSCRAPE_RETURN_IF_ERROR(st->Run());
  }
  return txn.Commit();
}

Result<std::vector<LogEntry>> SqliteStore::QueryLogs(const LogFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  WhereClause where;
  where.Add("scrape_id", filter.scrape_id);
  where.Add("level", filter.level);
  where.Add("component", filter.component);
  int next = where.next_index();
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * st,
      db.Prepare(std::string("SELECT ") + kLogColumns + " FROM logs" + where.Sql() +
                 " ORDER BY timestamp, id LIMIT ?" + std::to_string(next)));
  where.Bind(*st);
  st->BindInt(next, LimitValue(filter.limit));
  std::vector<LogEntry> out;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    out.push_back(LogEntry{FromMillis(st->Int(0)), st->Text(1), st->Text(2), st->OptText(3),
                           st->Text(4), st->OptText(5), st->OptText(6)});
  }
  st->Reset();
  return out;
}

// --- outcome ledger --------------------------------------------------------------------------

Status SqliteStore::SaveOutcomes(std::span<const CallOutcome> outcomes) {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * st,
      db_->Prepare(std::string("INSERT OR REPLACE INTO call_outcomes (") + kOutcomeColumns +
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"));
  static const std::string kNoRegion = RegionKey(std::nullopt);
  // The outcomes outlive each step: their text is bound without copies.
  for (const CallOutcome* o : LatestOutcomePerCall(outcomes)) {
    st->BindTextNoCopy(1, o->scrape_id);
    st->BindTextNoCopy(2, o->service);
    st->BindTextNoCopy(3, o->region ? *o->region : kNoRegion);
    st->BindTextNoCopy(4, o->operation);
    st->BindTextNoCopy(5, CallOutcomeName(o->outcome));
    st->BindTextNoCopy(6, o->error_code);
    st->BindInt(7, o->http_status);
    st->BindInt(8, o->duration_ms);
    st->BindInt(9, o->attempts);
    st->BindInt(10, o->retries);
    st->BindInt(11, o->pages);
    st->BindTextNoCopy(12, o->request_id);
    st->BindInt(13, o->items);
    st->BindInt(14, ToMillis(o->recorded_at));
    AWSCRAPE_RETURN_IF_ERROR(st->Run());
  }
  return txn.Commit();
}

Result<std::vector<CallOutcome>> SqliteStore::QueryOutcomes(const OutcomeFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  SqliteDb& db = lease.db();
  WhereClause where;
  where.Add("scrape_id", filter.scrape_id);
  where.Add("service", filter.service);
  where.Add("region", filter.region);
  where.Add("operation", filter.operation);
  if (filter.outcome) where.Add("outcome", std::string(CallOutcomeName(*filter.outcome)));
  AWSCRAPE_ASSIGN_OR_RETURN(
      SqliteStatement * st,
      db.Prepare(std::string("SELECT ") + kOutcomeColumns + " FROM call_outcomes" + where.Sql() +
                 " ORDER BY scrape_id, service, region, operation"));
  where.Bind(*st);
  std::vector<CallOutcome> out;
  while (true) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    CallOutcome o;
    o.scrape_id = st->Text(0);
    o.service = st->Text(1);
    o.region = RegionFromKey(st->Text(2));
    o.operation = st->Text(3);
    o.outcome = ParseCallOutcome(st->Text(4)).value_or(CallOutcomeKind::kError);
    o.error_code = st->Text(5);
    o.http_status = st->Int(6);
    o.duration_ms = st->Int(7);
    o.attempts = st->Int(8);
    o.retries = st->Int(9);
    o.pages = st->Int(10);
    o.request_id = st->Text(11);
    o.items = st->Int(12);
    o.recorded_at = FromMillis(st->Int(13));
    out.push_back(std::move(o));
  }
  st->Reset();
  return out;
}

// --- housekeeping ----------------------------------------------------------------------------

Result<int64_t> SqliteStore::BytesOnDisk() {
  std::lock_guard lock(mu_);
  if (db_->path() == ":memory:" || db_->path().empty()) {
    AWSCRAPE_ASSIGN_OR_RETURN(int64_t pages, QueryInt(*db_, "PRAGMA page_count"));
    AWSCRAPE_ASSIGN_OR_RETURN(int64_t page_size, QueryInt(*db_, "PRAGMA page_size"));
    return pages * page_size;
  }
  // Folding the WAL into the main file first makes the figure the database's, not the log's.
  // While the checkpointer thread copies the log, this checkpoint reports busy (its first
  // column) without waiting: try again until it went through, else count the log as it is.
  for (int attempt = 0; attempt < 200; ++attempt) {
    AWSCRAPE_ASSIGN_OR_RETURN(int64_t busy, QueryInt(*db_, "PRAGMA wal_checkpoint(TRUNCATE)"));
    if (busy == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    auto size = std::filesystem::file_size(db_->path() + suffix, ec);
    if (!ec) total += static_cast<int64_t>(size);
  }
  return total;
}

}  // namespace awscrape::store
