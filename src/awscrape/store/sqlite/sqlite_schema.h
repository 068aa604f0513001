// The SQLite schema of the store and its migrations.
//
// Tables mirror the seed's collections (scrapes, aws_resources, logs) plus call_outcomes (the
// per-call ledger) and response_bodies (content-addressed bodies, see response_body.h). Dates
// are INTEGER milliseconds since the epoch (UTC); a region-less (global) call's region is ''
// so that it takes part in unique keys (SQLite treats NULLs as distinct). The seed's indexes
// map to SQL indexes; two are served by the prefix of another and not duplicated:
//   aws_resources {scrape_id}       → the unique (scrape_id, service, region, operation, page)
//   aws_resources {service, region} → (service, region, operation, scrape_timestamp DESC)
// The seed's unique key gains `page` because one document is stored per page (SPEC §3), and
// its source_filename index is kept per scrape, (scrape_id, source_filename): file names repeat
// in every scrape, and one index over all of them slowed ingestion as the database grew.
//
// schema_version holds the number of migrations applied; Migrate applies the missing ones in
// one transaction, and refuses a database written by a newer awscrape.
#pragma once

#include "awscrape/core/status.h"
#include "awscrape/store/sqlite/sqlite_db.h"

namespace awscrape::store {

inline constexpr int kSqliteSchemaVersion = 3;

Status MigrateSqliteSchema(SqliteDb& db);

}  // namespace awscrape::store
