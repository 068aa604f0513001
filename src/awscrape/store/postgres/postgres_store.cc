#include "awscrape/store/postgres/postgres_store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "awscrape/core/encoding.h"
#include "awscrape/core/json.h"
#include "awscrape/store/postgres/pg_array.h"
#include "awscrape/store/postgres/pg_change_feed.h"
#include "awscrape/store/postgres/pg_schema.h"
#include "awscrape/store/response_body.h"
#include "awscrape/store/sql_columns.h"

namespace awscrape::store {
namespace {

// Documents per pipeline (PgConnection::ExecPipeline, two statements each): one round trip for
// all of their statements, few enough that neither side's socket buffer fills while the other
// waits.
constexpr size_t kPipelineChunk = 200;

constexpr int64_t kMillisPerDay = 86'400'000;

int64_t ToMillis(Timestamp t) { return t.seconds * 1000 + t.microseconds / 1000; }

Timestamp FromMillis(int64_t ms) {
  int64_t seconds = ms / 1000;
  int64_t rest = ms % 1000;
  if (rest < 0) rest += 1000, --seconds;
  return Timestamp{seconds, static_cast<int32_t>(rest * 1000)};
}

// SQL for "epoch milliseconds (a bigint expression) as a timestamptz", the same for parameter
// $n, and back; all exact.
std::string MsToTs(const std::string& expression) {
  return "(TIMESTAMPTZ 'epoch' + " + expression + " * INTERVAL '1 millisecond')";
}
std::string Ts(int n) { return MsToTs("$" + std::to_string(n) + "::bigint"); }
std::string Ms(const std::string& column) {
  return "(EXTRACT(EPOCH FROM " + column + ") * 1000)::bigint";
}

// "a = $1 AND b = $2" over a filter's present fields; the values go to params().
class PgWhere {
 public:
  explicit PgWhere(std::string prefix = "") : prefix_(std::move(prefix)) {}
  void Add(const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    params_.Str(*value);
    if (!conditions_.empty()) conditions_ += " AND ";
    conditions_ += prefix_ + column + " = $" + std::to_string(params_.size());
  }
  const std::string& conditions() const { return conditions_; }
  std::string Sql() const { return conditions_.empty() ? "" : " WHERE " + conditions_; }
  PgParams& params() { return params_; }
  int next_index() const { return params_.size() + 1; }

