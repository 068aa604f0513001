// Store: where scrapes, their response documents, the outcome ledger and logs live.
//
// One interface, several backends (SQLite now; PostgreSQL and MongoDB behind the same calls), one
// test suite (tests/unit/store_suite.h) that every backend passes. The model is the seed's
// (seeds/000): `scrapes`, `aws_resources` (one document per page of a call's response), `logs`,
// plus the `call_outcomes` ledger. records.h holds the types; documents.h maps them to the seed's
// JSON documents.
//
// Contract every backend keeps:
// - Errors are values. A database that cannot be reached, opened or written returns
//   kUnavailable (retry later may work) or kIoError/kPermissionDenied; a missing scrape kNotFound;
//   a malformed argument kInvalidArgument. Nothing is logged and swallowed.
// - SaveResponses is atomic per call (all documents or none) and idempotent: a document whose
//   key (scrape_id, service, region, operation, page) is already stored is left unchanged and
//   counted as `unchanged`. Newly stored documents add to their scrape's
//   files_processed_to_mongo (one per document) and total_resources_saved (item_count) in the
//   same transaction, so the counters stay exact across crashes and re-ingestion.
// - Response bodies are stored by content: a body equal to one already stored (ignoring
//   ResponseMetadata, kept per document) costs no second copy.
// - Filter values are data, never query text: quotes, %, _, NUL, operators match literally.
// - Deleting a scrape, or retention, removes the scrape and everything that belongs to it
//   (documents, ledger entries, logs).
// - Every method is safe to call from any thread; how a backend achieves it (one connection
//   behind a mutex, a pool) is documented in its header. Methods block until done.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/result.h"
#include "awscrape/store/change_feed.h"
#include "awscrape/store/records.h"

namespace awscrape::store {

struct SplitResponseBody;  // response_body.h

// The seed's compare query: the same call across scrapes, newest scrape first.
struct CompareQuery {
  std::string service;
  std::optional<std::string> region;  // nullopt: the global call
  std::string operation;
  int64_t limit = 10;  // scrapes, not pages; 0: no limit
};

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // "sqlite", "postgresql", "mongodb".
  virtual std::string_view Backend() const = 0;

  // --- scrapes -------------------------------------------------------------------------------
  // Inserts the scrape or replaces every field of the stored one (the seed's save and update).
  virtual Status SaveScrape(const ScrapeRecord& scrape) = 0;
  // Inserts the scrape unless one with its id exists; true when it inserted.
  virtual Result<bool> CreateScrapeIfAbsent(const ScrapeRecord& scrape) = 0;
  virtual Result<ScrapeRecord> GetScrape(std::string_view scrape_id) = 0;
  virtual Result<ScrapePage> ListScrapes(const ScrapeFilter& filter) = 0;
  // The scrape and everything that belongs to it; kNotFound when there is no such scrape.
  virtual Result<DeleteCounts> DeleteScrape(std::string_view scrape_id) = 0;

  // --- aws_resources -------------------------------------------------------------------------
  // One atomic, idempotent batch (see the contract above). Each document's `response` must be a
  // JSON object (kInvalidArgument otherwise, and nothing of the batch is stored).
  // Splits each response (response_body.h: SplitResponses, before any I/O: a bad document
  // stores nothing) and calls SaveSplitResponses.
  virtual Result<SaveResult> SaveResponses(std::span<const ResponseDocument> documents);
  // SaveResponses for documents whose responses the caller has already split: `splits[i]` is
  // what SplitResponse gives for `documents[i]`'s response, which may then be left empty. The
  // ingester parses each spool file once and hands the store its split this way.
  // kInvalidArgument when the spans differ in length; otherwise the backend's SaveSplit.
  Result<SaveResult> SaveSplitResponses(std::span<const ResponseDocument> documents,
                                        std::span<const SplitResponseBody> splits);
  virtual Result<ResourcePage> QueryResources(const ResourceFilter& filter) = 0;
  // Deletes matching documents (limit/offset ignored); refuses an empty filter.
  virtual Result<int64_t> DeleteResources(const ResourceFilter& filter) = 0;
  // The call's documents from the `limit` newest scrapes that hold it, newest first, pages in
  // order within a scrape.
  virtual Result<std::vector<ResponseDocument>> CompareResources(const CompareQuery& query) = 0;

  // --- aggregations (GET /api/stats...) -------------------------------------------------------
  virtual Result<Stats> GetStats() = 0;
  virtual Result<std::vector<GroupStats>> StatsByService() = 0;  // most documents first
  virtual Result<std::vector<GroupStats>> StatsByRegion() = 0;   // most documents first
  // The `days` UTC days ending with `now`'s, oldest first, days without scrapes included.
  virtual Result<std::vector<TimelineDay>> Timeline(int days, Timestamp now) = 0;

  // --- retention -----------------------------------------------------------------------------
  // Deletes scrapes created before `cutoff` and everything that belongs to them.
  virtual Result<DeleteCounts> DeleteScrapesOlderThan(Timestamp cutoff) = 0;

  // --- logs ----------------------------------------------------------------------------------
  virtual Status AppendLogs(std::span<const LogEntry> entries) = 0;
  virtual Result<std::vector<LogEntry>> QueryLogs(const LogFilter& filter) = 0;  // oldest first

  // --- outcome ledger ------------------------------------------------------------------------
  // Inserts or replaces by (scrape_id, service, region, operation); atomic per call. Of two
  // outcomes with one key in `outcomes`, the later is kept.
  virtual Status SaveOutcomes(std::span<const CallOutcome> outcomes) = 0;
  virtual Result<std::vector<CallOutcome>> QueryOutcomes(const OutcomeFilter& filter) = 0;

  // --- housekeeping --------------------------------------------------------------------------
  // Bytes the database occupies on disk (files, WAL included), for benchmarks and dedup checks.
  virtual Result<int64_t> BytesOnDisk() = 0;
  // The ingester has nothing more to write for now: housekeeping kept off the write path may run
  // (SQLite checkpoints its log on its own thread, instead of when the store closes).
  virtual void WritesPaused() {}

 protected:
  // Stores one batch of split documents (same length), atomically and idempotently.
  virtual Result<SaveResult> SaveSplit(std::span<const ResponseDocument> documents,
                                       std::span<const SplitResponseBody> splits) = 0;

 public:
  // --- change notices ------------------------------------------------------------------------
  // A feed of the scrapes whose documents other connections (or processes) change
  // (change_feed.h); kUnimplemented where the backend has no notification channel (SQLite,
  // MongoDB), kUnavailable when the database cannot be reached.
  virtual Result<std::unique_ptr<ChangeFeed>> OpenChangeFeed() {
    return Unimplemented(std::string(Backend()) + " stores send no change notices");
  }
};

}  // namespace awscrape::store
