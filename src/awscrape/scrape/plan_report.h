// What `awscrape plan` derives from a Plan: counts, a duration estimate and the IAM policy
// that allows exactly the planned calls.
//
// The estimate is a floor-style model, the one SPEC §6 measures against: every call costs
// `pages_per_call` round trips of `latency`; calls run `parallel` at a time overall and at most
// `per_endpoint` at a time on one endpoint (service endpoint prefix + region), so the estimate is
// max(calls / parallel, busiest endpoint's calls / per_endpoint) x pages x latency. Retries and
// throttling are not modelled: a real scrape is slower where AWS throttles.
#pragma once

#include <map>
#include <string>

#include "awscrape/core/json.h"
#include "awscrape/scrape/planner.h"

namespace awscrape::scrape {

struct EstimateOptions {
  int parallel = 32;              // the scrape's global concurrency (--parallel)
  int per_endpoint = 10;          // calls in flight per endpoint
  double latency_seconds = 0.15;  // a typical AWS API round trip
  double pages_per_call = 1.0;    // most listings of a typical account fit one page
};

struct PlanEstimate {
  double seconds = 0;
  double global_bound_seconds = 0;    // calls x pages x latency / parallel
  double endpoint_bound_seconds = 0;  // busiest endpoint's calls x pages x latency / per_endpoint
  std::string busiest_endpoint;       // "ec2 us-east-1"
  size_t busiest_endpoint_calls = 0;
};

PlanEstimate EstimateDuration(const Plan& plan, const EstimateOptions& options);

// Calls per service, sorted by service name.
std::map<std::string, size_t> CallsPerService(const Plan& plan);

// {"Version": "2012-10-17", "Statement": [...]}: one statement allowing the planned calls'
// actions (sorted, unique) on "*", and one for the scraper's own discovery call
// (ec2:DescribeRegions, to find the enabled regions). sts:GetCallerIdentity needs no permission.
JsonDocument IamPolicy(const Plan& plan);

}  // namespace awscrape::scrape