 private:
  std::string prefix_;
  std::string conditions_;
  PgParams params_;
};

PgWhere ResourceWhere(const ResourceFilter& filter, const std::string& prefix = "") {
  PgWhere where(prefix);
  where.Add("scrape_id", filter.scrape_id);
  where.Add("service", filter.service);
  where.Add("region", filter.region);
  where.Add("operation", filter.operation);
  return where;
}

const std::string kScrapeColumns =
    "scrape_id, " + Ms("start_time") + ", " + Ms("end_time") +
    ", duration_seconds, success, return_code, command, services, regions, profile, "
    "scraped_files_count, total_resources_saved, temp_directory, files_processed_to_mongo, "
    "temp_files_cleaned, " +
    Ms("created_at") + ", " + Ms("updated_at") +
    ", account_id, partition, models_version, tool_version";

ScrapeRecord ReadScrape(const PgResult& s, int i) {
  ScrapeRecord r;
  r.scrape_id = s.Str(i, 0);
  r.start_time = FromMillis(s.Int(i, 1));
  if (!s.IsNull(i, 2)) r.end_time = FromMillis(s.Int(i, 2));
  if (!s.IsNull(i, 3)) r.duration_seconds = s.Double(i, 3);
  if (!s.IsNull(i, 4)) r.success = s.Bool(i, 4);
  if (!s.IsNull(i, 5)) r.return_code = s.Int(i, 5);
  r.command = DecodeStrings(s.Raw(i, 6));
  if (!s.IsNull(i, 7)) r.services = DecodeStrings(s.Raw(i, 7));
  r.regions = DecodeStrings(s.Raw(i, 8));
  r.profile = s.OptStr(i, 9);
  r.scraped_files_count = s.Int(i, 10);
  r.total_resources_saved = s.Int(i, 11);
  r.temp_directory = s.Str(i, 12);
  r.files_processed_to_mongo = s.Int(i, 13);
  r.temp_files_cleaned = s.Bool(i, 14);
  r.created_at = FromMillis(s.Int(i, 15));
  r.updated_at = FromMillis(s.Int(i, 16));
  r.account_id = s.Str(i, 17);
  r.partition = s.Str(i, 18);
  r.models_version = s.Str(i, 19);
  r.tool_version = s.Str(i, 20);
  return r;
}

const std::string kDocumentColumns =
    "SELECT r.scrape_id, " + Ms("r.scrape_timestamp") +
    ", r.service, r.region, r.profile, r.operation, r.page, r.account_id, r.partition, "
    "r.source_filename, r.temp_file_path, b.body_text, r.response_metadata, "
    "r.metadata_position, r.item_count, " +
    Ms("r.processed_at") + ", " + Ms("r.created_at") + ", " + Ms("r.updated_at");
constexpr int kDocumentColumnCount = 18;
const std::string kDocumentFrom =
    " FROM aws_resources r JOIN response_bodies b ON b.id = r.body_id";
const std::string kDocumentSelect = kDocumentColumns + kDocumentFrom;

// The API's order over aws_resources without an alias.
constexpr const char* kKeyOrder =
    " ORDER BY scrape_timestamp DESC, scrape_id, service, region, operation, page";

constexpr const char* kDocumentOrder =
    " ORDER BY r.scrape_timestamp DESC, r.scrape_id, r.service, r.region, r.operation, r.page";

Result<std::vector<ResponseDocument>> ReadDocuments(const PgResult& s) {
  std::vector<ResponseDocument> out;
  out.reserve(s.rows());
  for (int i = 0; i < s.rows(); ++i) {
    ResponseDocument d;
    d.scrape_id = s.Str(i, 0);
    d.scrape_timestamp = FromMillis(s.Int(i, 1));
    d.service = s.Str(i, 2);
    d.region = RegionFromKey(s.Str(i, 3));
    d.profile = s.OptStr(i, 4);
    d.operation = s.Str(i, 5);
    d.page = s.Int(i, 6);
    d.account_id = s.Str(i, 7);
    d.partition = s.Str(i, 8);
    d.source_filename = s.Str(i, 9);
    d.temp_file_path = s.Str(i, 10);
    AWSCRAPE_ASSIGN_OR_RETURN(d.response,
                              JoinResponse(s.Raw(i, 11), s.OptRaw(i, 12), s.Int(i, 13)));
    d.item_count = s.Int(i, 14);
    d.processed_at = FromMillis(s.Int(i, 15));
    d.created_at = FromMillis(s.Int(i, 16));
    d.updated_at = FromMillis(s.Int(i, 17));
    out.push_back(std::move(d));
  }
  return out;
}

const std::string kOutcomeColumns =
    "scrape_id, service, region, operation, outcome, error_code, http_status, duration_ms, "
    "attempts, retries, pages, request_id, items, recorded_at";

std::vector<GroupStats> ReadGroups(const PgResult& r) {
  std::vector<GroupStats> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(GroupStats{r.Str(i, 0), r.Int(i, 1), r.Int(i, 2), r.Int(i, 3)});
  }
  return out;
}

// LIMIT NULL is PostgreSQL's "no limit".
void AddLimit(PgParams& params, int64_t limit) {
  if (limit > 0) {
    params.Int(limit);
  } else {
    params.Null();
  }
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto conn, PgConnection::Connect(uri));
  AWSCRAPE_RETURN_IF_ERROR(MigratePostgresSchema(*conn));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(conn), uri));
}

Result<PostgresStore::ReadLease> PostgresStore::Read() {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<PgConnection> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(*this, std::move(reader));
    }
  }
  // One more concurrent reader than ever before: a new session (the schema is migrated).
  AWSCRAPE_ASSIGN_OR_RETURN(auto reader, PgConnection::Connect(uri_));
  return ReadLease(*this, std::move(reader));
}

PostgresStore::ReadLease::~ReadLease() {
  if (!conn_) return;
  constexpr size_t kMaxIdleReaders = 16;
  std::lock_guard lock(store_->pool_mu_);
  if (store_->idle_readers_.size() < kMaxIdleReaders) {
    store_->idle_readers_.push_back(std::move(conn_));
  }
}

// --- scrapes ---------------------------------------------------------------------------------

