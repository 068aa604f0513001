// SqliteStore: the embedded, zero-set-up Store backend (the default, `./awscrape.db`).
//
// Writes go through one SQLite connection in WAL mode behind a mutex (SQLite admits one writer
// anyway). Reads of a file database use a pool of read-only connections, one per concurrent
// caller, each with its own cached prepared statements: in WAL mode they read the last committed
// state while the writer works, so API reads neither wait for an ingesting batch nor for each
// other. (An in-memory database is private to its connection: there, reads share the writer's
// mutex.) Every method is thread-safe. Batches are single transactions over cached prepared
// statements; synchronous=FULL makes
// a committed batch durable before SaveResponses returns, which the ingester relies on before
// deleting spool files. Other processes may use the same file; while one holds the write lock
// this one waits `busy_timeout_ms` and then reports kUnavailable.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "awscrape/store/sqlite/sqlite_checkpointer.h"
#include "awscrape/store/sqlite/sqlite_db.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

// Page size of a database awscrape creates; one created before keeps its own (SQLite changes it
// only by rewriting the whole file).
inline constexpr int kSqlitePageSize = 16384;

struct SqliteOptions {
  int busy_timeout_ms = 5000;
  bool synchronous_full = true;  // false: NORMAL (survives process crashes, not power loss)
  // WAL checkpoints once the log holds this many bytes of pages, on a thread of their own
  // (sqlite_checkpointer.h; file databases): commits never wait for one unless that thread falls
  // 4x behind.
  int64_t checkpoint_bytes = 64 << 20;
  bool background_checkpoints = true;
  // After a checkpoint has copied the whole log, the log file is cut back to this size when it
  // is next reused: a long ingest can grow it to ~256 MiB, which SQLite would otherwise keep.
  int64_t wal_size_limit_bytes = 64 << 20;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates `path` (":memory:" for a private in-memory database) and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const SqliteOptions& options = {});

  ~SqliteStore() override { checkpointer_.reset(); }  // before the writer closes

  void WritesPaused() override;
  // Checkpoints the checkpoint thread has completed (for tests; 0 without one).
  int64_t BackgroundCheckpoints() const { return checkpointer_ ? checkpointer_->checkpoints() : 0; }

  std::string_view Backend() const override { return "sqlite"; }

  Status SaveScrape(const ScrapeRecord& scrape) override;
  Result<bool> CreateScrapeIfAbsent(const ScrapeRecord& scrape) override;
  Result<ScrapeRecord> GetScrape(std::string_view scrape_id) override;
  Result<ScrapePage> ListScrapes(const ScrapeFilter& filter) override;
  Result<DeleteCounts> DeleteScrape(std::string_view scrape_id) override;

  Result<ResourcePage> QueryResources(const ResourceFilter& filter) override;
  Result<int64_t> DeleteResources(const ResourceFilter& filter) override;
  Result<std::vector<ResponseDocument>> CompareResources(const CompareQuery& query) override;

  Result<Stats> GetStats() override;
  Result<std::vector<GroupStats>> StatsByService() override;
  Result<std::vector<GroupStats>> StatsByRegion() override;
  Result<std::vector<TimelineDay>> Timeline(int days, Timestamp now) override;

  Result<DeleteCounts> DeleteScrapesOlderThan(Timestamp cutoff) override;

  Status AppendLogs(std::span<const LogEntry> entries) override;
  Result<std::vector<LogEntry>> QueryLogs(const LogFilter& filter) override;

  Status SaveOutcomes(std::span<const CallOutcome> outcomes) override;
  Result<std::vector<CallOutcome>> QueryOutcomes(const OutcomeFilter& filter) override;

  Result<int64_t> BytesOnDisk() override;

 protected:
  Result<SaveResult> SaveSplit(std::span<const ResponseDocument> documents,
                               std::span<const SplitResponseBody> splits) override;

 private:
  SqliteStore(std::unique_ptr<SqliteDb> db, const SqliteOptions& options, bool pooled_reads)
      : db_(std::move(db)), options_(options), pooled_reads_(pooled_reads) {}

  // The connection one read call uses: a pooled reader, returned to the pool when the lease
  // ends, or the writer with mu_ held.
  class ReadLease {
   public:
    ReadLease(SqliteStore& store, std::unique_ptr<SqliteDb> reader)
        : store_(&store), reader_(std::move(reader)) {}
    explicit ReadLease(SqliteStore& store) : store_(&store), lock_(store.mu_) {}
    ReadLease(ReadLease&&) = default;
    ~ReadLease();
    SqliteDb& db() { return reader_ ? *reader_ : *store_->db_; }

   private:
    SqliteStore* store_;
    std::unique_ptr<SqliteDb> reader_;
    std::unique_lock<std::mutex> lock_;
  };
  Result<ReadLease> Read();

  Status InsertScrape(const ScrapeRecord& scrape, bool replace);
  static Result<std::vector<ResponseDocument>> ReadDocuments(SqliteStatement& stmt);
  // Deletes the documents matched by `where` (SQL over aws_resources, binding `bind`) and
  // the bodies no document references any more. Runs inside the caller's transaction.
  Result<int64_t> DeleteDocumentsWhere(const std::string& where,
                                       const std::function<void(SqliteStatement&)>& bind);
  Result<DeleteCounts> DeleteScrapeLocked(const std::string& scrape_id);

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mu_
  // WAL checkpoints off the writer's commits (file databases); destroyed before db_.
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
  const SqliteOptions options_;
  const bool pooled_reads_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteDb>> idle_readers_;  // guarded by pool_mu_
};

}  // namespace awscrape::store
