// The benchmark inputs written by bench/gen_responses.py, loaded for the C++ benchmarks.
//
// A case is one recorded AWS exchange: the service and operation, the HTTP response (status,
// headers, body bytes) and botocore's parse of it in awscrape's product form. Per-call cases also
// carry the request (parameters, host, region). Cases come from AWSCRAPE_BENCH_DATA (environment)
// or the build directory's bench/data, and are checked on load: a benchmark of a parser that
// disagrees with botocore on the same bytes would measure nothing useful.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::bench {

struct BenchCase {
  std::string name;  // "ec2_describe_instances", "call_iam_list_users"
  std::string kind;  // "parse" (large response) or "call" (small paginated list call)
  std::string service;
  std::string operation_name;
  std::shared_ptr<const aws::model::ServiceEntry> entry;
  const aws::model::Operation* operation = nullptr;
  aws::HttpResponse response;
  JsonDocument expected;  // botocore's parse, product form, RetryAttempts 0
  // Per-call cases only.
  JsonDocument params;
  std::string host;
  std::string region;
};

// The data directory: $AWSCRAPE_BENCH_DATA, else the one the build generates.
std::string BenchDataDir();

// Loads every case listed in <dir>/cases.json, with the models from the default catalogue.
Result<std::vector<BenchCase>> LoadBenchCases(const std::string& dir);

// Parses the case's response with awscrape (product form) and compares it with botocore's parse.
// An error describes the first difference found.
Status CheckAgainstBotocore(const BenchCase& bench_case);

// The signing options awscrape's client would use for this case (S3 rules for s3).
aws::SigningOptions SigningOptionsFor(const BenchCase& bench_case);

// Loads the cases or exits with a message saying how to generate them.
const std::vector<BenchCase>& CasesOrDie();

// Registers a benchmark named `name` that only reports `error` (a case that disagrees with
// botocore is reported, not timed).
void RegisterError(const std::string& name, const Status& error);

}  // namespace awscrape::bench
