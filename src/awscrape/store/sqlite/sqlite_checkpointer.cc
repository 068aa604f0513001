#include "awscrape/store/sqlite/sqlite_checkpointer.h"

#include <system_error>

namespace awscrape::store {

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::Install(SqliteDb& writer,
                                                                        const Options& options) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto own, SqliteDb::Open(writer.path(), 5000));
  AWSCRAPE_RETURN_IF_ERROR(own->Exec(options.synchronous_full ? "PRAGMA synchronous=FULL"
                                                              : "PRAGMA synchronous=NORMAL"));
  std::unique_ptr<SqliteCheckpointer> checkpointer(
      new SqliteCheckpointer(writer, std::move(own), options));
  try {
    checkpointer->thread_ = std::thread([self = checkpointer.get()] { self->Run(); });
  } catch (const std::system_error& e) {
    return Unavailable(std::string("cannot start the SQLite checkpoint thread: ") + e.what());
  }
  // Replaces SQLite's automatic checkpoint (itself a WAL hook) on the writer.
  sqlite3_wal_hook(writer.handle(), &SqliteCheckpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

SqliteCheckpointer::~SqliteCheckpointer() {
  // Back to SQLite's own automatic checkpoint for whatever the writer still commits.
  sqlite3_wal_autocheckpoint(writer_.handle(), options_.wake_pages);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SqliteCheckpointer::Request() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
  }
  wake_.notify_one();
}

int64_t SqliteCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

int SqliteCheckpointer::OnCommit(void* self_ptr, sqlite3* db, const char* schema, int wal_pages) {
  auto* self = static_cast<SqliteCheckpointer*>(self_ptr);
  if (wal_pages >= self->options_.writer_pages) {
    // Fallen far behind: the writer copies what it can itself (PASSIVE waits for no one).
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (wal_pages >= self->options_.wake_pages) {
    self->Request();
  }
  return SQLITE_OK;
}

void SqliteCheckpointer::Run() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return requested_ || stop_; });
      if (stop_) return;
      requested_ = false;
    }
    // Busy or failed: the log keeps its pages and the next commit past the mark asks again.
    int rc = sqlite3_wal_checkpoint_v2(own_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                       nullptr);
    std::lock_guard lock(mu_);
    if (rc == SQLITE_OK) ++checkpoints_;
  }
}

}  // namespace awscrape::store
