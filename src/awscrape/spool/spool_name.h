// Spool file names: the contract between the scraper, which writes pages, and the ingester,
// which stores them (SPEC §2).
//
// A call's first page keeps aws-list-all's name, so either tool's output can be ingested:
//   <service>_<Operation>_<region>_<profile>.json      (global services: region "None";
//                                                       no profile: "None")
// Later pages of the same call add the page number before the extension:
//   <service>_<Operation>_<region>_<profile>.p<N>.json (N = 1, 2, ...)
// The file's JSON also carries "page" (absent means 0). Writers create a temporary name first —
// a leading '.' and a ".tmp" suffix — and rename it into place, so readers ignore such names and
// never see half a file. Names starting with '_' are the scrape's own bookkeeping (its ledger
// and metadata), not pages. Service names, operations and regions never contain '_'; a profile
// may.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace awscrape::spool {

struct SpoolName {
  std::string service;
  std::string operation;
  std::string region;   // "None" for global services
  std::string profile;  // "None" without a profile
  int page = 0;
};

std::string FormatSpoolFileName(const SpoolName& name);
// The temporary name a writer uses before renaming to FormatSpoolFileName(name).
std::string TemporarySpoolFileName(const SpoolName& name, std::string_view unique);
// nullopt for names that are not spool files (temporary names included).
std::optional<SpoolName> ParseSpoolFileName(std::string_view file_name);
bool IsTemporarySpoolFileName(std::string_view file_name);
// Temporary files and '_' bookkeeping files: what a reader of the spool leaves alone.
bool IsIgnoredSpoolFileName(std::string_view file_name);

}  // namespace awscrape::spool