Result<int64_t> PostgresStore::InsertScrape(const ScrapeRecord& s, bool replace) {
  std::string sql =
      "INSERT INTO scrapes (scrape_id, start_time, end_time, duration_seconds, success, "
      "return_code, command, services, regions, profile, scraped_files_count, "
      "total_resources_saved, temp_directory, files_processed_to_mongo, temp_files_cleaned, "
      "created_at, updated_at, account_id, partition, models_version, tool_version) VALUES ($1, " +
      Ts(2) + ", " + Ts(3) + ", $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, " + Ts(16) +
      ", " + Ts(17) + ", $18, $19, $20, $21) ON CONFLICT (scrape_id) DO ";
  if (replace) {
    sql +=
        "UPDATE SET start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, "
        "duration_seconds = EXCLUDED.duration_seconds, success = EXCLUDED.success, "
        "return_code = EXCLUDED.return_code, command = EXCLUDED.command, services = "
        "EXCLUDED.services, regions = EXCLUDED.regions, profile = EXCLUDED.profile, "
        "scraped_files_count = EXCLUDED.scraped_files_count, total_resources_saved = "
        "EXCLUDED.total_resources_saved, temp_directory = EXCLUDED.temp_directory, "
        "files_processed_to_mongo = EXCLUDED.files_processed_to_mongo, temp_files_cleaned = "
        "EXCLUDED.temp_files_cleaned, created_at = EXCLUDED.created_at, updated_at = "
        "EXCLUDED.updated_at, account_id = EXCLUDED.account_id, partition = EXCLUDED.partition, "
        "models_version = EXCLUDED.models_version, tool_version = EXCLUDED.tool_version";
  } else {
    sql += "NOTHING";
  }
  PgParams p;
  p.Str(s.scrape_id).Int(ToMillis(s.start_time));
  if (s.end_time) {
    p.Int(ToMillis(*s.end_time));
  } else {
    p.Null();
  }
  if (s.duration_seconds) {
    p.Double(*s.duration_seconds);
  } else {
    p.Null();
  }
  if (s.success) {
    p.Bool(*s.success);
  } else {
    p.Null();
  }
  p.OptInt(s.return_code).Text(EncodeStrings(s.command));
  if (s.services) {
    p.Text(EncodeStrings(*s.services));
  } else {
    p.Null();
  }
  p.Text(EncodeStrings(s.regions))
      .OptStr(s.profile)
      .Int(s.scraped_files_count)
      .Int(s.total_resources_saved)
      .Str(s.temp_directory)
      .Int(s.files_processed_to_mongo)
      .Bool(s.temp_files_cleaned)
      .Int(ToMillis(s.created_at))
      .Int(ToMillis(s.updated_at))
      .Str(s.account_id)
      .Str(s.partition)
      .Str(s.models_version)
      .Str(s.tool_version);
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult r, conn_->Exec(sql, p));
  return r.Affected();
}

Status PostgresStore::SaveScrape(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  std::lock_guard lock(mu_);
  auto inserted = InsertScrape(scrape, /*replace=*/true);
  return inserted.ok() ? Status::Ok() : inserted.status();
}

Result<bool> PostgresStore::CreateScrapeIfAbsent(const ScrapeRecord& scrape) {
  if (scrape.scrape_id.empty()) return InvalidArgument("a scrape needs a scrape_id");
  std::lock_guard lock(mu_);
  AWSCRAPE_ASSIGN_OR_RETURN(int64_t inserted, InsertScrape(scrape, /*replace=*/false));
  return inserted > 0;
}

Result<ScrapeRecord> PostgresStore::GetScrape(std::string_view scrape_id) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult r, conn.ExecPrepared("SELECT " + kScrapeColumns +
                                                              " FROM scrapes WHERE scrape_id = $1",
                                                          PgParams().Str(scrape_id)));
  if (r.rows() == 0) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  return ReadScrape(r, 0);
}

Result<ScrapePage> PostgresStore::ListScrapes(const ScrapeFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  std::string where = filter.success ? " WHERE success = $1" : "";
  PgParams params;
  if (filter.success) params.Bool(*filter.success);
  ScrapePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult count,
                            conn.Exec("SELECT COUNT(*) FROM scrapes" + where, params));
  page.total = count.Int(0, 0);
  int next = params.size() + 1;
  AddLimit(params, filter.limit);
  params.Int(filter.offset);
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult r, conn.Exec("SELECT " + kScrapeColumns + " FROM scrapes" + where +
                                " ORDER BY start_time DESC, scrape_id DESC LIMIT $" +
                                std::to_string(next) + " OFFSET $" + std::to_string(next + 1),
                            params));
  for (int i = 0; i < r.rows(); ++i) page.scrapes.push_back(ReadScrape(r, i));
  return page;
}

