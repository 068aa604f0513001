// Choosing and opening a Store backend from a database URL.
//
// URLs: `sqlite:///abs/path.db` (the text after "sqlite://" is the file path, so
// `sqlite://./awscrape.db` is relative and `sqlite://:memory:` is an in-memory database),
// `postgresql://…` / `postgres://…` (libpq's connection URI), `mongodb://…` /
// `mongodb+srv://…` (the database is the URI's path, else MONGODB_DATABASE_NAME, else
// "aws_scraper_db"). The URL comes from --db, else AWSCRAPE_DATABASE_URL, else the seed's
// MONGODB_CONNECTION_STRING (+ MONGODB_DATABASE_NAME), else `sqlite://./awscrape.db`.
// MongoDB also takes the seed's TTL option from the retention setting AWSCRAPE_RETENTION_DAYS
// (retention.h; mongo_store.h: N > 0 creates or re-ages the TTL indexes, 0 removes them, unset
// leaves them). Nothing here touches
// the network or disk except OpenStore itself.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite://./awscrape.db";
inline constexpr std::string_view kDefaultMongoDatabase = "aws_scraper_db";

enum class BackendKind { kSqlite, kPostgres, kMongo };

struct DatabaseLocation {
  BackendKind backend = BackendKind::kSqlite;
  std::string url;                        // as given
  std::string sqlite_path;                // kSqlite: file path or ":memory:"
  std::string database_name;              // kMongo: database; kPostgres: empty (inside the URI)
  std::optional<int64_t> retention_days;  // kMongo: AWSCRAPE_RETENTION_DAYS
};

// Looks up environment variables; the seam lets tests supply their own environment.
using EnvironmentLookup = std::function<const char*(const char*)>;

Result<DatabaseLocation> ParseDatabaseUrl(std::string_view url,
                                          const EnvironmentLookup& getenv_fn = nullptr);

// `explicit_url` when not empty, else the environment's choice (see above).
std::string ResolveDatabaseUrl(std::string_view explicit_url,
                               const EnvironmentLookup& getenv_fn = nullptr);

// Opens (creating or migrating the schema when needed) the store `url` names.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

}  // namespace awscrape::store
