// What the store-using commands (ingest, import, maintenance) share: the --db flag and opening
// the store it names (or the environment's, see store/open_store.h), and error reporting.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "awscrape/cli/cli_common.h"
#include "awscrape/store/open_store.h"

namespace awscrape::cli {

inline void AddDatabaseOption(CLI::App& cmd, std::string& url) {
  cmd.add_option("--db", url,
                 "database URL: sqlite:///path.db, postgresql://..., mongodb://... (default: "
                 "$AWSCRAPE_DATABASE_URL, else $MONGODB_CONNECTION_STRING, else "
                 "sqlite://./awscrape.db)");
}

inline int StoreCommandFail(const char* command, const Status& status) {
  return ReportFailure(command, status);
}

inline Result<std::unique_ptr<store::Store>> OpenCommandStore(const std::string& flag_url) {
  return store::OpenStore(store::ResolveDatabaseUrl(flag_url));
}

}  // namespace awscrape::cli
