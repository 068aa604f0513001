#include "awscrape/store/open_store.h"

#include <cstdlib>

#include "awscrape/store/mongo/mongo_store.h"
#include "awscrape/store/postgres/postgres_store.h"
#include "awscrape/store/retention.h"
#include "awscrape/store/sqlite/sqlite_store.h"

namespace awscrape::store {
namespace {

const char* Lookup(const EnvironmentLookup& getenv_fn, const char* name) {
  const char* value = getenv_fn ? getenv_fn(name) : std::getenv(name);
  return value && *value ? value : nullptr;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The database named by a MongoDB URI's path: "mongodb://h:1/db?x=y" -> "db".
std::string MongoPathDatabase(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view path = rest.substr(slash + 1);
  return std::string(path.substr(0, path.find('?')));
}

}  // namespace

Result<DatabaseLocation> ParseDatabaseUrl(std::string_view url,
                                          const EnvironmentLookup& getenv_fn) {
  DatabaseLocation location;
  location.url = std::string(url);
  if (StartsWith(url, "sqlite://")) {
    location.backend = BackendKind::kSqlite;
    location.sqlite_path = std::string(url.substr(9));
    if (location.sqlite_path.empty()) {
      return InvalidArgument("database URL '" + location.url + "' names no SQLite file");
    }
    return location;
  }
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    location.backend = BackendKind::kPostgres;
    return location;
  }
  if (StartsWith(url, "mongodb://") || StartsWith(url, "mongodb+srv://")) {
    location.backend = BackendKind::kMongo;
    location.database_name = MongoPathDatabase(url);
    if (location.database_name.empty()) {
      const char* name = Lookup(getenv_fn, "MONGODB_DATABASE_NAME");
      location.database_name = name ? name : std::string(kDefaultMongoDatabase);
    }
    // The seed's TTL option: the retention setting (retention.h); an explicit 0 also drops the
    // TTL indexes an earlier setting created.
    const char* days = Lookup(getenv_fn, kRetentionDaysVariable);
    if (days && std::string_view(days) == "0") {
      location.retention_days = 0;
    } else {
      AWSCRAPE_ASSIGN_OR_RETURN(std::optional<int> retention,
                                ResolveRetentionDays(std::nullopt, getenv_fn));
      if (retention) location.retention_days = *retention;
    }
    return location;
  }
  return InvalidArgument("unsupported database URL '" + location.url +
                         "': expected sqlite://PATH, postgresql://... or mongodb://...");
}

std::string ResolveDatabaseUrl(std::string_view explicit_url, const EnvironmentLookup& getenv_fn) {
  if (!explicit_url.empty()) return std::string(explicit_url);
  if (const char* url = Lookup(getenv_fn, "AWSCRAPE_DATABASE_URL")) return url;
  if (const char* mongo = Lookup(getenv_fn, "MONGODB_CONNECTION_STRING")) return mongo;
  return std::string(kDefaultDatabaseUrl);
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  AWSCRAPE_ASSIGN_OR_RETURN(DatabaseLocation location, ParseDatabaseUrl(url));
  switch (location.backend) {
    case BackendKind::kSqlite: {
      AWSCRAPE_ASSIGN_OR_RETURN(auto sqlite, SqliteStore::Open(location.sqlite_path));
      return std::unique_ptr<Store>(std::move(sqlite));
    }
    case BackendKind::kPostgres: {
      AWSCRAPE_ASSIGN_OR_RETURN(auto postgres, PostgresStore::Open(location.url));
      return std::unique_ptr<Store>(std::move(postgres));
    }
    case BackendKind::kMongo: {
      AWSCRAPE_ASSIGN_OR_RETURN(auto mongo,
                                MongoStore::Open({.uri = location.url,
                                                  .database = location.database_name,
                                                  .retention_days = location.retention_days}));
      return std::unique_ptr<Store>(std::move(mongo));
    }
  }
  return Internal("unknown store backend");
}

}  // namespace awscrape::store
