// ScanObjectMembers: the members of one JSON object as raw text, without building a DOM.
//
// A service model is mostly documentation; what a scrape uses of it is a few operations and the
// shapes they reach. Indexing the model's "operations" and "shapes" objects this way costs one
// pass over the bytes (strings are skipped with memchr) instead of a full parse, and each
// operation or shape is parsed later, alone, if it is ever used. The scan checks the structure
// it walks (strings closed, brackets matched, keys, colons and commas in place); scalars are
// checked only by the later parse of the value that holds them. Keys are returned as they are
// written: a key with an escape sequence is reported as an error, so a caller can fall back to
// a full parse. Returned views point into `text`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/core/result.h"

namespace awscrape::aws::model {

struct ScannedMember {
  std::string_view key;    // unescaped: a key with a backslash is a ParseError
  std::string_view value;  // the raw value text, e.g. "{...}", "\"x\"", "12"
};

// `text` must be exactly one JSON object, optionally surrounded by whitespace.
Result<std::vector<ScannedMember>> ScanObjectMembers(std::string_view text);
// The same, and in the same pass the members of the (object) values of the members named
// `expand_a` and `expand_b`: a service model's "shapes" and "operations".
Result<std::vector<ScannedMember>> ScanObjectMembers(std::string_view text,
                                                     std::string_view expand_a,
                                                     std::vector<ScannedMember>& expanded_a,
                                                     std::string_view expand_b,
                                                     std::vector<ScannedMember>& expanded_b);

// Copies `json` into `out` with every "documentation" member's string value emptied ("").
// Models are mostly documentation, which nothing in awscrape reads: parsing an operation or a
// shape without it is several times cheaper. Text the scan cannot follow is copied as it is.
void CopyWithoutDocumentation(std::string_view json, std::string& out);
// The same into `out`, which must hold json.size() bytes (the copy is never longer); returns
// the copy's length.
size_t CopyWithoutDocumentation(std::string_view json, char* out);

}  // namespace awscrape::aws::model
