// PaginatorInfo: how to page through one operation, from the service's paginators-1.json.
//
// input_token/output_token are parallel lists (most operations have one token; some, like
// route53 ListResourceRecordSets, several). Plain value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

struct PaginatorInfo {
  std::vector<std::string> input_token;   // request members that carry the token
  std::vector<std::string> output_token;  // response paths ("NextToken", "a.b", "x || y")
  std::string limit_key;                  // page-size member; empty when none
  std::vector<std::string> result_key;    // the paged lists
  std::string more_results;               // a response flag saying more pages exist
  std::vector<std::string> non_aggregate_keys;
};

// The operation's paginator from a paginators-1.json "pagination" object; nullopt when the
// operation does not page. A malformed entry is an error naming the operation.
Result<std::optional<PaginatorInfo>> FindPaginator(const JsonValue& pagination,
                                                   std::string_view operation);

// {"input_token": [...], "output_token": [...], "limit_key": ..., ...}
void PaginatorToJson(const PaginatorInfo& info, JsonValue& out, JsonAllocator& alloc);

}  // namespace awscrape::scrape
