#include "awscrape/store/postgres/pg_schema.h"

#include <array>
#include <string>

namespace awscrape::store {
namespace {

// Migration i takes the schema from version i to i + 1. Append, never edit.
constexpr std::array<const char*, kPostgresSchemaVersion> kMigrations = {R"sql(
CREATE TABLE scrapes (
  scrape_id TEXT COLLATE "C" PRIMARY KEY,
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ,
  duration_seconds DOUBLE PRECISION,
  success BOOLEAN,
  return_code BIGINT,
  command JSON NOT NULL,
  services JSON,
  regions JSON NOT NULL,
  profile TEXT COLLATE "C",
  scraped_files_count BIGINT NOT NULL,
  total_resources_saved BIGINT NOT NULL,
  temp_directory TEXT COLLATE "C" NOT NULL,
  files_processed_to_mongo BIGINT NOT NULL,
  temp_files_cleaned BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  partition TEXT COLLATE "C" NOT NULL,
  models_version TEXT COLLATE "C" NOT NULL,
  tool_version TEXT COLLATE "C" NOT NULL
);
CREATE INDEX scrapes_start_time ON scrapes (start_time DESC);
CREATE INDEX scrapes_success ON scrapes (success);
CREATE INDEX scrapes_services_regions ON scrapes ((services::text), (regions::text));
CREATE INDEX scrapes_success_start_time ON scrapes (success, start_time DESC);
CREATE INDEX scrapes_created_at ON scrapes (created_at);

CREATE TABLE response_bodies (
  id BIGSERIAL PRIMARY KEY,
  hash BYTEA NOT NULL UNIQUE,
  body JSONB,
  body_text TEXT NOT NULL
);

CREATE TABLE aws_resources (
  scrape_id TEXT COLLATE "C" NOT NULL,
  scrape_timestamp TIMESTAMPTZ NOT NULL,
  service TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  profile TEXT COLLATE "C",
  operation TEXT COLLATE "C" NOT NULL,
  page BIGINT NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  partition TEXT COLLATE "C" NOT NULL,
  source_filename TEXT COLLATE "C" NOT NULL,
  temp_file_path TEXT COLLATE "C" NOT NULL,
  body_id BIGINT NOT NULL REFERENCES response_bodies (id),
  response_metadata JSON,
  metadata_position INTEGER NOT NULL,
  item_count BIGINT NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT aws_resources_key PRIMARY KEY (scrape_id, service, region, operation, page)
);
CREATE INDEX aws_resources_compare
  ON aws_resources (service, region, operation, scrape_timestamp DESC);
CREATE INDEX aws_resources_scrape_timestamp ON aws_resources (scrape_timestamp DESC);
CREATE INDEX aws_resources_source_filename ON aws_resources (source_filename);
CREATE INDEX aws_resources_body ON aws_resources (body_id);

CREATE TABLE logs (
  id BIGSERIAL PRIMARY KEY,
  timestamp TIMESTAMPTZ NOT NULL,
  level TEXT COLLATE "C" NOT NULL,
  component TEXT COLLATE "C" NOT NULL,
  scrape_id TEXT COLLATE "C",
  message TEXT COLLATE "C" NOT NULL,
  error TEXT COLLATE "C",
  file_path TEXT COLLATE "C"
);
CREATE INDEX logs_scrape_id ON logs (scrape_id);
CREATE INDEX logs_timestamp ON logs (timestamp);

CREATE TABLE call_outcomes (
  scrape_id TEXT COLLATE "C" NOT NULL,
  service TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  operation TEXT COLLATE "C" NOT NULL,
  outcome TEXT COLLATE "C" NOT NULL,
  error_code TEXT COLLATE "C" NOT NULL,
  http_status BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  attempts BIGINT NOT NULL,
  retries BIGINT NOT NULL,
  pages BIGINT NOT NULL,
  request_id TEXT COLLATE "C" NOT NULL,
  items BIGINT NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scrape_id, service, region, operation)
);
CREATE INDEX call_outcomes_outcome ON call_outcomes (outcome);

-- text -> jsonb, NULL for what JSONB cannot represent (\u0000, lone surrogates).
CREATE FUNCTION awscrape_try_jsonb(value text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN value::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;
)sql",
                                                                         R"sql(
-- Version 2 compresses response bodies with LZ4 rather than pglz (PostgreSQL 14+ built with
-- LZ4, as Debian's is). Bodies over ~2 KB are compressed twice each (the JSONB and the verbatim
-- text), and pglz made storing 20,000 bodies of 2.7 KB take 0.75 s against 0.49 s. A server
-- without LZ4 keeps pglz. Values stored before keep their compression.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE response_bodies ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN '
    || 'body_text SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  NULL;
END
$$;
)sql"};

}  // namespace

Status MigratePostgresSchema(PgConnection& conn) {
  PgTransaction txn(conn);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  // One migrator at a time across processes; the key is arbitrary but fixed ("awscrape").
  AWSCRAPE_RETURN_IF_ERROR(conn.Run("SELECT pg_advisory_xact_lock(7761517223)"));
  AWSCRAPE_RETURN_IF_ERROR(
      conn.Run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult current, conn.Exec("SELECT MAX(version) FROM schema_version"));
  int version = static_cast<int>(current.Int(0, 0));
  if (version > kPostgresSchemaVersion) {
    return Unimplemented("PostgreSQL database " + conn.Describe() + " has schema version " +
                         std::to_string(version) + ", newer than this awscrape's " +
                         std::to_string(kPostgresSchemaVersion) + "; upgrade awscrape");
  }
  for (int v = version; v < kPostgresSchemaVersion; ++v) {
    AWSCRAPE_RETURN_IF_ERROR(conn.ExecScript(kMigrations[v]).status());
  }
  if (version != kPostgresSchemaVersion) {
    AWSCRAPE_RETURN_IF_ERROR(conn.Run("DELETE FROM schema_version"));
    AWSCRAPE_RETURN_IF_ERROR(conn.Run("INSERT INTO schema_version (version) VALUES ($1)",
                                      PgParams().Int(kPostgresSchemaVersion)));
  }
  return txn.Commit();
}

}  // namespace awscrape::store
