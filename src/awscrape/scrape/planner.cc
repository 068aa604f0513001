#include "awscrape/scrape/planner.h"

#include <algorithm>
#include <set>

#include "awscrape/scrape/candidate_operations.h"
#include "awscrape/scrape/service_regions.h"

namespace awscrape::scrape {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// One entry of --operations: "Op" (any service) or "svc:Op".
struct OperationSelector {
  std::string service;  // empty: any
  std::string operation;
  bool used = false;
};

Result<std::vector<OperationSelector>> ParseSelectors(const std::vector<std::string>& entries) {
  std::vector<OperationSelector> selectors;
  for (const std::string& entry : entries) {
    size_t colon = entry.find(':');
    if (colon == std::string::npos) {
      if (entry.empty()) return InvalidArgument("an empty --operations entry");
      selectors.push_back({"", entry});
    } else {
      if (colon == 0 || colon + 1 == entry.size()) {
        return InvalidArgument("--operations entry \"" + entry + "\" is not OP or SERVICE:OP");
      }
      selectors.push_back({entry.substr(0, colon), entry.substr(colon + 1)});
    }
  }
  return selectors;
}

bool Selected(std::vector<OperationSelector>& selectors, std::string_view service,
              std::string_view operation) {
  if (selectors.empty()) return true;
  bool any = false;
  for (OperationSelector& s : selectors) {
    if ((s.service.empty() || s.service == service) && s.operation == operation) {
      s.used = true;
      any = true;
    }
  }
  return any;
}

Result<std::string> ChoosePartition(const ServiceRegions& regions, const PlanOptions& options) {
  std::string partition = options.partition;
  for (const std::string& region : options.regions) {
    auto found = regions.PartitionOf(region);
    if (!found.ok()) return InvalidArgument(found.status().message());
    if (partition.empty()) partition = *found;
    if (*found != partition) {
      return InvalidArgument("region " + region + " is in partition " + *found + ", not " +
                             partition + ": plan one partition at a time");
    }
  }
  return partition.empty() ? std::string("aws") : partition;
}

}  // namespace

Result<Plan> BuildPlan(const aws::model::ModelCatalogue& catalogue, const ScrapeData& data,
                       const PlanOptions& options) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto endpoints, catalogue.DataFile("endpoints"));
  AWSCRAPE_ASSIGN_OR_RETURN(ServiceRegions placement,
                            ServiceRegions::Create(endpoints, data.global_services));
  Plan plan;
  AWSCRAPE_ASSIGN_OR_RETURN(plan.partition, ChoosePartition(placement, options));

  std::vector<std::string> services = options.services;
  if (services.empty()) {
    services = catalogue.ServiceNames();
  } else {
    std::sort(services.begin(), services.end());
    services.erase(std::unique(services.begin(), services.end()), services.end());
    for (const std::string& name : services) {
      if (!catalogue.HasService(name)) {
        return NotFound("unknown service \"" + name + "\" (see: awscrape models)");
      }
    }
  }
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<OperationSelector> selectors,
                            ParseSelectors(options.operations));

  for (const std::string& name : services) {
    AWSCRAPE_ASSIGN_OR_RETURN(auto entry, catalogue.GetService(name));
    const aws::model::ServiceModel& model = *entry->model;
    ServiceVerdicts verdicts = ClassifyOperations(name, model, data);
    plan.warnings.insert(plan.warnings.end(), verdicts.warnings.begin(), verdicts.warnings.end());

    std::vector<const OperationVerdict*> chosen;
    for (const OperationVerdict& verdict : verdicts.operations) {
      if (!Selected(selectors, name, verdict.operation)) continue;
      if (!verdict.candidate) {
        plan.skipped.push_back({name, verdict.operation, verdict.category, verdict.reason});
        continue;
      }
      chosen.push_back(&verdict);
    }
    if (chosen.empty()) continue;

    const auto& metadata = model.metadata();
    AWSCRAPE_ASSIGN_OR_RETURN(ServicePlacement where,
                              placement.Placement(plan.partition, name, metadata.endpoint_prefix));
    std::vector<std::string> regions;
    for (const std::string& region : where.regions) {
      if (!where.global) {
        if (!options.regions.empty() && !Contains(options.regions, region)) continue;
        if (!options.enabled_regions.empty() && !Contains(options.enabled_regions, region)) {
          continue;
        }
      }
      regions.push_back(region);
    }

    for (const OperationVerdict* verdict : chosen) {
      const aws::model::Operation* op = model.FindOperationInput(verdict->operation);
      auto paginator = FindPaginator(entry->paginators, verdict->operation);
      if (!paginator.ok()) return paginator.status().WithContext(name);
      ++plan.candidate_operations;
      if (verdict->by_override) ++plan.override_candidates;
      for (const std::string& region : regions) {
        PlannedCall call;
        call.service = name;
        call.operation = verdict->operation;
        call.region = region;
        call.global = where.global;
        call.params_json = verdict->params_json;
        call.paginator = *paginator;
        call.iam_action = data.iam.Action(name, metadata, *op);
        call.endpoint_prefix = metadata.endpoint_prefix;
        plan.calls.push_back(std::move(call));
      }
    }
  }

  for (const OperationSelector& selector : selectors) {
    if (!selector.used) {
      std::string name = selector.service.empty() ? selector.operation
                                                  : selector.service + ":" + selector.operation;
      return NotFound("--operations " + name +
                      " matches no List/Describe/Get operation of the selected services");
    }
  }
  return plan;
}

}  // namespace awscrape::scrape