Result<int64_t> PostgresStore::DeleteDocumentsWhere(const std::string& where,
                                                    const PgParams& params) {
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult bodies,
      conn_->Exec("SELECT DISTINCT body_id FROM aws_resources WHERE " + where, params));
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult removed,
                            conn_->Exec("DELETE FROM aws_resources WHERE " + where, params));
  if (bodies.rows() > 0) {
    std::string ids = "{";
    for (int i = 0; i < bodies.rows(); ++i) {
      if (i) ids += ',';
      ids += std::to_string(bodies.Int(i, 0));
    }
    ids += '}';
    AWSCRAPE_RETURN_IF_ERROR(
        conn_->Run("DELETE FROM response_bodies b WHERE b.id = ANY($1::bigint[]) AND NOT EXISTS "
                   "(SELECT 1 FROM aws_resources r WHERE r.body_id = b.id)",
                   PgParams().Text(ids)));
  }
  return removed.Affected();
}

Result<DeleteCounts> PostgresStore::DeleteScrapeLocked(const std::string& scrape_id) {
  DeleteCounts counts;
  PgParams params;
  params.Str(scrape_id);
  AWSCRAPE_ASSIGN_OR_RETURN(counts.documents, DeleteDocumentsWhere("scrape_id = $1", params));
  for (auto [table, count] :
       {std::pair{"call_outcomes", &counts.outcomes}, std::pair{"logs", &counts.logs},
        std::pair{"scrapes", &counts.scrapes}}) {
    AWSCRAPE_ASSIGN_OR_RETURN(
        PgResult r,
        conn_->Exec(std::string("DELETE FROM ") + table + " WHERE scrape_id = $1", params));
    *count = r.Affected();
  }
  return counts;
}

Result<DeleteCounts> PostgresStore::DeleteScrape(std::string_view scrape_id) {
  std::lock_guard lock(mu_);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(DeleteCounts counts, DeleteScrapeLocked(std::string(scrape_id)));
  if (counts == DeleteCounts{}) return NotFound("no scrape '" + std::string(scrape_id) + "'");
  AWSCRAPE_RETURN_IF_ERROR(NotifyChanged(scrape_id));
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return counts;
}

Status PostgresStore::NotifyChanged(std::string_view scrape_id) {
  // Delivered to listeners at commit, and not at all on rollback (PostgreSQL's NOTIFY
  // semantics); equal notices of one transaction arrive once.
  return conn_->Run("SELECT pg_notify('" + std::string(kChangeChannel) + "', $1)",
                    PgParams().Text(scrape_id));
}

Result<std::unique_ptr<ChangeFeed>> PostgresStore::OpenChangeFeed() {
  return OpenPgChangeFeed(uri_);
}

// --- aws_resources ---------------------------------------------------------------------------

