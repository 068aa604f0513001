// The scrape planner: which calls a scrape makes, as data.
//
// BuildPlan applies the candidate rule (candidate_operations.h) to every selected service of
// the catalogue and places each candidate in its regions (service_regions.h): one call per
// (service, operation, region), a global service's calls once. The scheduler consumes
// Plan::calls; `awscrape plan` prints them with their count, a duration estimate and the IAM
// policy that allows exactly them. Planning is pure: no network, the enabled regions are input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/paginator_info.h"
#include "awscrape/scrape/scrape_data.h"

namespace awscrape::scrape {

struct PlanOptions {
  std::vector<std::string> services;    // catalogue names; empty: every service
  std::vector<std::string> regions;     // empty: every region where the service is offered
  std::vector<std::string> operations;  // "DescribeInstances" or "ec2:DescribeInstances"
  // The account's enabled regions (ec2 DescribeRegions); empty: unknown, no narrowing.
  std::vector<std::string> enabled_regions;
  std::string partition;  // empty: the partition of `regions`, else "aws"
};

struct PlannedCall {
  std::string service;      // catalogue name: "ec2"
  std::string operation;    // "DescribeInstances"
  std::string region;       // the region to call (sign and resolve the endpoint with)
  bool global = false;      // a global service, called once: its spool region is "None"
  std::string params_json;  // the input as a JSON object ("{}" when none)
  std::optional<PaginatorInfo> paginator;
  std::string iam_action;       // "ec2:DescribeInstances"
  std::string endpoint_prefix;  // the model's endpointPrefix: with `region`, the endpoint key

  // aws-list-all's file-name region: the region, or "None" for a global service.
  std::string SpoolRegion() const { return global ? "None" : region; }
};

struct SkippedOperation {
  std::string service;
  std::string operation;
  std::string category;  // required_input, deprecated, or a skip-list category
  std::string reason;
};

struct Plan {
  std::string partition;
  std::vector<PlannedCall> calls;         // by service, operation, region
  std::vector<SkippedOperation> skipped;  // List/Describe/Get operations left out, with why
  std::vector<std::string> warnings;      // data entries that do not fit the models
  size_t candidate_operations = 0;        // distinct service:operation pairs planned
  size_t override_candidates = 0;         // of which candidates only thanks to an override
};

Result<Plan> BuildPlan(const aws::model::ModelCatalogue& catalogue, const ScrapeData& data,
                       const PlanOptions& options);

}  // namespace awscrape::scrape
