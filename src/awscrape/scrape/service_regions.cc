#include "awscrape/scrape/service_regions.h"

#include <algorithm>

#include "awscrape/scrape/data_file.h"

namespace awscrape::scrape {
namespace {

bool IsRealRegion(const JsonValue& partition, std::string_view name) {
  const JsonValue* regions = FindMember(partition, "regions");
  return regions != nullptr && FindMember(*regions, name) != nullptr;
}

}  // namespace

Result<GlobalServiceData> ParseServiceRegionData(std::string_view file, std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* global, DataArray(file, doc, "global", true));
  GlobalServiceData data;
  for (rapidjson::SizeType i = 0; i < global->Size(); ++i) {
    std::string where = EntryName("global", i);
    const JsonValue& entry = (*global)[i];
    AWSCRAPE_ASSIGN_OR_RETURN(std::string service, RequiredString(file, where, entry, "service"));
    AWSCRAPE_RETURN_IF_ERROR(RequiredString(file, where, entry, "reason").status());
    const JsonValue* regions = FindMember(entry, "regions");
    if (regions == nullptr || !regions->IsObject() || regions->MemberCount() == 0) {
      return DataFileError(file, where, "needs \"regions\": an object from partition to region");
    }
    auto& by_partition = data[service];
    for (const auto& member : regions->GetObject()) {
      if (!member.value.IsString())
        return DataFileError(file, where, "each region must be a string");
      by_partition[member.name.GetString()] = member.value.GetString();
    }
  }
  return data;
}

Result<ServiceRegions> ServiceRegions::Create(std::shared_ptr<const JsonDocument> endpoints_json,
                                              GlobalServiceData global_services) {
  if (!endpoints_json || !FindMember(*endpoints_json, "partitions") ||
      !(*endpoints_json)["partitions"].IsArray()) {
    return InvalidArgument("endpoints.json has no \"partitions\" array");
  }
  ServiceRegions result;
  result.endpoints_ = std::move(endpoints_json);
  result.data_global_ = std::move(global_services);
  return result;
}

const JsonValue* ServiceRegions::FindPartition(std::string_view partition) const {
  for (const JsonValue& entry : (*endpoints_)["partitions"].GetArray()) {
    if (GetString(entry, "partition") == partition) return &entry;
  }
  return nullptr;
}

Result<std::string> ServiceRegions::PartitionOf(std::string_view region) const {
  for (const JsonValue& entry : (*endpoints_)["partitions"].GetArray()) {
    if (IsRealRegion(entry, region)) return std::string(GetString(entry, "partition"));
  }
  return NotFound("unknown region \"" + std::string(region) + "\" (not in endpoints.json)");
}

Result<std::vector<std::string>> ServiceRegions::PartitionRegions(
    std::string_view partition) const {
  const JsonValue* entry = FindPartition(partition);
  if (entry == nullptr) return NotFound("unknown partition \"" + std::string(partition) + "\"");
  std::vector<std::string> regions;
  if (const JsonValue* map = FindMember(*entry, "regions"); map && map->IsObject()) {
    for (const auto& member : map->GetObject()) regions.emplace_back(member.name.GetString());
  }
  std::sort(regions.begin(), regions.end());
  return regions;
}

Result<ServicePlacement> ServiceRegions::Placement(std::string_view partition,
                                                   std::string_view service,
                                                   std::string_view endpoint_prefix) const {
  const JsonValue* part = FindPartition(partition);
  if (part == nullptr) return NotFound("unknown partition \"" + std::string(partition) + "\"");
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<std::string> all_regions, PartitionRegions(partition));

  const JsonValue* services = FindMember(*part, "services");
  const JsonValue* entry = services ? FindMember(*services, endpoint_prefix) : nullptr;
  const JsonValue* endpoints = entry ? FindMember(*entry, "endpoints") : nullptr;

  // The data file wins: it exists for the services endpoints.json describes wrongly for us.
  if (auto it = data_global_.find(service); it != data_global_.end()) {
    if (auto region = it->second.find(std::string(partition)); region != it->second.end()) {
      return ServicePlacement{true, {region->second}, "data"};
    }
  }

  if (endpoints == nullptr || !endpoints->IsObject()) {
    return ServicePlacement{false, std::move(all_regions), "partition"};
  }
  std::vector<std::string> regions;
  for (const auto& member : endpoints->GetObject()) {
    if (IsRealRegion(*part, member.name.GetString())) regions.emplace_back(member.name.GetString());
  }
  std::sort(regions.begin(), regions.end());

  std::string_view partition_endpoint = GetString(*entry, "partitionEndpoint");
  const JsonValue* regionalized = FindMember(*entry, "isRegionalized");
  bool not_regionalized =
      regionalized != nullptr && regionalized->IsBool() && !regionalized->GetBool();
  if (not_regionalized || (regions.empty() && !partition_endpoint.empty())) {
    // Global: the partition endpoint's credential scope names the region it signs for.
    std::string region;
    const JsonValue* pe =
        partition_endpoint.empty() ? nullptr : FindMember(*endpoints, partition_endpoint);
    if (pe != nullptr) {
      if (const JsonValue* scope = FindMember(*pe, "credentialScope")) {
        region = std::string(GetString(*scope, "region"));
      }
    }
    if (region.empty() && !regions.empty()) region = regions.front();
    if (region.empty() && !all_regions.empty()) {
      // No hint at all: the partition's first region in its own order is its home (us-east-1).
      region = std::find(all_regions.begin(), all_regions.end(), "us-east-1") != all_regions.end()
                   ? "us-east-1"
                   : all_regions.front();
    }
    return ServicePlacement{true, {region}, "endpoints.json"};
  }
  return ServicePlacement{false, std::move(regions), "endpoints.json"};
}

}  // namespace awscrape::scrape