Result<SaveResult> PostgresStore::SaveSplit(std::span<const ResponseDocument> documents,
                                            std::span<const SplitResponseBody> splits) {
  // Bodies go in first (a stored hash costs nothing), then each document referencing its body
  // by hash; both statements per document travel in one pipeline per chunk.
  static const std::string kInsertBody =
      "INSERT INTO response_bodies (hash, body, body_text) VALUES ($1::bytea, "
      "awscrape_try_jsonb($2::text), $2::text) ON CONFLICT (hash) DO NOTHING";
  static const std::string kInsertDocument =
      "INSERT INTO aws_resources (scrape_id, scrape_timestamp, service, region, profile, "
      "operation, page, account_id, partition, source_filename, temp_file_path, body_id, "
      "response_metadata, metadata_position, item_count, processed_at, created_at, updated_at) "
      "VALUES ($1, " +
      Ts(2) +
      ", $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT id FROM response_bodies WHERE hash = "
      "$12::bytea), $13, $14, $15, " +
      Ts(16) + ", " + Ts(17) + ", " + Ts(18) +
      ") ON CONFLICT (scrape_id, service, region, operation, page) DO NOTHING";

  struct Progress {
    int64_t documents = 0;
    int64_t items = 0;
    int64_t latest = 0;
  };
  std::lock_guard lock(mu_);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  std::map<std::string, Progress> per_scrape;
  SaveResult result;
  std::string unchanged_hashes;  // hex, as a text[] literal's elements
  for (size_t begin = 0; begin < documents.size(); begin += kPipelineChunk) {
    size_t end = std::min(documents.size(), begin + kPipelineChunk);
    std::vector<std::pair<const std::string*, PgParams>> queries;
    queries.reserve(2 * (end - begin));
    for (size_t i = begin; i < end; ++i) {
      const ResponseDocument& doc = documents[i];
      const SplitResponseBody& split = splits[i];
      queries.emplace_back(&kInsertBody, PgParams().Binary(split.hash).Text(split.body));
      PgParams p;
      p.Str(doc.scrape_id)
          .Int(ToMillis(doc.scrape_timestamp))
          .Str(doc.service)
          .Str(RegionKey(doc.region))
          .OptStr(doc.profile)
          .Str(doc.operation)
          .Int(doc.page)
          .Str(doc.account_id)
          .Str(doc.partition)
          .Str(doc.source_filename)
          .Str(doc.temp_file_path)
          .Binary(split.hash);
      if (split.metadata) {
        p.Text(*split.metadata);
      } else {
        p.Null();
      }
      p.Int(split.metadata_position)
          .Int(doc.item_count)
          .Int(ToMillis(doc.processed_at))
          .Int(ToMillis(doc.created_at))
          .Int(ToMillis(doc.updated_at));
      queries.emplace_back(&kInsertDocument, std::move(p));
    }
    AWSCRAPE_ASSIGN_OR_RETURN(std::vector<PgResult> results, conn_->ExecPipeline(queries));
    for (size_t i = begin; i < end; ++i) {
      const ResponseDocument& doc = documents[i];
      if (results[2 * (i - begin) + 1].Affected() == 0) {
        ++result.unchanged;
        if (!unchanged_hashes.empty()) unchanged_hashes += ',';
        unchanged_hashes += HexEncode(splits[i].hash);
        continue;
      }
      ++result.inserted;
      Progress& progress = per_scrape[doc.scrape_id];
      ++progress.documents;
      progress.items += doc.item_count;
      progress.latest = std::max(progress.latest, ToMillis(doc.processed_at));
    }
  }
  // A body only unchanged duplicates brought is referenced by nothing: drop it.
  if (!unchanged_hashes.empty()) {
    AWSCRAPE_RETURN_IF_ERROR(
        conn_->Run("DELETE FROM response_bodies b WHERE b.hash IN (SELECT decode(h, 'hex') FROM "
                   "unnest($1::text[]) AS h) AND NOT EXISTS (SELECT 1 FROM aws_resources r WHERE "
                   "r.body_id = b.id)",
                   PgParams().Text("{" + unchanged_hashes + "}")));
  }
  for (const auto& [scrape_id, progress] : per_scrape) {
    AWSCRAPE_RETURN_IF_ERROR(conn_->Run(
        "UPDATE scrapes SET files_processed_to_mongo = files_processed_to_mongo + $2, "
        "total_resources_saved = total_resources_saved + $3, updated_at = GREATEST(updated_at, " +
            Ts(4) + ") WHERE scrape_id = $1",
        PgParams()
            .Str(scrape_id)
            .Int(progress.documents)
            .Int(progress.items)
            .Int(progress.latest)));
    AWSCRAPE_RETURN_IF_ERROR(NotifyChanged(scrape_id));
  }
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Result<ResourcePage> PostgresStore::QueryResources(const ResourceFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  // The page and its total in one prepared statement: one round trip, one snapshot. The count
  // is an uncorrelated subquery, evaluated once.
  PgWhere where = ResourceWhere(filter);
  PgWhere paged = ResourceWhere(filter);
  int next = paged.next_index();
  AddLimit(paged.params(), filter.limit);
  paged.params().Int(filter.offset);
  // The page's keys first, then the rows and bodies of those only (not of every match).
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult rows,
      conn.ExecPrepared(
          kDocumentColumns + ", (SELECT COUNT(*) FROM aws_resources" + where.Sql() +
              ") FROM (SELECT scrape_id, service, region, operation, page FROM aws_resources" +
              where.Sql() + kKeyOrder + " LIMIT $" + std::to_string(next) + " OFFSET $" +
              std::to_string(next + 1) +
              ") k JOIN aws_resources r USING (scrape_id, service, region, operation, page) "
              "JOIN response_bodies b ON b.id = r.body_id" +
              kDocumentOrder,
          paged.params()));
  ResourcePage page;
  AWSCRAPE_ASSIGN_OR_RETURN(page.documents, ReadDocuments(rows));
  if (rows.rows() > 0) {
    page.total = rows.Int(0, kDocumentColumnCount);
  } else if (filter.offset > 0) {  // past the end: the count did not come with a row
    AWSCRAPE_ASSIGN_OR_RETURN(
        PgResult count,
        conn.ExecPrepared("SELECT COUNT(*) FROM aws_resources" + where.Sql(), where.params()));
    page.total = count.Int(0, 0);
  }
  return page;
}

