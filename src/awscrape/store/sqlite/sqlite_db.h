// A thin RAII layer over libsqlite3: a connection, prepared statements that bind by value and
// read columns, a cache of prepared statements, and SQLite result codes mapped to Status.
//
// Not thread-safe: one SqliteDb is used by one thread at a time (SqliteStore holds a mutex).
// Text is bound with its length, so embedded NULs and any bytes round-trip literally.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "awscrape/core/result.h"

namespace awscrape::store {

// Maps a SQLite result code to a Status; `what` says what was being done. Lock contention,
// unopenable/unwritable files, a full disk → kUnavailable (retrying later may work).
Status SqliteStatus(sqlite3* db, int code, std::string_view what);

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Binds parameter `index` (1-based).
  void BindText(int index, std::string_view text);
  void BindBlob(int index, std::string_view bytes);
  void BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void BindDouble(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  void BindNull(int index) { sqlite3_bind_null(stmt_, index); }
  void BindOptText(int index, const std::optional<std::string>& text);
  // Without SQLite's copy of the bytes (SQLITE_STATIC): they must stay valid and unchanged until
  // the statement is reset (Run() and Reset() do) — for large values bound from memory that
  // outlives the step, like the bodies of an ingest batch.
  void BindTextNoCopy(int index, std::string_view text);
  void BindBlobNoCopy(int index, std::string_view bytes);
  void BindOptTextNoCopy(int index, const std::optional<std::string>& text);

  // true: a row is available; false: done.
  Result<bool> Step();
  // Runs to completion; the statement is reset afterwards.
  Status Run();
  // Ready for new bindings.
  void Reset();

  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string Text(int column) const;
  // The column's bytes without a copy; valid until the next Step, Reset or column read.
  std::string_view TextView(int column) const;
  std::optional<std::string> OptText(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating) `path`; ":memory:" is a private in-memory database.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, int busy_timeout_ms);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`, reset with its bindings cleared.
  Result<SqliteStatement*> Prepare(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless Commit() succeeded.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db) : db_(db) {}
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  Status Begin();
  Status Commit();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace awscrape::store
