#include "awscrape/scrape/plan_report.h"

#include <algorithm>
#include <set>

namespace awscrape::scrape {

PlanEstimate EstimateDuration(const Plan& plan, const EstimateOptions& options) {
  PlanEstimate estimate;
  std::map<std::string, size_t> per_endpoint;
  for (const PlannedCall& call : plan.calls) {
    size_t& count = per_endpoint[call.endpoint_prefix + " " + call.region];
    ++count;
    if (count > estimate.busiest_endpoint_calls) {
      estimate.busiest_endpoint_calls = count;
      estimate.busiest_endpoint = call.endpoint_prefix + " " + call.region;
    }
  }
  double round_trip = options.latency_seconds * options.pages_per_call;
  double calls = static_cast<double>(plan.calls.size());
  estimate.global_bound_seconds = calls * round_trip / std::max(1, options.parallel);
  estimate.endpoint_bound_seconds = static_cast<double>(estimate.busiest_endpoint_calls) *
                                    round_trip / std::max(1, options.per_endpoint);
  estimate.seconds = std::max(estimate.global_bound_seconds, estimate.endpoint_bound_seconds);
  return estimate;
}

std::map<std::string, size_t> CallsPerService(const Plan& plan) {
  std::map<std::string, size_t> counts;
  for (const PlannedCall& call : plan.calls) ++counts[call.service];
  return counts;
}

JsonDocument IamPolicy(const Plan& plan) {
  std::set<std::string> actions;
  for (const PlannedCall& call : plan.calls) actions.insert(call.iam_action);

  JsonDocument doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  doc.AddMember("Version", "2012-10-17", alloc);
  JsonValue statements(rapidjson::kArrayType);

  auto add_statement = [&](std::string_view sid, const std::set<std::string>& names) {
    JsonValue statement(rapidjson::kObjectType);
    statement.AddMember("Sid", MakeString(sid, alloc), alloc);
    statement.AddMember("Effect", "Allow", alloc);
    JsonValue list(rapidjson::kArrayType);
    for (const std::string& name : names) list.PushBack(MakeString(name, alloc), alloc);
    statement.AddMember("Action", list, alloc);
    statement.AddMember("Resource", "*", alloc);
    statements.PushBack(statement, alloc);
  };
  if (!actions.empty()) add_statement("AwscrapePlannedCalls", actions);
  add_statement("AwscrapeRegionDiscovery", {"ec2:DescribeRegions"});
  doc.AddMember("Statement", statements, alloc);
  return doc;
}

}  // namespace awscrape::scrape
