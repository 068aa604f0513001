// PgConnection: a thin, value-returning wrapper over one libpq connection.
//
// Every statement goes through PQexecParams with its values as parameters (never spliced into
// the SQL text), so filter values are data whatever they contain. Errors map to the store's
// contract: a server that cannot be reached, or a connection lost mid-way, is kUnavailable with
// libpq's message (host and port, never the password); a constraint or data error is
// kInvalidArgument; anything else kIoError. A lost connection is re-established on the next
// call. Not thread-safe: PostgresStore serialises its use behind a mutex.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "awscrape/core/result.h"

namespace awscrape::store {

// PostgreSQL `text` cannot hold NUL; the store keeps arbitrary strings by escaping NUL as "\0"
// and backslash as "\\" (an injective mapping, so equality filters still match literally).
std::string PgEncodeText(std::string_view value);
std::string PgDecodeText(std::string_view stored);

// Positional parameters $1..$n, in text format unless added as binary.
class PgParams {
 public:
  PgParams& Text(std::string_view value);  // raw text, sent as is
  PgParams& Str(std::string_view value);   // user string, PgEncodeText'd
  PgParams& OptStr(const std::optional<std::string>& value);
  PgParams& Int(int64_t value);
  PgParams& OptInt(std::optional<int64_t> value);
  PgParams& Double(double value);
  PgParams& Bool(bool value);
  PgParams& Null();
  PgParams& Binary(std::string_view bytes);  // bytea
  int size() const { return static_cast<int>(values_.size()); }
  // The values as libpq takes them (null for NULL); valid while these params live.
  struct Pointers {
    std::vector<const char*> values;
    std::vector<int> lengths;
  };
  Pointers pointers() const;

 private:
  friend class PgConnection;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
};

// One query's rows; columns are read in text format.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string_view Raw(int row, int col) const {
    return {PQgetvalue(result_.get(), row, col),
            static_cast<size_t>(PQgetlength(result_.get(), row, col))};
  }
  std::string Str(int row, int col) const { return PgDecodeText(Raw(row, col)); }
  std::optional<std::string> OptStr(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Str(row, col);
  }
  std::optional<std::string> OptRaw(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return std::string(Raw(row, col));
  }
  int64_t Int(int row, int col) const;  // 0 when NULL
  double Double(int row, int col) const;
  bool Bool(int row, int col) const { return Raw(row, col) == "t"; }
  // Rows a command affected (INSERT/UPDATE/DELETE).
  int64_t Affected() const;
  PGresult* get() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class PgConnection {
 public:
  // Connects to a libpq URI ("postgresql://user@host:port/db?..."); kUnavailable when the server
  // cannot be reached or refuses the login.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& uri);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<PgResult> Exec(const std::string& sql, const PgParams& params = {});
  // Like Exec, through a statement prepared once per connection (parsed and planned once, not
  // on every call): for the hot read queries. Re-prepared after a reconnect.
  Result<PgResult> ExecPrepared(const std::string& sql, const PgParams& params = {});
  Status Run(const std::string& sql, const PgParams& params = {}) {
    auto result = Exec(sql, params);
    return result.ok() ? Status::Ok() : result.status();
  }
  // Sends `queries` in one pipeline (one round trip instead of one per statement) and returns
  // their results in order, or the first error. Each distinct SQL is prepared once per session
  // (as ExecPrepared), so the server parses and plans it once, not once per row. Callers keep
  // batches to a few hundred statements so that neither side's socket buffer fills while the
  // other waits.
  Result<std::vector<PgResult>> ExecPipeline(
      const std::vector<std::pair<const std::string*, PgParams>>& queries);
  // Several parameterless statements (schema migrations).
  Result<PgResult> ExecScript(const std::string& sql);
  // "host:port/db" for messages.
  std::string Describe() const;
  // Waits up to `timeout` for NOTIFY messages on the channels this session LISTENs to and
  // returns their payloads (empty when none came). kUnavailable when the connection is lost: it
  // is not re-established here, since a new session would not be listening.
  Result<std::vector<std::string>> WaitForNotifications(std::chrono::milliseconds timeout);

 private:
  friend class PgTransaction;
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  Status EnsureConnected();
  // EnsureConnected, but never inside a transaction whose connection was lost.
  Status Usable();
  // kUnavailable with libpq's message about this connection.
  Status Lost() const;
  Result<PgResult> Check(PgResult result);
  // The session's statement name for `sql`, prepared on first use.
  Result<const std::string*> Prepared(const std::string& sql, int params);

  PGconn* conn_;
  bool transaction_ = false;  // inside PgTransaction: never reconnect silently
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

// BEGIN … COMMIT; rolls back when destroyed uncommitted.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& conn) : conn_(conn) {}
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  Status Begin();
  Status Commit();

 private:
  PgConnection& conn_;
  bool open_ = false;
};

}  // namespace awscrape::store
