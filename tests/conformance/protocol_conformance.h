// The protocol conformance runner's parts: the request-serialisation suites (input/, legacy/input)
// and the response-parsing suites (output/, legacy/output, response_parsing/) share a tally.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace awscrape::conformance {

struct Tally {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "file: suite / case: what differed"
  std::vector<std::string> skipped;   // "file or case: reason" — every skip has a reason
};

// Runs every input (serialisation) suite found under `root` (input/*.json, legacy/input/*.json).
void RunInputSuites(const std::filesystem::path& root, Tally& tally);
// Runs every output (parsing) suite (output/*.json, legacy/output/*.json) and response_parsing/.
void RunOutputSuites(const std::filesystem::path& root, Tally& tally);

}  // namespace awscrape::conformance
