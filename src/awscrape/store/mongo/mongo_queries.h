// The store's filters, sort orders and aggregation pipelines as MongoDB query documents. Pure
// construction, no I/O.
//
// Filter values are data: each is appended as a typed BSON string under a fixed field name, so
// {"service": "{\"$gt\":\"\"}"} or {"service": "$where"} match those strings literally and
// nothing here ever builds an operator from a value. A region "" (or nullopt in CompareQuery)
// selects the global calls, stored with region null.
#pragma once

#include "awscrape/store/mongo/bson_ptr.h"
#include "awscrape/store/records.h"
#include "awscrape/store/store.h"

namespace awscrape::store::mongo {

BsonPtr ResourceFilterToBson(const ResourceFilter& filter);
BsonPtr CompareFilterToBson(const CompareQuery& query);
BsonPtr ScrapeFilterToBson(const ScrapeFilter& filter);
BsonPtr LogFilterToBson(const LogFilter& filter);
BsonPtr OutcomeFilterToBson(const OutcomeFilter& filter);

// find() options: {sort, skip, limit} (0 limit: none) and, for resources, the query's order.
BsonPtr ResourceFindOptions(int64_t limit, int64_t offset);  // newest scrape first, then key
BsonPtr CompareFindOptions();  // newest scrape first (scrape_id desc on ties), pages in order
BsonPtr ScrapeFindOptions(int64_t limit, int64_t offset);  // newest start_time first
BsonPtr LogFindOptions(int64_t limit);                     // oldest first, insertion order
BsonPtr OutcomeFindOptions();                              // by key

// {scrape_id: {$in: ids}} and {_id: {$in: hashes}} (binary).
BsonPtr ScrapeIdsFilter(const std::vector<std::string>& scrape_ids);
BsonPtr BodyIdsFilter(const std::vector<std::string>& hashes);
// The distinct response_hash values of the aws_resources documents `filter` matches.
BsonPtr HashesPipeline(const bson_t& filter);
// Bodies among `hashes` some aws_resources document still references.
BsonPtr ReferencedBodiesPipeline(const std::vector<std::string>& hashes);
// Bodies among `hashes` (all when empty) no save has used since `threshold`.
BsonPtr StaleBodiesFilter(const std::vector<std::string>& hashes, Timestamp threshold);

// Retention: scrapes created before `cutoff`; logs of no scrape older than `cutoff`.
BsonPtr CreatedBeforeFilter(Timestamp cutoff);
BsonPtr OrphanLogsFilter(Timestamp cutoff);

// Per-group document count, item sum and distinct scrapes, most documents first then by key:
// `group_key` is "$service", or the region with null shown as "global".
enum class GroupBy { kService, kRegion };
BsonPtr GroupStatsPipeline(GroupBy by);
// Distinct non-null values of `field` in aws_resources, sorted: [{$match}, {$group}, {$sort}].
BsonPtr DistinctValuesPipeline(const char* field);
// Scrapes per UTC day ("YYYY-MM-DD") with start_time in [from, to): {_id, scrapes, successful}.
BsonPtr ScrapesPerDayPipeline(Timestamp from, Timestamp to);
// Documents and items per UTC day of scrape_timestamp in [from, to): {_id, documents, items}.
BsonPtr DocumentsPerDayPipeline(Timestamp from, Timestamp to);

}  // namespace awscrape::store::mongo
