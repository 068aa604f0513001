// The SQLite schema of the store and its migrations.
//
// Tables mirror the seed's collections (scrapes, aws_resources, logs) plus call_outcomes (the
// per-call ledger) and response_bodies (content-addressed bodies, see response_body.h). Dates
// are INTEGER milliseconds since the epoch (UTC); a region-less (global) call's region is ''
// so that it takes part in unique keys (SQLite treats NULLs as distinct). The seed's indexes
// map to SQL indexes; the unique key's prefix serves {scrape_id}, and one index serves both
// {service, region, operation, scrape_timestamp: -1} (comparison) and {service, region}:
//   (service, scrape_timestamp DESC, region, operation)
// Its order keeps a new scrape's entries together per service; in the seed's order they were
// spread over the whole index and ingestion slowed as scrapes accumulated. A query reads one
// service's range newest first and checks region and operation in the index entries.
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

inline constexpr int kSqliteSchemaVersion = 4;

Status MigrateSqliteSchema(SqliteDb& db);

}  // namespace awscrape::store
