// `awscrape plan`: the calls a scrape would make — service, region, operation, parameters —
// their count per service and in total, an estimate of the scrape's duration, and the IAM policy
// that allows exactly those calls. Planning reads only the models and data files: no network.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "awscrape/cli/cli_common.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"
#include "awscrape/scrape/plan_report.h"
#include "awscrape/scrape/planner.h"
#include "awscrape/scrape/scrape_data.h"

namespace awscrape::cli {
namespace {

struct PlanArgs {
  std::string services = "all";
  std::string regions;
  std::string operations;
  std::string enabled_regions;
  std::string data_dir;
  int parallel = 32;
  int per_endpoint = 10;
  int latency_ms = 150;
  bool json = false;
  bool summary = false;
  bool policy_only = false;
  bool show_skipped = false;
};

int Fail(const Status& status) { return ReportFailure("", status); }

std::string FormatDuration(double seconds) {
  long total = static_cast<long>(seconds + 0.5);
  char buffer[64];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ldh %02ldm %02lds", total / 3600, total / 60 % 60,
                  total % 60);
  } else if (total >= 60) {
    std::snprintf(buffer, sizeof buffer, "%ldm %02lds", total / 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
  }
  return buffer;
}

void AddString(JsonValue& object, std::string_view key, std::string_view value,
               JsonAllocator& alloc) {
  object.AddMember(MakeString(key, alloc), MakeString(value, alloc), alloc);
}

JsonDocument PlanToJson(const scrape::Plan& plan, const scrape::PlanEstimate& estimate,
                        const scrape::EstimateOptions& estimate_options) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  AddString(doc, "partition", plan.partition, alloc);
  doc.AddMember("total_calls", static_cast<uint64_t>(plan.calls.size()), alloc);
  doc.AddMember("candidate_operations", static_cast<uint64_t>(plan.candidate_operations), alloc);
  doc.AddMember("override_candidates", static_cast<uint64_t>(plan.override_candidates), alloc);

  JsonValue per_service(rapidjson::kObjectType);
  for (const auto& [service, count] : scrape::CallsPerService(plan)) {
    per_service.AddMember(MakeString(service, alloc), JsonValue(static_cast<uint64_t>(count)),
                          alloc);
  }
  doc.AddMember("calls_per_service", per_service, alloc);

  JsonValue calls(rapidjson::kArrayType);
  for (const scrape::PlannedCall& call : plan.calls) {
    JsonValue entry(rapidjson::kObjectType);
    AddString(entry, "service", call.service, alloc);
    AddString(entry, "region", call.region, alloc);
    AddString(entry, "spool_region", call.SpoolRegion(), alloc);
    entry.AddMember("global", call.global, alloc);
    AddString(entry, "operation", call.operation, alloc);
    auto params = ParseJson(call.params_json);
    JsonValue params_value;
    if (params.ok()) params_value.CopyFrom(*params, alloc);
    entry.AddMember("params", params_value, alloc);
    JsonValue paginator;
    if (call.paginator) scrape::PaginatorToJson(*call.paginator, paginator, alloc);
    entry.AddMember("paginator", paginator, alloc);
    AddString(entry, "iam_action", call.iam_action, alloc);
    calls.PushBack(entry, alloc);
  }
  doc.AddMember("calls", calls, alloc);

  JsonValue est(rapidjson::kObjectType);
  est.AddMember("seconds", estimate.seconds, alloc);
  est.AddMember("global_bound_seconds", estimate.global_bound_seconds, alloc);
  est.AddMember("endpoint_bound_seconds", estimate.endpoint_bound_seconds, alloc);
  AddString(est, "busiest_endpoint", estimate.busiest_endpoint, alloc);
  est.AddMember("busiest_endpoint_calls", static_cast<uint64_t>(estimate.busiest_endpoint_calls),
                alloc);
  est.AddMember("parallel", estimate_options.parallel, alloc);
  est.AddMember("per_endpoint", estimate_options.per_endpoint, alloc);
  est.AddMember("latency_seconds", estimate_options.latency_seconds, alloc);
  doc.AddMember("estimate", est, alloc);

  JsonDocument policy = scrape::IamPolicy(plan);
  JsonValue policy_value;
  policy_value.CopyFrom(policy, alloc);
  doc.AddMember("iam_policy", policy_value, alloc);

  JsonValue skipped(rapidjson::kArrayType);
  for (const scrape::SkippedOperation& skip : plan.skipped) {
    JsonValue entry(rapidjson::kObjectType);
    AddString(entry, "service", skip.service, alloc);
    AddString(entry, "operation", skip.operation, alloc);
    AddString(entry, "category", skip.category, alloc);
    AddString(entry, "reason", skip.reason, alloc);
    skipped.PushBack(entry, alloc);
  }
  doc.AddMember("skipped", skipped, alloc);
  JsonValue warnings(rapidjson::kArrayType);
  for (const std::string& warning : plan.warnings) {
    warnings.PushBack(MakeString(warning, alloc), alloc);
  }
  doc.AddMember("warnings", warnings, alloc);
  return doc;
}

