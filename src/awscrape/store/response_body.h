// Content addressing of response bodies: a response splits into its body (everything but
// ResponseMetadata) and its ResponseMetadata (request id, date, headers: different on every
// call). Backends store each distinct body once, keyed by the SHA-256 of its compact JSON, and
// keep the metadata and its position per document, so an unchanged second scrape adds only the
// small per-document part. JoinResponse restores the exact compact response SplitResponse saw.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/store/records.h"

namespace awscrape::store {

struct SplitResponseBody {
  std::string body;                     // compact JSON object without ResponseMetadata
  std::string hash;                     // raw 32-byte SHA-256 of `body`
  std::optional<std::string> metadata;  // compact JSON of ResponseMetadata, when present
  int64_t metadata_position = -1;       // its member index in the response; -1 when absent
};

// `response_json` must be a JSON object (kInvalidArgument otherwise).
Result<SplitResponseBody> SplitResponse(std::string_view response_json);
Result<SplitResponseBody> SplitResponse(const JsonValue& response);

// Splits every document's response, in order; the first that is not a JSON object is a
// kInvalidArgument naming its call and page (a store then stores nothing of the batch).
Result<std::vector<SplitResponseBody>> SplitResponses(std::span<const ResponseDocument> documents);

// The compact response: `body` with `metadata` back at `metadata_position`.
Result<std::string> JoinResponse(std::string_view body, const std::optional<std::string>& metadata,
                                 int64_t metadata_position);

// Elements of the response's top-level arrays (ResponseMetadata excluded): aws-list-all's
// notion of how many resources a listing holds.
int64_t CountItems(const JsonValue& response);

}  // namespace awscrape::store
