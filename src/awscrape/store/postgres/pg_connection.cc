#include "awscrape/store/postgres/pg_connection.h"

#include <poll.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <utility>

namespace awscrape::store {
namespace {

void IgnoreNotice(void*, const char*) {}  // NOTICEs (IF NOT EXISTS, …) are not errors

std::string Trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string PgEncodeText(std::string_view value) {
  if (value.find_first_of(std::string_view("\\\0", 2)) == std::string_view::npos) {
    return std::string(value);
  }
  std::string out;
  out.reserve(value.size() + 8);
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\0') {
      out += "\\0";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PgDecodeText(std::string_view stored) {
  if (stored.find('\\') == std::string_view::npos) return std::string(stored);
  std::string out;
  out.reserve(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    if (stored[i] == '\\' && i + 1 < stored.size()) {
      out += stored[i + 1] == '0' ? '\0' : stored[i + 1];
      ++i;
    } else {
      out += stored[i];
    }
  }
  return out;
}

PgParams::Pointers PgParams::pointers() const {
  Pointers p;
  p.values.reserve(values_.size());
  p.lengths.reserve(values_.size());
  for (const auto& v : values_) {
    p.values.push_back(v ? v->data() : nullptr);
    p.lengths.push_back(v ? static_cast<int>(v->size()) : 0);
  }
  return p;
}

PgParams& PgParams::Text(std::string_view value) {
  values_.emplace_back(std::string(value));
  formats_.push_back(0);
  return *this;
}
PgParams& PgParams::Str(std::string_view value) { return Text(PgEncodeText(value)); }
PgParams& PgParams::OptStr(const std::optional<std::string>& value) {
  return value ? Str(*value) : Null();
}
PgParams& PgParams::Int(int64_t value) { return Text(std::to_string(value)); }
PgParams& PgParams::OptInt(std::optional<int64_t> value) { return value ? Int(*value) : Null(); }
PgParams& PgParams::Double(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest exact
  return Text(std::string_view(buffer, ec == std::errc() ? end - buffer : 0));
}
PgParams& PgParams::Bool(bool value) { return Text(value ? "true" : "false"); }
PgParams& PgParams::Null() {
  values_.emplace_back(std::nullopt);
  formats_.push_back(0);
  return *this;
}
PgParams& PgParams::Binary(std::string_view bytes) {
  values_.emplace_back(std::string(bytes));
  formats_.push_back(1);
  return *this;
}

int64_t PgResult::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  std::string_view text = Raw(row, col);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double PgResult::Double(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtod(std::string(Raw(row, col)).c_str(), nullptr);
}

int64_t PgResult::Affected() const {
  const char* text = PQcmdTuples(result_.get());
  return text && *text ? std::strtoll(text, nullptr, 10) : 0;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& uri) {
  // connect_timeout comes first so that one in the URI overrides it (expand_dbname).
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"10", uri.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Unavailable("PostgreSQL: out of memory creating a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Unavailable("PostgreSQL database unavailable: " + message);
  }
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::string PgConnection::Describe() const {
  const char* host = PQhost(conn_);
  const char* port = PQport(conn_);
  const char* db = PQdb(conn_);
  return std::string(host ? host : "?") + ":" + (port ? port : "?") + "/" + (db ? db : "?");
}

Result<std::vector<std::string>> PgConnection::WaitForNotifications(
    std::chrono::milliseconds timeout) {
  if (PQstatus(conn_) != CONNECTION_OK) return Lost();
  std::vector<std::string> payloads;
  auto drain = [&] {
    while (PGnotify* notice = PQnotifies(conn_)) {
      payloads.emplace_back(notice->extra ? notice->extra : "");
      PQfreemem(notice);
    }
  };
  drain();  // notices that arrived with an earlier command's answer
  if (!payloads.empty()) return payloads;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return Lost();
  int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR) return IoError("PostgreSQL: poll failed");
  if (ready > 0) {
    if (PQconsumeInput(conn_) != 1 || PQstatus(conn_) != CONNECTION_OK) return Lost();
    drain();
  }
  return payloads;
}

Status PgConnection::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  prepared_.clear();  // a new session has none of the old one's prepared statements
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return Lost();
  return Status::Ok();
}

Status PgConnection::Lost() const {
  return Unavailable("PostgreSQL database " + Describe() +
                     " unavailable: " + Trimmed(PQerrorMessage(conn_)));
}

Status PgConnection::Usable() {
  // Reconnecting inside a transaction would silently drop its earlier statements.
  if (transaction_ && PQstatus(conn_) != CONNECTION_OK) {
    return Unavailable("PostgreSQL database " + Describe() +
                       " unavailable: connection lost inside a transaction");
  }
  return EnsureConnected();
}

Result<PgResult> PgConnection::Exec(const std::string& sql, const PgParams& params) {
  AWSCRAPE_RETURN_IF_ERROR(Usable());
  PgParams::Pointers p = params.pointers();
  return Check(PgResult(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, p.values.data(),
                                     p.lengths.data(), params.formats_.data(),
                                     /*resultFormat=*/0)));
}

Result<const std::string*> PgConnection::Prepared(const std::string& sql, int params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "awscrape_" + std::to_string(prepared_.size());
    AWSCRAPE_RETURN_IF_ERROR(
        Check(PgResult(PQprepare(conn_, name.c_str(), sql.c_str(), params, nullptr))).status());
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return &it->second;
}

Result<PgResult> PgConnection::ExecPrepared(const std::string& sql, const PgParams& params) {
  AWSCRAPE_RETURN_IF_ERROR(Usable());
  AWSCRAPE_ASSIGN_OR_RETURN(const std::string* name, Prepared(sql, params.size()));
  PgParams::Pointers p = params.pointers();
  return Check(PgResult(PQexecPrepared(conn_, name->c_str(), params.size(), p.values.data(),
                                       p.lengths.data(), params.formats_.data(),
                                       /*resultFormat=*/0)));
}

Result<std::vector<PgResult>> PgConnection::ExecPipeline(
    const std::vector<std::pair<const std::string*, PgParams>>& queries) {
  AWSCRAPE_RETURN_IF_ERROR(Usable());
  // Prepared before the pipeline starts: PQprepare waits for its reply, which pipeline mode
  // does not allow.
  std::vector<const std::string*> names;
  names.reserve(queries.size());
  for (const auto& [sql, params] : queries) {
    AWSCRAPE_ASSIGN_OR_RETURN(const std::string* name, Prepared(*sql, params.size()));
    names.push_back(name);
  }
  if (PQenterPipelineMode(conn_) != 1) {
    return IoError("PostgreSQL: cannot enter pipeline mode: " + Trimmed(PQerrorMessage(conn_)));
  }
  for (size_t i = 0; i < queries.size(); ++i) {
    const PgParams& params = queries[i].second;
    PgParams::Pointers p = params.pointers();
    if (PQsendQueryPrepared(conn_, names[i]->c_str(), params.size(), p.values.data(),
                            p.lengths.data(), params.formats_.data(), 0) != 1) {
      Status status = Lost();
      PQexitPipelineMode(conn_);
      return status;
    }
  }
  if (PQpipelineSync(conn_) != 1) {
    Status status = Lost();
    PQexitPipelineMode(conn_);
    return status;
  }
  std::vector<PgResult> out;
  out.reserve(queries.size());
  Status first_error;
  while (true) {
    PGresult* raw = PQgetResult(conn_);
    if (raw == nullptr) {  // end of one query's results, or a dead connection
      if (PQstatus(conn_) != CONNECTION_OK) {
        first_error = Lost();
        break;
      }
      continue;
    }
    ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(raw);
      break;
    }
    if (status == PGRES_PIPELINE_ABORTED) {  // skipped after an earlier error
      PQclear(raw);
      continue;
    }
    auto checked = Check(PgResult(raw));
    if (!checked.ok()) {
      if (first_error.ok()) first_error = checked.status();
      continue;
    }
    out.push_back(std::move(checked).value());
  }
  PQexitPipelineMode(conn_);
  if (!first_error.ok()) return first_error;
  if (out.size() != queries.size()) return Internal("PostgreSQL: pipeline lost results");
  return out;
}

