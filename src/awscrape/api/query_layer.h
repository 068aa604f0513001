// QueryLayer: the seed's queries over a Store, shared by the REST handlers and the CLI commands
// (list, show, query, compare, delete, stats), so both answer with the same JSON documents.
//
// Shapes (the seed's documents from store/documents.h inside):
//   ListScrapes   {"scrapes": [scrape...], "total", "limit", "offset"}
//   Resources     {"scrape_id", "total", "limit", "offset", "resources": [document...]}, streamed
//   Compare       {"service", "region", "operation", "limit", "scrapes": [{"scrape_id",
//                  "scrape_timestamp", "pages", "items"}...], "resources": [document...]}
//   Calls         {"scrape_id", "total", "limit", "offset", "counts": {"ok": n, ...},
//                  "calls": [outcome...]}
//   Stats         the seed's /api/stats fields; services/regions/timeline arrays.
// Large results are read from the store in batches (ResourceCursor) and written one document at
// a time, from the stored bytes (resource_writer.h). Stored responses pass through RedactSecrets,
// so a response that happens to carry credentials (an STS answer) never leaves the process with
// them. Thread-safe as the Store is.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "awscrape/api/api_types.h"
#include "awscrape/core/json.h"
#include "awscrape/store/store.h"

namespace awscrape::api {

// Replaces the value of members that hold secrets (SecretAccessKey, SessionToken, Password, ...)
// with "***", anywhere in `value`.
void RedactSecrets(JsonValue& value);
// Whether RedactSecrets masks a member called `name`.
bool IsSecretMemberName(std::string_view name);

// A stored document as the seed's JSON, secrets redacted.
JsonDocument ResourceJson(const store::ResponseDocument& document);

// Reads the documents matching a filter in batches of `batch` (the filter's limit and offset
// bound the whole walk), so memory is bounded by the batch, not the result. The order is a total
// order on the documents' unique key (scrape_timestamp desc, scrape_id, service, region,
// operation, page), so equal requests give equal pages. Limit: batches and client pages are
// offsets, so documents inserted or deleted before the current position while a scrape is
// ingesting shift the rest (one may be skipped or repeated); a finished scrape pages exactly.
class ResourceCursor {
 public:
  ResourceCursor(store::Store& store, store::ResourceFilter filter, int64_t batch = 100);
  // The next document, nullopt at the end.
  Result<std::optional<store::ResponseDocument>> Next();
  // Matching documents ignoring limit/offset; known after the first Next().
  int64_t total() const { return total_; }

 private:
  store::Store& store_;
  store::ResourceFilter filter_;
  int64_t batch_;
  int64_t position_ = 0;  // documents returned so far
  int64_t total_ = 0;
  bool exhausted_ = false;
  std::deque<store::ResponseDocument> buffered_;
};

class QueryLayer {
 public:
  explicit QueryLayer(store::Store& store) : store_(store) {}

  store::Store& store() { return store_; }

  Result<JsonDocument> ListScrapes(const store::ScrapeFilter& filter);
  Result<JsonDocument> GetScrape(const std::string& scrape_id);
  // A JSON stream of the matching documents. Its first piece is kNotFound when filter.scrape_id
  // names no scrape (checked only when nothing matched, so a hit costs one store call).
  Result<std::unique_ptr<ChunkSource>> StreamResources(const store::ResourceFilter& filter);
  Result<JsonDocument> DeleteScrape(const std::string& scrape_id);
  // {"deleted": n}; kNotFound when the scrape does not exist.
  Result<JsonDocument> DeleteResources(const store::ResourceFilter& filter);
  Result<JsonDocument> Compare(const store::CompareQuery& query);
  Result<JsonDocument> Calls(const store::OutcomeFilter& filter, int64_t limit, int64_t offset);
  Result<JsonDocument> Stats();
  Result<JsonDocument> StatsByService();
  Result<JsonDocument> StatsByRegion();
  Result<JsonDocument> Timeline(int days, Timestamp now);

 private:
  store::Store& store_;
};

}  // namespace awscrape::api
