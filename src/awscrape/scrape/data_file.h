// Helpers for reading awscrape's data files: every error names the file and the entry, so a
// malformed skip list or override says exactly where it is wrong.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

// "FILE: WHERE: WHAT" as an InvalidArgument status.
Status DataFileError(std::string_view file, std::string_view where, std::string_view what);

// Parses the file's text; the error names the file.
Result<JsonDocument> ParseDataFile(std::string_view file, std::string_view text);

// The array member `key` of the top-level object (an error when it is not an array; an empty
// array when absent and `optional`).
Result<const JsonValue*> DataArray(std::string_view file, const JsonValue& root,
                                   std::string_view key, bool optional = false);

// A non-empty string member of an entry.
Result<std::string> RequiredString(std::string_view file, std::string_view where,
                                   const JsonValue& entry, std::string_view key);

// "rules[3]".
std::string EntryName(std::string_view array, size_t index);

}  // namespace awscrape::scrape
