// The store's records as MongoDB documents: the seed's (seeds/000) collections, field names and
// BSON types. Pure mapping, no I/O: mongo_store.cc sends what this builds.
//
// - `scrapes`: every ScrapeRecord field under the seed's name; dates are BSON dates (UTC
//   milliseconds), counters int64, duration_seconds a double, `services` the string "all" or an
//   array, absent optionals null.
// - `aws_resources`: one document per page, keyed (unique) by scrape_id, service, region,
//   operation, page; a global call's region is null. The response is stored by content: its body
//   (everything but ResponseMetadata, see store/response_body.h) lives once in `response_bodies`
//   under `_id` = its SHA-256 (binary), the document keeps `response_hash`, `response_metadata`
//   and `metadata_position`. Bodies and metadata are embedded documents when exact, else their
//   JSON text as binary (bson_json.h).
// - `response_bodies`: {_id: hash, body, used_at, last_created_at}: `used_at` is the server time
//   of the last save that referenced the body, `last_created_at` the newest created_at of the
//   documents that did (what the body's TTL index ages it by, so it outlives them).
// - `logs`: the seed's Logging Strategy fields; `call_outcomes`: the ledger, keyed (unique) by
//   scrape_id, service, region, operation.
// Every value is appended with its BSON type (never parsed from text), so values are data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"
#include "awscrape/store/mongo/bson_ptr.h"
#include "awscrape/store/records.h"
#include "awscrape/store/response_body.h"

namespace awscrape::store::mongo {

inline constexpr const char* kScrapesCollection = "scrapes";
inline constexpr const char* kResourcesCollection = "aws_resources";
inline constexpr const char* kLogsCollection = "logs";
inline constexpr const char* kOutcomesCollection = "call_outcomes";
inline constexpr const char* kBodiesCollection = "response_bodies";

// BSON dates are milliseconds since the epoch; finer digits are dropped (records.h).
int64_t ToMillis(Timestamp t);
Timestamp FromMillis(int64_t ms);

// A region as stored: null for a global call (nullopt or "").
void AppendRegion(bson_t* doc, const std::optional<std::string>& region);

// --- scrapes ---------------------------------------------------------------------------------
BsonPtr ScrapeKey(std::string_view scrape_id);  // {scrape_id}
BsonPtr ScrapeToBson(const ScrapeRecord& scrape);
Result<ScrapeRecord> ScrapeFromBson(const bson_t& doc);

// --- aws_resources and response_bodies -------------------------------------------------------
struct MappedResponse {
  BsonPtr key;         // {scrape_id, service, region, operation, page}: the unique key
  BsonPtr fields;      // every other field of the aws_resources document
  std::string hash;    // raw SHA-256 of the body: response_bodies' _id
  BsonPtr body_value;  // {body: <document or binary text>}
};

// kInvalidArgument when the response is not a JSON object.
Result<MappedResponse> MapResponseDocument(const ResponseDocument& document);
// The same from the response already split (response_body.h); `document.response` is not read.
Result<MappedResponse> MapResponseDocument(const ResponseDocument& document,
                                           SplitResponseBody split);
// The aws_resources document as stored: key fields, then the others.
BsonPtr StoredResponseDocument(const MappedResponse& mapped);
// The upsert that stores a body once: {$setOnInsert: {body}, $currentDate: {used_at},
// $max: {last_created_at}}; selector BodyKey(hash).
BsonPtr BodyKey(std::string_view hash);
BsonPtr BodyUpsert(const MappedResponse& mapped, Timestamp created_at);

Result<std::string> StoredResponseHash(const bson_t& stored);
Result<std::string> StoredBodyJson(const bson_t& body_doc);  // a response_bodies document
// `stored` (an aws_resources document) with its body's JSON text.
Result<ResponseDocument> ResponseDocumentFromBson(const bson_t& stored, std::string_view body);

// --- logs and ledger -------------------------------------------------------------------------
BsonPtr LogEntryToBson(const LogEntry& entry);
Result<LogEntry> LogEntryFromBson(const bson_t& doc);

BsonPtr OutcomeKey(const CallOutcome& outcome);     // {scrape_id, service, region, operation}
BsonPtr OutcomeFields(const CallOutcome& outcome);  // the other fields
BsonPtr OutcomeToBson(const CallOutcome& outcome);  // key then fields, as stored
Result<CallOutcome> OutcomeFromBson(const bson_t& doc);

}  // namespace awscrape::store::mongo
