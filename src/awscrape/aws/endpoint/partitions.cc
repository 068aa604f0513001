#include "awscrape/aws/endpoint/partitions.h"

#include <algorithm>

namespace awscrape::aws::endpoint {

bool Partition::Matches(std::string_view region) const {
  if (std::find(regions.begin(), regions.end(), region) != regions.end()) return true;
  // re.match anchors at the start only; the regexes carry their own '$'.
  return std::regex_search(region.begin(), region.end(), compiled_regex,
                           std::regex_constants::match_continuous);
}

const Partition& Partitions::ForRegion(const std::string* region) const {
  if (region != nullptr) {
    for (const auto& p : partitions_) {
      if (p.Matches(*region)) return p;
    }
  }
  return partitions_.front();
}

Result<Partitions> ParsePartitions(const JsonValue& json) {
  const JsonValue* list = FindMember(json, "partitions");
  if (!list || !list->IsArray() || list->Empty()) {
    return ParseError("partitions.json: expected a non-empty \"partitions\" array");
  }
  std::vector<Partition> partitions;
  for (const auto& p : list->GetArray()) {
    Partition partition;
    partition.id = std::string(GetString(p, "id"));
    if (partition.id.empty()) return ParseError("partitions.json: partition without an \"id\"");
    partition.region_regex = std::string(GetString(p, "regionRegex"));
    try {
      partition.compiled_regex = std::regex(partition.region_regex, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return ParseError("partitions.json: partition " + partition.id +
                        " has an invalid regionRegex " + partition.region_regex + ": " + e.what());
    }
    if (const JsonValue* regions = FindMember(p, "regions"); regions && regions->IsObject()) {
      for (const auto& r : regions->GetObject()) {
        partition.regions.emplace_back(r.name.GetString(), r.name.GetStringLength());
      }
    }
    const JsonValue* outputs = FindMember(p, "outputs");
    if (!outputs || !outputs->IsObject()) {
      return ParseError("partitions.json: partition " + partition.id + " without \"outputs\"");
    }
    partition.outputs = EndpointValue::FromJson(*outputs);
    partition.outputs.Set("name", EndpointValue::String(partition.id));
    partitions.push_back(std::move(partition));
  }
  return Partitions(std::move(partitions));
}

}  // namespace awscrape::aws::endpoint
