// One spool file, parsed and checked: aws-list-all's format (SPEC §2), as written by aws-list-all
// or by awscrape's scraper.
//
// Contents: {"service", "region", "profile", "operation", "response"} — region/profile null for
// "None" — plus, from awscrape, optional "page" (0-based, absent = 0), "account_id" and
// "partition". Other members (aws-list-all's "error") are ignored. The file name
// (spool/spool_name.h) must agree with the contents: service, operation, region and page.
// A file that fails any check is reported as kParseError (not JSON) or kInvalidArgument (wrong
// fields, too large, name mismatch), and the ingester quarantines it.
//
// The file is parsed once: the response comes out already split as a store keeps it (body
// without ResponseMetadata, its SHA-256, the metadata and its position; response_body.h) —
// byte for byte what SplitResponse gives for the compact response.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"
#include "awscrape/store/response_body.h"

namespace awscrape::store {

// Larger than any single page AWS returns, small enough to keep a batch in memory.
inline constexpr size_t kDefaultMaxSpoolFileBytes = 64u << 20;

struct SpoolFile {
  std::string service;
  std::optional<std::string> region;  // nullopt: global call ("None")
  std::optional<std::string> profile;
  std::string operation;
  int64_t page = 0;
  SplitResponseBody response;  // the response object, split (response_body.h)
  int64_t item_count = 0;
  std::string account_id;  // empty when the file does not say
  std::string partition;
};

// `file_name` is the base name, checked against the contents.
Result<SpoolFile> ParseSpoolFile(std::string_view contents, std::string_view file_name,
                                 size_t max_bytes = kDefaultMaxSpoolFileBytes);
// The same for a file read into the first `size` bytes of `buffer`, parsed there without a copy:
// the buffer may grow and its contents are changed.
Result<SpoolFile> ParseSpoolFileInBuffer(std::string& buffer, size_t size,
                                         std::string_view file_name,
                                         size_t max_bytes = kDefaultMaxSpoolFileBytes);

}  // namespace awscrape::store
