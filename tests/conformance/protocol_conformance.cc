// The protocol conformance runner.
//
//   protocol_conformance DIR
//
// DIR has the layout of ../shared/testdata/aws-protocol-tests (see its README): input/ and
// legacy/input/ (request serialisation, protocol_conformance_input.cc), output/, legacy/output/
// and response_parsing/ (response parsing, protocol_conformance_output.cc). Prints one line per
// failure, every skipped file or case with its reason, a tally per side, and last
// "N passed, M failed". Exit status 1 on any failure, 2 on a usage error.
#include "protocol_conformance.h"

#include <cstdio>
#include <filesystem>

namespace {

void PrintSide(const char* side, const awscrape::conformance::Tally& before,
               const awscrape::conformance::Tally& after) {
  std::printf("%s: %d passed, %d failed, %zu skipped\n", side, after.passed - before.passed,
              after.failed - before.failed, after.skipped.size() - before.skipped.size());
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using awscrape::conformance::Tally;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR  (a copy of aws-protocol-tests)\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::fprintf(stderr, "%s: not a directory\n", root.c_str());
    return 2;
  }
  Tally tally;
  awscrape::conformance::RunInputSuites(root, tally);
  const Tally after_input = tally;
  awscrape::conformance::RunOutputSuites(root, tally);

  for (const std::string& failure : tally.failures) std::printf("FAIL %s\n", failure.c_str());
  for (const std::string& skip : tally.skipped) std::printf("SKIP %s\n", skip.c_str());
  PrintSide("input (serialisation)", Tally{}, after_input);
  PrintSide("output (parsing)", after_input, tally);
  std::printf("%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}
