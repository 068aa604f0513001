#include "awscrape/store/sqlite/sqlite_schema.h"

#include <array>
#include <string>

namespace awscrape::store {
namespace {

// Migration i takes the schema from version i to i + 1. Append, never edit.
constexpr std::array<const char*, kSqliteSchemaVersion> kMigrations = {R"sql(
CREATE TABLE scrapes (
  scrape_id TEXT PRIMARY KEY NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER,
  duration_seconds REAL,
  success INTEGER,
  return_code INTEGER,
  command TEXT NOT NULL,
  services TEXT,
  regions TEXT NOT NULL,
  profile TEXT,
  scraped_files_count INTEGER NOT NULL,
  total_resources_saved INTEGER NOT NULL,
  temp_directory TEXT NOT NULL,
  files_processed_to_mongo INTEGER NOT NULL,
  temp_files_cleaned INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  partition TEXT NOT NULL,
  models_version TEXT NOT NULL,
  tool_version TEXT NOT NULL
);
CREATE INDEX scrapes_start_time ON scrapes (start_time DESC);
CREATE INDEX scrapes_success ON scrapes (success);
CREATE INDEX scrapes_services_regions ON scrapes (services, regions);
CREATE INDEX scrapes_success_start_time ON scrapes (success, start_time DESC);
CREATE INDEX scrapes_created_at ON scrapes (created_at);

CREATE TABLE response_bodies (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  body TEXT NOT NULL
);

CREATE TABLE aws_resources (
  id INTEGER PRIMARY KEY,
  scrape_id TEXT NOT NULL,
  scrape_timestamp INTEGER NOT NULL,
  service TEXT NOT NULL,
  region TEXT NOT NULL,
  profile TEXT,
  operation TEXT NOT NULL,
  page INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  partition TEXT NOT NULL,
  source_filename TEXT NOT NULL,
  temp_file_path TEXT NOT NULL,
  body_id INTEGER NOT NULL,
  response_metadata TEXT,
  metadata_position INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  processed_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX aws_resources_key
  ON aws_resources (scrape_id, service, region, operation, page);
CREATE INDEX aws_resources_compare
  ON aws_resources (service, region, operation, scrape_timestamp DESC);
CREATE INDEX aws_resources_scrape_timestamp ON aws_resources (scrape_timestamp DESC);
CREATE INDEX aws_resources_source_filename ON aws_resources (source_filename);
CREATE INDEX aws_resources_body ON aws_resources (body_id);

CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  timestamp INTEGER NOT NULL,
  level TEXT NOT NULL,
  component TEXT NOT NULL,
  scrape_id TEXT,
  message TEXT NOT NULL,
  error TEXT,
  file_path TEXT
);
CREATE INDEX logs_scrape_id ON logs (scrape_id);
CREATE INDEX logs_timestamp ON logs (timestamp);

CREATE TABLE call_outcomes (
  scrape_id TEXT NOT NULL,
  service TEXT NOT NULL,
  region TEXT NOT NULL,
  operation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  items INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (scrape_id, service, region, operation)
) WITHOUT ROWID;
CREATE INDEX call_outcomes_outcome ON call_outcomes (outcome);
)sql",
                                                                       R"sql(
-- Version 2 added an index in the API's order per scrape; the unique key serves that order
-- (a scrape's documents share its scrape_timestamp), and every index costs each insert.
DROP INDEX IF EXISTS aws_resources_scrape_order;
)sql",
                                                                       R"sql(
-- Version 3 indexes source_filename per scrape. The same file names come back in every scrape,
-- so in one index over all scrapes each new scrape's entries landed all over it: with 375k
-- documents stored, a commit rewrote ~3x the pages and ingestion ran 25 % slower. Per scrape,
-- a scrape's entries are appended together; the seed's lookup (which document came from this
-- file) names the scrape, whose directory is in the file's path.
DROP INDEX IF EXISTS aws_resources_source_filename;
CREATE INDEX aws_resources_scrape_source_filename ON aws_resources (scrape_id, source_filename);
)sql",
                                                                       R"sql(
-- Version 4 replaces the seed's comparison index (service, region, operation, scrape_timestamp)
-- by (service, scrape_timestamp DESC, region, operation). In the old order each of a scrape's
-- ~20k calls had its own place all over the index, so as scrapes accumulated a commit rewrote
-- most of its pages (375k documents stored: 39k instead of 50k documents/s). In the new one a
-- scrape's entries are grouped per service. Comparison and service queries still read one
-- service's range newest first and stop at their LIMIT; region and operation are checked in the
-- index entries, without reading rows.
DROP INDEX IF EXISTS aws_resources_compare;
CREATE INDEX aws_resources_service_time
  ON aws_resources (service, scrape_timestamp DESC, region, operation);
)sql"};

Result<int> CurrentVersion(SqliteDb& db) {
  AWSCRAPE_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                            db.Prepare("SELECT MAX(version) FROM schema_version"));
  AWSCRAPE_ASSIGN_OR_RETURN(bool row, stmt->Step());
  int version = row && !stmt->IsNull(0) ? static_cast<int>(stmt->Int(0)) : 0;
  stmt->Reset();
  return version;
}

}  // namespace

Status MigrateSqliteSchema(SqliteDb& db) {
  SqliteTransaction txn(db);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  AWSCRAPE_ASSIGN_OR_RETURN(int version, CurrentVersion(db));
  if (version > kSqliteSchemaVersion) {
    return Unimplemented("database '" + db.path() + "' has schema version " +
                         std::to_string(version) + ", newer than this awscrape's " +
                         std::to_string(kSqliteSchemaVersion) + "; upgrade awscrape");
  }
  for (int v = version; v < kSqliteSchemaVersion; ++v) {
    AWSCRAPE_RETURN_IF_ERROR(db.Exec(kMigrations[v]));
  }
  if (version != kSqliteSchemaVersion) {
    AWSCRAPE_RETURN_IF_ERROR(db.Exec("DELETE FROM schema_version"));
    AWSCRAPE_RETURN_IF_ERROR(db.Exec("INSERT INTO schema_version (version) VALUES (" +
                                     std::to_string(kSqliteSchemaVersion) + ")"));
  }
  return txn.Commit();
}

}  // namespace awscrape::store
