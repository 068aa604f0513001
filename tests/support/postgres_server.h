// PostgresServer: a throw-away PostgreSQL server for tests, from Debian's `postgresql` package.
//
// Start() runs initdb into a fresh temporary directory (trust authentication, superuser
// `postgres`, UTF-8, C locale, fsync off) and `pg_ctl start` on a free 127.0.0.1 port, with its
// unix socket inside that directory, so nothing outside the directory is touched. When the
// process runs as root, the directory is given to the `postgres` OS user and the server runs as
// that user (PostgreSQL refuses to run as root). Stop() shuts it down (fast mode); the
// destructor stops it and removes the directory. Binaries come from AWSCRAPE_POSTGRES_BIN,
// else /usr/lib/postgresql/{17..13}/bin; when none is there, Start() returns kUnavailable with
// the reason, which tests turn into a skip.
#pragma once

#include <filesystem>
#include <string>

#include "awscrape/core/result.h"

namespace awscrape::testing {

class PostgresServer {
 public:
  PostgresServer() = default;
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  Status Start();
  Status Stop();
  bool running() const { return running_; }
  int port() const { return port_; }
  // "postgresql://postgres@127.0.0.1:PORT/DATABASE".
  std::string Url(const std::string& database = "postgres") const;

 private:
  // Runs a server binary (as `postgres` when root) with stdout/stderr appended to the log.
  Status RunTool(const std::string& tool, const std::string& arguments);

  std::filesystem::path bin_dir_;
  std::filesystem::path dir_;
  int port_ = 0;
  bool running_ = false;
  bool as_postgres_user_ = false;
};

}  // namespace awscrape::testing