Result<int64_t> PostgresStore::DeleteResources(const ResourceFilter& filter) {
  if (filter.Empty()) {
    return InvalidArgument(
        "refusing to delete every document: give scrape_id, service, region or operation");
  }
  std::lock_guard lock(mu_);
  PgWhere where = ResourceWhere(filter);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  AWSCRAPE_ASSIGN_OR_RETURN(int64_t deleted,
                            DeleteDocumentsWhere(where.conditions(), where.params()));
  if (deleted > 0) AWSCRAPE_RETURN_IF_ERROR(NotifyChanged(filter.scrape_id.value_or("")));
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return deleted;
}

Result<std::vector<ResponseDocument>> PostgresStore::CompareResources(const CompareQuery& query) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  std::string sql = kDocumentSelect +
                    " JOIN (SELECT DISTINCT scrape_id, scrape_timestamp FROM aws_resources WHERE "
                    "service = $1 AND region = $2 AND operation = $3 ORDER BY scrape_timestamp "
                    "DESC, scrape_id DESC LIMIT $4) s ON s.scrape_id = r.scrape_id WHERE "
                    "r.service = $1 AND r.region = $2 AND r.operation = $3 ORDER BY "
                    "r.scrape_timestamp DESC, r.scrape_id DESC, r.page";
  PgParams params;
  params.Str(query.service).Str(RegionKey(query.region)).Str(query.operation);
  AddLimit(params, query.limit);
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult rows, conn.Exec(sql, params));
  return ReadDocuments(rows);
}

// --- aggregations ----------------------------------------------------------------------------

Result<Stats> PostgresStore::GetStats() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  Stats stats;
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult counts,
      conn.Exec("SELECT (SELECT COUNT(*) FROM scrapes), (SELECT COUNT(*) FROM scrapes WHERE "
                "success), (SELECT COUNT(*) FROM aws_resources), (SELECT " +
                Ms("MAX(start_time)") + " FROM scrapes)"));
  stats.total_scrapes = counts.Int(0, 0);
  stats.successful_scrapes = counts.Int(0, 1);
  stats.total_resources = counts.Int(0, 2);
  if (!counts.IsNull(0, 3)) stats.last_scrape = FromMillis(counts.Int(0, 3));
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult services, conn.Exec("SELECT DISTINCT service FROM aws_resources ORDER BY service"));
  for (int i = 0; i < services.rows(); ++i) {
    stats.services_discovered.push_back(services.Str(i, 0));
  }
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult regions,
      conn.Exec("SELECT DISTINCT region FROM aws_resources WHERE region <> '' ORDER BY region"));
  for (int i = 0; i < regions.rows(); ++i) stats.regions_scanned.push_back(regions.Str(i, 0));
  return stats;
}

Result<std::vector<GroupStats>> PostgresStore::StatsByService() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult r, conn.Exec("SELECT service, COUNT(*), SUM(item_count), COUNT(DISTINCT "
                            "scrape_id) FROM aws_resources GROUP BY service ORDER BY 2 DESC, 1"));
  return ReadGroups(r);
}

Result<std::vector<GroupStats>> PostgresStore::StatsByRegion() {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult r,
      conn.Exec("SELECT CASE WHEN region = '' THEN 'global' ELSE region END AS key, COUNT(*), "
                "SUM(item_count), COUNT(DISTINCT scrape_id) FROM aws_resources GROUP BY 1 "
                "ORDER BY 2 DESC, 1"));
  return ReadGroups(r);
}

Result<std::vector<TimelineDay>> PostgresStore::Timeline(int days, Timestamp now) {
  if (days < 1 || days > 36600) return InvalidArgument("timeline days must be 1..36600");
  int64_t today = ToMillis(now) / kMillisPerDay;
  if (ToMillis(now) < 0) --today;
  int64_t first_day = today - days + 1;
  std::vector<TimelineDay> timeline(days);
  for (int i = 0; i < days; ++i) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(first_day + i, y, m, d);
    char text[16];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    timeline[i].date = text;
  }
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  PgParams range;
  range.Int(first_day * kMillisPerDay).Int((today + 1) * kMillisPerDay);
  auto fill = [&](const std::string& sql, auto assign) -> Status {
    AWSCRAPE_ASSIGN_OR_RETURN(PgResult r, conn.Exec(sql, range));
    for (int i = 0; i < r.rows(); ++i) {
      int64_t index = r.Int(i, 0) - first_day;
      if (index >= 0 && index < days) assign(timeline[index], r, i);
    }
    return Status::Ok();
  };
  auto day_of = [](const std::string& column) {
    return "floor(" + Ms(column) + " / 86400000.0)::bigint";
  };
  AWSCRAPE_RETURN_IF_ERROR(fill(
      "SELECT " + day_of("start_time") +
          ", COUNT(*), COUNT(*) FILTER (WHERE success) FROM scrapes WHERE start_time >= " + Ts(1) +
          " AND start_time < " + Ts(2) + " GROUP BY 1",
      [](TimelineDay& day, const PgResult& r, int i) {
        day.scrapes = r.Int(i, 1);
        day.successful_scrapes = r.Int(i, 2);
      }));
  AWSCRAPE_RETURN_IF_ERROR(
      fill("SELECT " + day_of("scrape_timestamp") +
               ", COUNT(*), SUM(item_count) FROM aws_resources WHERE scrape_timestamp >= " + Ts(1) +
               " AND scrape_timestamp < " + Ts(2) + " GROUP BY 1",
           [](TimelineDay& day, const PgResult& r, int i) {
             day.documents = r.Int(i, 1);
             day.items = r.Int(i, 2);
           }));
  return timeline;
}

