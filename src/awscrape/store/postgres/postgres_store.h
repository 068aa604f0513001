// PostgresStore: the Store backend on PostgreSQL through libpq (`postgresql://…` URLs).
//
// Writes go through one connection behind a mutex (other processes use their own connections;
// PostgreSQL's MVCC and the unique keys keep concurrent ingesters correct). Reads use a pool of
// further connections, one per concurrent caller, with the hot queries prepared once per
// connection: API reads neither queue behind an ingesting batch nor behind each other. Every
// method is thread-safe. Each call is one transaction; every value travels as a
// query parameter; SaveResponses sends its statements in libpq pipelines of 200 documents (one
// round trip per chunk, not per statement). Open creates or migrates the schema (pg_schema.h). A
// server that is down, refuses the login or drops the connection yields kUnavailable with libpq's
// message; the connection is re-established on the next call, so a caller that retries catches up
// once the server is back. Commits are durable per the server's synchronous_commit setting (on by
// default).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "awscrape/store/postgres/pg_connection.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

class PostgresStore final : public Store {
 public:
  // `uri` is a libpq connection URI ("postgresql://user@host:port/db").
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& uri);

  std::string_view Backend() const override { return "postgresql"; }

  Status SaveScrape(const ScrapeRecord& scrape) override;
  Result<bool> CreateScrapeIfAbsent(const ScrapeRecord& scrape) override;
  Result<ScrapeRecord> GetScrape(std::string_view scrape_id) override;
  Result<ScrapePage> ListScrapes(const ScrapeFilter& filter) override;
  Result<DeleteCounts> DeleteScrape(std::string_view scrape_id) override;

  Result<ResourcePage> QueryResources(const ResourceFilter& filter) override;
  Result<int64_t> DeleteResources(const ResourceFilter& filter) override;
  Result<std::vector<ResponseDocument>> CompareResources(const CompareQuery& query) override;

  Result<Stats> GetStats() override;
  Result<std::vector<GroupStats>> StatsByService() override;
  Result<std::vector<GroupStats>> StatsByRegion() override;
  Result<std::vector<TimelineDay>> Timeline(int days, Timestamp now) override;

  Result<DeleteCounts> DeleteScrapesOlderThan(Timestamp cutoff) override;

  Status AppendLogs(std::span<const LogEntry> entries) override;
  Result<std::vector<LogEntry>> QueryLogs(const LogFilter& filter) override;

  Status SaveOutcomes(std::span<const CallOutcome> outcomes) override;
  Result<std::vector<CallOutcome>> QueryOutcomes(const OutcomeFilter& filter) override;

  // pg_database_size of the store's database.
  Result<int64_t> BytesOnDisk() override;

  // LISTENs on a connection of its own (pg_change_feed.h); every transaction that adds or
  // deletes documents NOTIFYs the scrapes it touched.
  Result<std::unique_ptr<ChangeFeed>> OpenChangeFeed() override;

 protected:
  Result<SaveResult> SaveSplit(std::span<const ResponseDocument> documents,
                               std::span<const SplitResponseBody> splits) override;

 private:
  PostgresStore(std::unique_ptr<PgConnection> conn, std::string uri)
      : conn_(std::move(conn)), uri_(std::move(uri)) {}

  // A pooled read connection for one call, back to the pool when the lease ends.
  class ReadLease {
   public:
    ReadLease(PostgresStore& store, std::unique_ptr<PgConnection> conn)
        : store_(&store), conn_(std::move(conn)) {}
    ReadLease(ReadLease&&) = default;
    ~ReadLease();
    PgConnection& conn() { return *conn_; }

   private:
    PostgresStore* store_;
    std::unique_ptr<PgConnection> conn_;
  };
  Result<ReadLease> Read();

  Result<int64_t> InsertScrape(const ScrapeRecord& scrape, bool replace);
  // Deletes the documents matching `where` (over aws_resources, values in `params`) and the
  // bodies no document references any more. Runs inside the caller's transaction.
  Result<int64_t> DeleteDocumentsWhere(const std::string& where, const PgParams& params);
  Result<DeleteCounts> DeleteScrapeLocked(const std::string& scrape_id);
  // Queues a change notice for `scrape_id` ("" = any scrape) in the current transaction.
  Status NotifyChanged(std::string_view scrape_id);

  std::mutex mu_;
  std::unique_ptr<PgConnection> conn_;  // guarded by mu_
  const std::string uri_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_readers_;  // guarded by pool_mu_
};

}  // namespace awscrape::store
