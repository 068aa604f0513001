// What the store-using commands (ingest, import, maintenance, scrape, serve) share: the --db flag
// and opening the store it names (or the environment's, see store/open_store.h), the retention
// setting (store/retention.h), and error and deletion reporting.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "awscrape/cli/cli_common.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/retention.h"

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

inline void AddRetentionOption(CLI::App& cmd, std::optional<int>& days) {
  cmd.add_option("--retention-days", days,
                 "delete scrapes older than N days automatically (default: "
                 "$AWSCRAPE_RETENTION_DAYS; none)");
}

// What went with the deleted scrapes: "D documents, L ledger entries, G log entries".
inline std::string DescribeDeletedContents(const store::DeleteCounts& deleted) {
  return std::to_string(deleted.documents) + " documents, " + std::to_string(deleted.outcomes) +
         " ledger entries, " + std::to_string(deleted.logs) + " log entries";
}

// Tells stderr what automatic retention did, when it did anything or failed.
inline void ReportRetention(const char* command, int days,
                            const Result<store::DeleteCounts>& deleted) {
  if (!deleted.ok()) {
    std::fprintf(stderr, "awscrape %s: warning: retention (%d days) failed: %s\n", command, days,
                 deleted.status().ToString().c_str());
  } else if (deleted->scrapes > 0) {
    std::fprintf(stderr, "awscrape %s: retention (%d days) deleted %lld scrapes: %s\n", command,
                 days, static_cast<long long>(deleted->scrapes),
                 DescribeDeletedContents(*deleted).c_str());
  }
}

}  // namespace awscrape::cli