Result<PgResult> PgConnection::ExecScript(const std::string& sql) {
  AWSCRAPE_RETURN_IF_ERROR(Usable());
  return Check(PgResult(PQexec(conn_, sql.c_str())));
}

Result<PgResult> PgConnection::Check(PgResult result) {
  ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* result_message = PQresultErrorMessage(result.get());
  std::string message =
      Trimmed(result_message && *result_message ? result_message : PQerrorMessage(conn_));
  const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  std::string sqlstate = state ? state : "";
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") ||
      sqlstate.starts_with("57P") || sqlstate.starts_with("53")) {
    return Unavailable("PostgreSQL database " + Describe() + " unavailable: " + message);
  }
  if (sqlstate == "23503") {
    // A body another process deleted (retention) while this one referenced it: retry works.
    return Unavailable("PostgreSQL: concurrent change, retry: " + message);
  }
  if (sqlstate.starts_with("22") || sqlstate.starts_with("23")) {
    return InvalidArgument("PostgreSQL: " + message);
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return Unavailable("PostgreSQL: " + message);  // serialisation/lock: retrying may work
  }
  return IoError("PostgreSQL: " + message + (sqlstate.empty() ? "" : " [" + sqlstate + "]"));
}

PgTransaction::~PgTransaction() {
  if (!open_) return;
  conn_.transaction_ = false;
  if (PQstatus(conn_.conn_) == CONNECTION_OK) (void)conn_.Run("ROLLBACK");
}

Status PgTransaction::Begin() {
  AWSCRAPE_RETURN_IF_ERROR(conn_.Run("BEGIN"));
  open_ = true;
  conn_.transaction_ = true;
  return Status::Ok();
}

Status PgTransaction::Commit() {
  open_ = false;
  conn_.transaction_ = false;
  return conn_.Run("COMMIT");
}

}  // namespace awscrape::store
