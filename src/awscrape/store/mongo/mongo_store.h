// MongoStore: the Store backend on MongoDB through libmongoc (`mongodb://…` URLs), in the seed's
// database (`aws_scraper_db` unless the URL or MONGODB_DATABASE_NAME names another) with the
// seed's collections, fields and indexes (mongo_documents.h, mongo_indexes.h).
//
// Threads: a libmongoc client pool; every method is thread-safe and borrows one client for its
// duration. Open pings the server, learns whether it supports transactions and creates the
// indexes (and the TTL indexes of a retention setting). A server that cannot be reached within
// serverSelectionTimeoutMS (5 s unless the URL says otherwise) is kUnavailable; the pool
// reconnects by itself, so a caller that retries catches up once the server is back. Written
// for MongoDB 4.4 or newer (find's allowDiskUse).
//
// Atomicity and idempotence of SaveResponses:
// - On a replica set or sharded cluster each call that writes runs in one transaction (retried
//   on TransientTransactionError): all of a batch or none of it, counters included.
// - On a standalone server (no transactions) a call is a sequence of single-document atomic
//   writes: bodies are upserted first ($setOnInsert), then each document is upserted by its
//   unique key with $setOnInsert (an existing document is never modified), then the scrape's
//   counters are $inc'ed by the number of documents the server reports as actually inserted.
//   Repeating a batch therefore stores nothing twice and counts nothing twice. What a crash or
//   an outage in the middle of a call can leave: some of the batch's documents stored (the retry
//   stores the rest) and the counters short by the documents stored before the failure (they
//   count as unchanged on the retry) — never a duplicate, never an over-count.
// - Bodies shared by content are collected when the last document using them is deleted; a body
//   some save used in the last kBodyGraceSeconds is kept (a concurrent save may be about to
//   reference it), and retention sweeps the ones left over.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "awscrape/store/mongo/mongo_client.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

struct MongoStoreOptions {
  std::string uri;                          // mongodb://… or mongodb+srv://…
  std::string database = "aws_scraper_db";  // the seed's
  // The seed's TTL option: nullopt leaves the TTL indexes as they are, 0 removes them, N > 0
  // ages scrapes, documents, ledger entries, logs and bodies out N days after created_at.
  std::optional<int64_t> retention_days;
  int32_t default_timeout_ms = 5000;  // server selection and connect, unless the URI sets them
};

class MongoStore final : public Store {
 public:
  static constexpr int64_t kBodyGraceSeconds = 600;

  static Result<std::unique_ptr<MongoStore>> Open(const MongoStoreOptions& options);

  std::string_view Backend() const override { return "mongodb"; }
  // Whether writes run in transactions (replica set or sharded cluster).
  bool transactions() const { return transactions_; }

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

  // dbStats' dataSize: the BSON bytes of the documents. (WiredTiger's file sizes only change at
  // checkpoints, a minute apart, so they cannot measure what one batch added.)
  Result<int64_t> BytesOnDisk() override;

 protected:
  Result<SaveResult> SaveSplit(std::span<const ResponseDocument> documents,
                               std::span<const SplitResponseBody> splits) override;

 private:
  MongoStore(std::unique_ptr<mongo::MongoPool> pool, bool transactions)
      : pool_(std::move(pool)), transactions_(transactions) {}

  // Runs `fn` in a transaction when the deployment has them (retrying transient failures),
  // else directly.
  Status Atomically(const std::function<Status(mongo::MongoOps&)>& fn);
  Result<std::vector<ResponseDocument>> ReadDocuments(mongo::MongoOps& ops,
                                                      std::vector<mongo::BsonPtr> stored);
  // Deletes the bodies among `hashes` (every body when `sweep`) that no document references and
  // no save used in the last kBodyGraceSeconds.
  Status CollectBodies(mongo::MongoOps& ops, std::vector<std::string> hashes, bool sweep);
  Result<DeleteCounts> DeleteScrapes(const std::vector<std::string>& scrape_ids,
                                     std::optional<Timestamp> orphan_logs_before);

  std::unique_ptr<mongo::MongoPool> pool_;
  bool transactions_;
};

}  // namespace awscrape::store