// --- retention -------------------------------------------------------------------------------

Result<DeleteCounts> PostgresStore::DeleteScrapesOlderThan(Timestamp cutoff) {
  std::lock_guard lock(mu_);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  PgParams at;
  at.Int(ToMillis(cutoff));
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult old, conn_->Exec("SELECT scrape_id FROM scrapes WHERE created_at < " + Ts(1), at));
  DeleteCounts total;
  for (int i = 0; i < old.rows(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(DeleteCounts counts, DeleteScrapeLocked(old.Str(i, 0)));
    AWSCRAPE_RETURN_IF_ERROR(NotifyChanged(old.Str(i, 0)));
    total.scrapes += counts.scrapes;
    total.documents += counts.documents;
    total.outcomes += counts.outcomes;
    total.logs += counts.logs;
  }
  // Logs that belong to no scrape age out on their own timestamp.
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult logs,
      conn_->Exec("DELETE FROM logs WHERE scrape_id IS NULL AND timestamp < " + Ts(1), at));
  total.logs += logs.Affected();
  AWSCRAPE_RETURN_IF_ERROR(txn.Commit());
  return total;
}

// --- logs ------------------------------------------------------------------------------------

Status PostgresStore::AppendLogs(std::span<const LogEntry> entries) {
  std::lock_guard lock(mu_);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  const std::string sql =
      "INSERT INTO logs (timestamp, level, component, scrape_id, message, error, file_path) "
      "VALUES (" +
      Ts(1) + ", $2, $3, $4, $5, $6, $7)";
  for (const auto& e : entries) {
    AWSCRAPE_RETURN_IF_ERROR(conn_->Run(sql, PgParams()
                                                 .Int(ToMillis(e.timestamp))
                                                 .Str(e.level)
                                                 .Str(e.component)
                                                 .OptStr(e.scrape_id)
                                                 .Str(e.message)
                                                 .OptStr(e.error)
                                                 .OptStr(e.file_path)));
  }
  return txn.Commit();
}

Result<std::vector<LogEntry>> PostgresStore::QueryLogs(const LogFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  PgWhere where;
  where.Add("scrape_id", filter.scrape_id);
  where.Add("level", filter.level);
  where.Add("component", filter.component);
  int next = where.next_index();
  AddLimit(where.params(), filter.limit);
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult r,
      conn.Exec("SELECT " + Ms("timestamp") +
                    ", level, component, scrape_id, message, error, file_path FROM "
                    "logs" +
                    where.Sql() + " ORDER BY timestamp, id LIMIT $" + std::to_string(next),
                where.params()));
  std::vector<LogEntry> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(LogEntry{FromMillis(r.Int(i, 0)), r.Str(i, 1), r.Str(i, 2), r.OptStr(i, 3),
                           r.Str(i, 4), r.OptStr(i, 5), r.OptStr(i, 6)});
  }
  return out;
}

// --- outcome ledger --------------------------------------------------------------------------

