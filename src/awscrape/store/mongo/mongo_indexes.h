// The indexes of the MongoDB store: every index of the seed's "Database Indexing Strategy", the
// ones this store's queries need, and the seed's TTL indexes ("MongoDB Configuration") when a
// retention is set. Pure data, no I/O: mongo_store.cc sends CreateIndexesCommand at Open.
//
// Deviations from the seed, and why:
// - aws_resources' unique key has `page` after operation (SPEC §3: one document per page).
// - scrapes' {services: 1, regions: 1} is partial (documents whose `services` is "all"): MongoDB
//   cannot index two array fields in one compound index ("cannot index parallel arrays"), so the
//   seed's index would refuse every scrape of an explicit service list. {services: 1} covers those.
// - TTL: the seed's {created_at: 1} on scrapes and aws_resources, and the same age on the ledger
//   (recorded_at), logs (timestamp) and bodies (last_created_at, so a body outlives every
//   document that references it). Indexes named "*_ttl" are the TTL ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awscrape/store/mongo/bson_ptr.h"

namespace awscrape::store::mongo {

struct IndexSpec {
  std::string collection;
  std::string name;
  BsonPtr keys;
  bool unique = false;
  std::optional<int64_t> expire_after_seconds;  // a TTL index
  BsonPtr partial_filter;                       // null: the whole collection
};

// The indexes every store has.
std::vector<IndexSpec> StoreIndexes();
// The TTL indexes of a retention of `expire_after_seconds` (> 0).
std::vector<IndexSpec> TtlIndexes(int64_t expire_after_seconds);

// One index as createIndexes lists it: {key, name, unique?, expireAfterSeconds?,
// partialFilterExpression?}.
BsonPtr IndexToBson(const IndexSpec& index);
// {createIndexes: collection, indexes: [...]} over the specs of `collection`.
BsonPtr CreateIndexesCommand(const std::string& collection, const std::vector<IndexSpec>& specs);
// {collMod: collection, index: {name, expireAfterSeconds}}: changes a TTL index's age in place.
BsonPtr ChangeTtlCommand(const IndexSpec& ttl_index);

}  // namespace awscrape::store::mongo