void PrintText(const scrape::Plan& plan, const scrape::PlanEstimate& estimate,
               const scrape::EstimateOptions& options, const PlanArgs& args) {
  if (!args.summary) {
    std::printf("%-28s %-16s %-48s %s\n", "SERVICE", "REGION", "OPERATION", "PARAMETERS");
    for (const scrape::PlannedCall& call : plan.calls) {
      std::string region = call.global ? call.region + " (global)" : call.region;
      std::printf("%-28s %-16s %-48s %s\n", call.service.c_str(), region.c_str(),
                  call.operation.c_str(), call.params_json == "{}" ? "" : call.params_json.c_str());
    }
    std::printf("\n");
  }
  if (args.show_skipped) {
    std::printf("Skipped operations:\n");
    for (const scrape::SkippedOperation& skip : plan.skipped) {
      std::printf("  %s:%s [%s] %s\n", skip.service.c_str(), skip.operation.c_str(),
                  skip.category.c_str(), skip.reason.c_str());
    }
    std::printf("\n");
  }
  std::printf("Calls per service:\n");
  for (const auto& [service, count] : scrape::CallsPerService(plan)) {
    std::printf("  %-36s %6zu\n", service.c_str(), count);
  }
  std::printf(
      "\nTotal: %zu calls: %zu operations (%zu thanks to parameter overrides) in "
      "partition %s; %zu List/Describe/Get operations skipped\n",
      plan.calls.size(), plan.candidate_operations, plan.override_candidates,
      plan.partition.c_str(), plan.skipped.size());
  std::printf(
      "Estimate: %s = max(%zu calls x %.0f ms / %d parallel, %zu calls on the busiest "
      "endpoint (%s) x %.0f ms / %d per endpoint); one page per call, no throttling\n",
      FormatDuration(estimate.seconds).c_str(), plan.calls.size(), options.latency_seconds * 1000,
      options.parallel, estimate.busiest_endpoint_calls, estimate.busiest_endpoint.c_str(),
      options.latency_seconds * 1000, options.per_endpoint);
  for (const std::string& warning : plan.warnings) {
    std::fprintf(stderr, "awscrape: warning: %s\n", warning.c_str());
  }
  std::printf("\nIAM policy allowing exactly these calls:\n%s\n",
              ToJson(scrape::IamPolicy(plan), true).c_str());
}

int RunPlan(const GlobalOptions& globals, const PlanArgs& args) {
  if (args.parallel < 1 || args.per_endpoint < 1 || args.latency_ms < 0) {
    return Fail(InvalidArgument("--parallel and --per-endpoint must be >= 1, --latency-ms >= 0"));
  }
  std::string data_dir = args.data_dir;
  if (data_dir.empty()) {
    if (const char* env = std::getenv("AWSCRAPE_DATA_DIR")) data_dir = env;
  }
  auto data = scrape::LoadScrapeData(data_dir);
  if (!data.ok()) return Fail(data.status());
  auto catalogue = OpenProcessCatalogue(globals);
  if (!catalogue.ok()) return Fail(catalogue.status());

  scrape::PlanOptions options;
  std::vector<std::string> services = SplitCommaList(args.services);
  if (!(services.size() == 1 && services[0] == "all")) options.services = services;
  options.regions = SplitCommaList(args.regions);
  options.operations = SplitCommaList(args.operations);
  options.enabled_regions = SplitCommaList(args.enabled_regions);
  auto plan = scrape::BuildPlan(**catalogue, *data, options);
  if (!plan.ok()) return Fail(plan.status());

  scrape::EstimateOptions estimate_options;
  estimate_options.parallel = args.parallel;
  estimate_options.per_endpoint = args.per_endpoint;
  estimate_options.latency_seconds = args.latency_ms / 1000.0;
  scrape::PlanEstimate estimate = scrape::EstimateDuration(*plan, estimate_options);

  if (args.policy_only) {
    std::printf("%s\n", ToJson(scrape::IamPolicy(*plan), true).c_str());
  } else if (args.json) {
    std::printf("%s\n", ToJson(PlanToJson(*plan, estimate, estimate_options), true).c_str());
  } else {
    PrintText(*plan, estimate, estimate_options, args);
  }
  return 0;
}

}  // namespace

void AddPlanCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan",
      "Print the calls a scrape would make, their count, an estimate of its duration and the "
      "IAM policy allowing exactly them (no AWS access needed)");
  cmd->add_option("--services", args->services, "all, or a comma-separated list (ec2,s3)")
      ->capture_default_str();
  cmd->add_option("--regions", args->regions,
                  "comma-separated regions (default: every region where each service is offered)");
  cmd->add_option("--operations", args->operations,
                  "comma-separated operations: DescribeInstances or ec2:DescribeInstances");
  cmd->add_option("--enabled-regions", args->enabled_regions,
                  "the account's enabled regions, as a scrape finds them with ec2 DescribeRegions");
  cmd->add_option("--parallel", args->parallel, "the scrape's concurrency, for the estimate")
      ->capture_default_str();
  cmd->add_option("--per-endpoint", args->per_endpoint,
                  "calls in flight per endpoint, for the estimate")
      ->capture_default_str();
  cmd->add_option("--latency-ms", args->latency_ms, "typical round trip, for the estimate")
      ->capture_default_str();
  cmd->add_option("--data-dir", args->data_dir,
                  "directory whose skip_operations.json, parameter_overrides.json, ... replace "
                  "the built-in ones (default: $AWSCRAPE_DATA_DIR)");
  cmd->add_flag("--json", args->json, "print the plan as one JSON document");
  cmd->add_flag("--summary", args->summary, "omit the list of calls");
  cmd->add_flag("--policy", args->policy_only, "print only the IAM policy document");
  cmd->add_flag("--show-skipped", args->show_skipped,
                "list the List/Describe/Get operations left out, with the reason");
  cmd->callback(
      [&globals, &run, args] { run = [&globals, args] { return RunPlan(globals, *args); }; });
}

}  // namespace awscrape::cli