Status PostgresStore::SaveOutcomes(std::span<const CallOutcome> outcomes) {
  // One set-based statement per chunk, the values as arrays: a ledger has one row per call
  // (tens of thousands), and a statement each cost the server more than storing the rows.
  static const std::string kUpsert =
      "INSERT INTO call_outcomes (" + kOutcomeColumns +
      ") SELECT u.scrape_id, u.service, u.region, u.operation, u.outcome, u.error_code, "
      "u.http_status, u.duration_ms, u.attempts, u.retries, u.pages, u.request_id, u.items, " +
      MsToTs("u.recorded_at") +
      " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
      "$7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::text[], "
      "$13::bigint[], $14::bigint[]) AS u(scrape_id, service, region, operation, outcome, "
      "error_code, http_status, duration_ms, attempts, retries, pages, request_id, items, "
      "recorded_at) ON CONFLICT (scrape_id, service, region, operation) DO UPDATE SET outcome = "
      "EXCLUDED.outcome, error_code = EXCLUDED.error_code, http_status = EXCLUDED.http_status, "
      "duration_ms = EXCLUDED.duration_ms, attempts = EXCLUDED.attempts, retries = "
      "EXCLUDED.retries, pages = EXCLUDED.pages, request_id = EXCLUDED.request_id, items = "
      "EXCLUDED.items, recorded_at = EXCLUDED.recorded_at";
  constexpr size_t kChunk = 5000;

  const std::vector<const CallOutcome*> last = LatestOutcomePerCall(outcomes);
  std::lock_guard lock(mu_);
  PgTransaction txn(*conn_);
  AWSCRAPE_RETURN_IF_ERROR(txn.Begin());
  for (size_t begin = 0; begin < last.size(); begin += kChunk) {
    const size_t end = std::min(last.size(), begin + kChunk);
    std::array<PgArrayLiteral, 14> columns;
    for (size_t i = begin; i < end; ++i) {
      const CallOutcome& o = *last[i];
      columns[0].AddStr(o.scrape_id);
      columns[1].AddStr(o.service);
      columns[2].AddStr(RegionKey(o.region));
      columns[3].AddStr(o.operation);
      columns[4].AddStr(CallOutcomeName(o.outcome));
      columns[5].AddStr(o.error_code);
      columns[6].AddInt(o.http_status);
      columns[7].AddInt(o.duration_ms);
      columns[8].AddInt(o.attempts);
      columns[9].AddInt(o.retries);
      columns[10].AddInt(o.pages);
      columns[11].AddStr(o.request_id);
      columns[12].AddInt(o.items);
      columns[13].AddInt(ToMillis(o.recorded_at));
    }
    PgParams params;
    for (PgArrayLiteral& column : columns) params.Text(column.Take());
    AWSCRAPE_RETURN_IF_ERROR(conn_->ExecPrepared(kUpsert, params).status());
  }
  return txn.Commit();
}

Result<std::vector<CallOutcome>> PostgresStore::QueryOutcomes(const OutcomeFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(ReadLease lease, Read());
  PgConnection& conn = lease.conn();
  PgWhere where;
  where.Add("scrape_id", filter.scrape_id);
  where.Add("service", filter.service);
  where.Add("region", filter.region);
  where.Add("operation", filter.operation);
  if (filter.outcome) where.Add("outcome", std::string(CallOutcomeName(*filter.outcome)));
  AWSCRAPE_ASSIGN_OR_RETURN(
      PgResult r,
      conn.Exec("SELECT scrape_id, service, region, operation, outcome, error_code, "
                "http_status, duration_ms, attempts, retries, pages, request_id, items, " +
                    Ms("recorded_at") + " FROM call_outcomes" + where.Sql() +
                    " ORDER BY scrape_id, service, region, operation",
                where.params()));
  std::vector<CallOutcome> out;
  for (int i = 0; i < r.rows(); ++i) {
    CallOutcome o;
    o.scrape_id = r.Str(i, 0);
    o.service = r.Str(i, 1);
    o.region = RegionFromKey(r.Str(i, 2));
    o.operation = r.Str(i, 3);
    o.outcome = ParseCallOutcome(r.Str(i, 4)).value_or(CallOutcomeKind::kError);
    o.error_code = r.Str(i, 5);
    o.http_status = r.Int(i, 6);
    o.duration_ms = r.Int(i, 7);
    o.attempts = r.Int(i, 8);
    o.retries = r.Int(i, 9);
    o.pages = r.Int(i, 10);
    o.request_id = r.Str(i, 11);
    o.items = r.Int(i, 12);
    o.recorded_at = FromMillis(r.Int(i, 13));
    out.push_back(std::move(o));
  }
  return out;
}

// --- housekeeping ----------------------------------------------------------------------------

Result<int64_t> PostgresStore::BytesOnDisk() {
  std::lock_guard lock(mu_);
  AWSCRAPE_ASSIGN_OR_RETURN(PgResult r, conn_->Exec("SELECT pg_database_size(current_database())"));
  return r.Int(0, 0);
}

}  // namespace awscrape::store
