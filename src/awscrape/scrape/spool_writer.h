// SpoolWriter: writes one page of one call into a scrape's spool directory, in aws-list-all's
// format (SPEC §2) so either tool's output can be ingested:
//
//   <dir>/<service>_<Operation>_<region>_<profile>[.p<N>].json          (spool/spool_name.h)
//   {"service": "ec2", "region": "us-east-1" | null, "profile": "prod" | null,
//    "operation": "DescribeVpcs", "response": {... botocore's parse, ResponseMetadata ...},
//    "page": N, "account_id": "123456789012", "partition": "aws",
//    "awscrape": {"default_resources": [{"items": "Vpcs", "index": 0, "rule": "ec2-default-vpc"}]}}
//
// region/profile are null where the file name says "None". "page", "account_id" and
// "partition" are awscrape's additions (the ingester reads them; aws-list-all's files lack them);
// "awscrape" appears only when the page holds default resources: each flagged item of the
// response's list `items` at position `index`, with the data/default_resources.json rule that
// matched. Nothing is dropped from the response.
//
// A page is written to TemporarySpoolFileName (a dot-name ending in .tmp, which readers ignore)
// and renamed into place, so a watcher never sees half a file. One file descriptor at a time.
// Thread-safe (no shared mutable state besides an atomic counter).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/status.h"
#include "awscrape/scrape/default_resources.h"
#include "awscrape/scrape/planner.h"

namespace awscrape::scrape {

struct SpoolIdentity {
  std::string profile;  // empty: none ("None" in names, null in files)
  std::string account_id;
  std::string partition;
};

class SpoolWriter {
 public:
  // `dir` is the scrape's directory; it must exist.
  SpoolWriter(std::filesystem::path dir, SpoolIdentity identity);

  // Writes `response` as page `page` of `call`; returns the file's path.
  Result<std::filesystem::path> WritePage(const PlannedCall& call, int page,
                                          const JsonValue& response,
                                          const std::vector<DefaultResourceFlag>& defaults);

  const std::filesystem::path& dir() const { return dir_; }
  uint64_t files_written() const { return files_written_.load(); }
  uint64_t bytes_written() const { return bytes_written_.load(); }

 private:
  std::filesystem::path dir_;
  SpoolIdentity identity_;
  std::atomic<uint64_t> files_written_{0};
  std::atomic<uint64_t> bytes_written_{0};
  std::atomic<uint64_t> sequence_{0};
};

// Serialises one spool document (exposed for tests and tools).
std::string FormatSpoolDocument(const PlannedCall& call, int page, const JsonValue& response,
                                const std::vector<DefaultResourceFlag>& defaults,
                                const SpoolIdentity& identity);

// Creates `path` with `contents` through a temporary file in the same directory, renamed into
// place; the temporary is removed when anything fails.
Status WriteFileViaRename(const std::filesystem::path& temporary, const std::filesystem::path& path,
                          std::string_view contents);

}  // namespace awscrape::scrape
