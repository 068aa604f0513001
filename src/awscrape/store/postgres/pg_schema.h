// The PostgreSQL schema of the store and its migrations.
//
// The tables are SQLite's (sqlite_schema.h) in PostgreSQL types: dates are TIMESTAMPTZ (UTC,
// millisecond values), flags BOOLEAN, string lists (command, services, regions) JSON arrays,
// a global call's region '' (so it takes part in unique keys). Response bodies are
// content-addressed in response_bodies (response_body.h): `body` is the JSONB for queries
// (NULL for the rare body JSONB cannot hold, e.g. a \u0000 escape) and `body_text` the exact
// compact text the store returns, because JSONB reorders members and respells numbers and the
// store's contract is verbatim responses. Text columns use the "C" collation (bytewise order,
// like SQLite) and hold PgEncodeText'd strings. The seed's indexes are created as in SQLite.
// Bodies are compressed with LZ4 where the server has it (faster to store than pglz).
//
// schema_version holds the number of migrations applied; MigratePostgresSchema applies the
// missing ones in one transaction under an advisory lock (concurrent awscrape processes
// migrate once), and refuses a database written by a newer awscrape.
#pragma once

#include "awscrape/core/status.h"
#include "awscrape/store/postgres/pg_connection.h"

namespace awscrape::store {

inline constexpr int kPostgresSchemaVersion = 2;

Status MigratePostgresSchema(PgConnection& conn);

}  // namespace awscrape::store
