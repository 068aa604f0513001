// SqliteCheckpointer: WAL checkpoints of a SQLite file database on a thread of their own.
//
// In WAL mode every commit appends pages to the log, and a checkpoint copies them back into the
// database file and syncs it. SQLite's automatic checkpoint runs inside the commit that crossed
// the threshold, so the writer (the ingester's store step) waits for tens of MiB to be copied
// and synced. Installed on a writer connection, this checkpoints on a second connection instead
// (PASSIVE: never blocks the writer or readers), woken by the writer's commits once the log
// holds `wake_pages`. Should it fall behind (readers keeping old snapshots, a slow disk), the
// writer checkpoints itself past `writer_pages`, as SQLite's own automatic checkpoint would.
// Durability is unchanged: a commit is durable in the WAL (synchronous=FULL) before it returns.
//
// Thread-safety: Install() and the destructor on the thread owning the writer; the hook runs
// inside the writer's commits. Destroy the checkpointer before closing the writer connection.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "awscrape/core/result.h"
#include "awscrape/store/sqlite/sqlite_db.h"

namespace awscrape::store {

class SqliteCheckpointer {
 public:
  struct Options {
    int wake_pages = 16384;    // 64 MiB of 4 KiB pages
    int writer_pages = 65536;  // the writer checkpoints itself past this
    bool synchronous_full = true;
  };
  // Opens the checkpointing connection to `writer`'s file and replaces the writer's automatic
  // checkpoint with this one. Not for in-memory databases.
  static Result<std::unique_ptr<SqliteCheckpointer>> Install(SqliteDb& writer,
                                                             const Options& options);
  ~SqliteCheckpointer();  // stops the thread (a checkpoint under way finishes), removes the hook
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Checkpoints now, on the thread, whatever the log holds (the writer is pausing: the copy
  // overlaps its other work rather than waiting for the close). Returns at once.
  void Request();

  // Checkpoints completed by the thread (for tests).
  int64_t checkpoints() const;

 private:
  SqliteCheckpointer(SqliteDb& writer, std::unique_ptr<SqliteDb> own, const Options& options)
      : writer_(writer), own_(std::move(own)), options_(options) {}
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Run();

  SqliteDb& writer_;
  std::unique_ptr<SqliteDb> own_;  // used only by the thread once it runs
  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;   // guarded by mu_
  bool stop_ = false;        // guarded by mu_
  int64_t checkpoints_ = 0;  // guarded by mu_
  std::thread thread_;
};

}  // namespace awscrape::store
