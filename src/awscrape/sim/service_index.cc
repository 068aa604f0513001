#include "awscrape/sim/service_index.h"

#include <algorithm>

namespace awscrape::sim {

RestRoute ParseRestRoute(const aws::model::Operation& operation) {
  RestRoute route;
  route.operation = &operation;
  route.method = operation.http_method;
  std::string_view uri = operation.request_uri;
  std::string_view path = uri, query;
  if (size_t q = uri.find('?'); q != std::string_view::npos) {
    path = uri.substr(0, q);
    query = uri.substr(q + 1);
  }
  // Segments after the leading '/'; a trailing '/' leaves an empty last segment, as in requests.
  std::string_view rest = path.empty() ? path : path.substr(1);
  while (true) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    RestRoute::Segment segment;
    size_t open = seg.find('{'), close = seg.find('}');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
      segment.prefix = seg.substr(0, open);
      std::string_view label = seg.substr(open + 1, close - open - 1);
      if (!label.empty() && label.back() == '+') {
        segment.greedy = true;
        label.remove_suffix(1);
      }
      segment.label = label;
      segment.suffix = seg.substr(close + 1);
    } else {
      segment.prefix = seg;
    }
    route.specificity += static_cast<int>(segment.prefix.size() + segment.suffix.size()) + 1;
    route.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        route.query.emplace_back(std::string(pair), std::nullopt);
      } else {
        route.query.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
      }
      route.specificity += 100;  // a fixed query parameter names the operation most precisely
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return route;
}

Result<std::unique_ptr<ServiceIndex>> ServiceIndex::Build(
    const aws::model::ModelCatalogue& catalogue, const std::vector<std::string>& only) {
  std::unique_ptr<ServiceIndex> index(new ServiceIndex(catalogue));
  std::vector<std::string> names = only.empty() ? catalogue.ServiceNames() : only;
  for (const std::string& name : names) {
    auto entry = catalogue.GetService(name);
    if (!entry.ok()) return entry.status().WithContext("simulator");
    IndexedService service;
    service.entry = *entry;
    const aws::model::ServiceMetadata& metadata = service.entry->model->metadata();
    if (metadata.protocol == "rest-json" || metadata.protocol == "rest-xml") {
      for (const aws::model::Operation& op : service.entry->model->operations()) {
        service.routes.push_back(ParseRestRoute(op));
      }
    }
    size_t position = index->services_.size();
    index->by_name_.emplace(name, position);
    std::vector<std::string> keys = {metadata.signing_name.empty() ? metadata.endpoint_prefix
                                                                   : metadata.signing_name};
    if (metadata.endpoint_prefix != keys[0]) keys.push_back(metadata.endpoint_prefix);
    for (const std::string& key : keys) index->by_signing_name_[key].push_back(position);
    index->services_.push_back(std::move(service));
  }
  return index;
}

const IndexedService* ServiceIndex::FindService(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &services_[it->second];
}

std::vector<const IndexedService*> ServiceIndex::BySigningName(
    std::string_view signing_name) const {
  std::vector<const IndexedService*> found;
  if (auto it = by_signing_name_.find(signing_name); it != by_signing_name_.end()) {
    for (size_t i : it->second) found.push_back(&services_[i]);
  }
  // The service whose own name is the signing name first: it wins ties (rds over docdb).
  std::stable_partition(found.begin(), found.end(),
                        [&](const IndexedService* s) { return s->entry->name == signing_name; });
  return found;
}

}  // namespace awscrape::sim
