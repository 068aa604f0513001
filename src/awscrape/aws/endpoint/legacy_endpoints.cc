#include "awscrape/aws/endpoint/legacy_endpoints.h"

#include <algorithm>
#include <set>

namespace awscrape::aws::endpoint {
namespace {

constexpr const char* kLegacyGlobalStsRegions[] = {
    "ap-northeast-1", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
    "aws-global",     "ca-central-1", "eu-central-1",   "eu-north-1",
    "eu-west-1",      "eu-west-2",    "eu-west-3",      "sa-east-1",
    "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2"};

const JsonValue& EmptyObject() {
  static const JsonValue kEmpty(rapidjson::kObjectType);
  return kEmpty;
}

const JsonValue& MemberOrEmpty(const JsonValue& object, std::string_view name) {
  const JsonValue* v = FindMember(object, name);
  return v && v->IsObject() ? *v : EmptyObject();
}

// The keys of a resolved endpoint that matter here, merged the way regions.py's _merge_keys
// does: a key already present wins.
struct Merged {
  std::optional<std::string> hostname;
  std::optional<std::string> dns_suffix;
  const JsonValue* credential_scope = nullptr;
  bool has_tags = false;

  void MergeFrom(const JsonValue& data) {
    if (!data.IsObject()) return;
    if (!hostname && FindMember(data, "hostname"))
      hostname = std::string(GetString(data, "hostname"));
    if (!dns_suffix && FindMember(data, "dnsSuffix")) {
      dns_suffix = std::string(GetString(data, "dnsSuffix"));
    }
    if (!credential_scope) credential_scope = FindMember(data, "credentialScope");
    if (FindMember(data, "tags")) has_tags = true;
  }
};

// _retrieve_variant_data: the variant whose tag set equals `tags`.
const JsonValue* FindVariant(const JsonValue& data, const std::set<std::string>& tags) {
  const JsonValue* variants = FindMember(data, "variants");
  if (!variants || !variants->IsArray()) return nullptr;
  for (const auto& variant : variants->GetArray()) {
    std::set<std::string> variant_tags;
    if (const JsonValue* t = FindMember(variant, "tags"); t && t->IsArray()) {
      for (const auto& tag : t->GetArray()) {
        if (tag.IsString()) variant_tags.emplace(tag.GetString(), tag.GetStringLength());
      }
    }
    if (variant_tags == tags) return &variant;
  }
  return nullptr;
}

std::string ExpandTemplate(std::string text, const std::string& service, const std::string& region,
                           const std::string& dns_suffix) {
  const std::pair<std::string, const std::string*> fields[] = {
      {"{service}", &service}, {"{region}", &region}, {"{dnsSuffix}", &dns_suffix}};
  for (const auto& [placeholder, value] : fields) {
    for (size_t pos = text.find(placeholder); pos != std::string::npos;
         pos = text.find(placeholder, pos + value->size())) {
      text.replace(pos, placeholder.size(), *value);
    }
  }
  return text;
}

std::string TagsRepr(const std::vector<std::string>& tags) {
  std::string out = "[";
  for (size_t i = 0; i < tags.size(); ++i) out += (i ? ", '" : "'") + tags[i] + "'";
  return out + "]";
}

}  // namespace

bool IsLegacyGlobalStsRegion(std::string_view region) {
  return std::find(std::begin(kLegacyGlobalStsRegions), std::end(kLegacyGlobalStsRegions),
                   region) != std::end(kLegacyGlobalStsRegions);
}

Result<LegacyEndpoints> LegacyEndpoints::Parse(const JsonValue& endpoints_json) {
  auto doc = std::make_shared<JsonDocument>();
  doc->CopyFrom(endpoints_json, doc->GetAllocator());
  const JsonValue* list = FindMember(*doc, "partitions");
  if (!list || !list->IsArray()) return ParseError("endpoints.json: missing \"partitions\"");
  LegacyEndpoints out;
  for (const auto& p : list->GetArray()) {
    PartitionData data;
    data.name = std::string(GetString(p, "partition"));
    data.json = &p;
    if (FindMember(p, "regionRegex")) {
      try {
        data.region_regex = std::regex(std::string(GetString(p, "regionRegex")));
        data.has_regex = true;
      } catch (const std::regex_error& e) {
        return ParseError("endpoints.json: invalid regionRegex in " + data.name + ": " + e.what());
      }
    }
    out.partitions_.push_back(std::move(data));
  }
  out.doc_ = std::move(doc);
  return out;
}

bool LegacyEndpoints::RegionMatches(const PartitionData& partition,
                                    const std::string& region) const {
  if (FindMember(MemberOrEmpty(*partition.json, "regions"), region)) return true;
  return partition.has_regex &&
         std::regex_search(region, partition.region_regex, std::regex_constants::match_continuous);
}

Result<std::optional<LegacyResolvedEndpoint>> LegacyEndpoints::Construct(
    const std::string& service, const std::string* region, const std::string* partition,
    bool use_dualstack, bool use_fips) const {
  static const std::string kUsEast1 = "us-east-1";
  if (service == "s3" && use_dualstack && region == nullptr) region = &kUsEast1;
  if (partition != nullptr) {
    for (auto it = partitions_.rbegin(); it != partitions_.rend(); ++it) {
      // The last partition of that name wins, as in botocore's loop.
      if (it->name == *partition) {
        return ForPartition(*it, service, region, use_dualstack, use_fips, true);
      }
    }
    return std::optional<LegacyResolvedEndpoint>();
  }
  for (const auto& p : partitions_) {
    if (use_dualstack && (p.name == "aws-iso" || p.name == "aws-iso-b")) continue;
    AWSCRAPE_ASSIGN_OR_RETURN(auto result,
                              ForPartition(p, service, region, use_dualstack, use_fips, false));
    if (result) return result;
  }
  return std::optional<LegacyResolvedEndpoint>();
}

Result<std::optional<LegacyResolvedEndpoint>> LegacyEndpoints::ForPartition(
    const PartitionData& partition, const std::string& service, const std::string* region,
    bool use_dualstack, bool use_fips, bool force_partition) const {
  if (use_dualstack && (partition.name == "aws-iso" || partition.name == "aws-iso-b")) {
    return InvalidArgument(
        "Unable to construct a modeled endpoint with the following variant(s) ['dualstack']: ");
  }
  const JsonValue& service_data =
      MemberOrEmpty(MemberOrEmpty(*partition.json, "services"), service);
  const JsonValue& endpoints = MemberOrEmpty(service_data, "endpoints");
  std::string endpoint_name;
  if (region == nullptr) {
    if (!FindMember(service_data, "partitionEndpoint")) {
      return InvalidArgument("You must specify a region.");
    }
    endpoint_name = std::string(GetString(service_data, "partitionEndpoint"));
  } else {
    endpoint_name = *region;
  }
  if (!FindMember(endpoints, endpoint_name)) {
    if (!RegionMatches(partition, endpoint_name) && !force_partition) {
      return std::optional<LegacyResolvedEndpoint>();
    }
    std::string partition_endpoint(GetString(service_data, "partitionEndpoint"));
    if (!partition_endpoint.empty() && !GetBool(service_data, "isRegionalized", true)) {
      endpoint_name = partition_endpoint;
    }
  }

  // _resolve
  const JsonValue& endpoint_data = MemberOrEmpty(endpoints, endpoint_name);
  const JsonValue& service_defaults = MemberOrEmpty(service_data, "defaults");
  const JsonValue& partition_defaults = MemberOrEmpty(*partition.json, "defaults");
  std::vector<std::string> tags;
  if (use_dualstack) tags.push_back("dualstack");
  if (use_fips) tags.push_back("fips");
  Merged result;
  if (!tags.empty()) {
    std::set<std::string> tag_set(tags.begin(), tags.end());
    for (const JsonValue* data : {&endpoint_data, &service_defaults, &partition_defaults}) {
      if (const JsonValue* variant = FindVariant(*data, tag_set)) result.MergeFrom(*variant);
    }
    if (!result.has_tags) {
      return InvalidArgument(
          "Unable to construct a modeled endpoint with the following variant(s) " + TagsRepr(tags) +
          ": ");
    }
  }
  result.MergeFrom(endpoint_data);
  if (!result.dns_suffix) result.dns_suffix = std::string(GetString(*partition.json, "dnsSuffix"));
  result.MergeFrom(service_defaults);
  result.MergeFrom(partition_defaults);

  LegacyResolvedEndpoint out;
  out.partition = partition.name;
  out.endpoint_name = endpoint_name;
  out.hostname =
      ExpandTemplate(result.hostname.value_or(""), service, endpoint_name, *result.dns_suffix);
  if (result.credential_scope && result.credential_scope->IsObject()) {
    if (FindMember(*result.credential_scope, "region")) {
      out.credential_scope_region = std::string(GetString(*result.credential_scope, "region"));
    }
    if (FindMember(*result.credential_scope, "service")) {
      out.credential_scope_service = std::string(GetString(*result.credential_scope, "service"));
    }
  }
  out.variant_tags = tags;
  return std::optional<LegacyResolvedEndpoint>(std::move(out));
}

namespace {

// ClientEndpointBridge.resolve for one service and region.
Result<LegacyEndpointConfig> BridgeResolve(const LegacyEndpoints* legacy,
                                           const LegacyEndpointRequest& request,
                                           const std::optional<std::string>& region,
                                           const std::optional<std::string>& endpoint_url) {
  LegacyEndpointConfig config;
  std::string default_signing_name =
      request.signing_name.empty() ? request.service : request.signing_name;
  std::optional<LegacyResolvedEndpoint> resolved;
  if (legacy != nullptr) {
    const std::string* region_ptr = region ? &*region : nullptr;
    AWSCRAPE_ASSIGN_OR_RETURN(resolved, legacy->Construct(request.service, region_ptr, nullptr,
                                                          request.use_dualstack, request.use_fips));
    if (!resolved) {
      // Non-regionalized services (iam, route53, ...) fall back to the aws partition.
      static const std::string kAws = "aws";
      AWSCRAPE_ASSIGN_OR_RETURN(
          resolved, legacy->Construct(request.service, region_ptr, &kAws, request.use_dualstack,
                                      request.use_fips));
    }
  }
  if (!resolved) {
    config.region_name = region;
    config.signing_region = region;
    config.signing_name = default_signing_name;
    config.has_variant_tags = request.use_fips || request.use_dualstack;
    return config;
  }
  config.region_name = region;
  config.signing_region = region;
  if (!endpoint_url) {
    config.region_name = resolved->endpoint_name;
    config.signing_region = resolved->credential_scope_region.value_or(resolved->endpoint_name);
  }
  config.signing_name = resolved->credential_scope_service.value_or(default_signing_name);
  config.has_variant_tags = !resolved->variant_tags.empty();
  return config;
}

}  // namespace

Result<LegacyEndpointConfig> ComputeLegacyEndpointConfig(const LegacyEndpoints* legacy,
                                                         const LegacyEndpointRequest& request) {
  if (request.service == "s3") {
    bool force_global = request.s3_us_east_1_regional_endpoint == "legacy" &&
                        (!request.region || *request.region == "us-east-1");
    std::optional<std::string> region = force_global ? std::nullopt : request.region;
    AWSCRAPE_ASSIGN_OR_RETURN(LegacyEndpointConfig config,
                              BridgeResolve(legacy, request, region, request.endpoint_url));
    if (!config.signing_region && !config.region_name) {
      // A custom URL without a region: botocore resolves plain s3 for the signing region.
      AWSCRAPE_ASSIGN_OR_RETURN(LegacyEndpointConfig s3,
                                BridgeResolve(legacy, request, std::nullopt, std::nullopt));
      config.signing_region = s3.signing_region;
      config.region_name = s3.region_name;
    }
    if (force_global && config.region_name == "aws-global") config.region_name = "us-east-1";
    return config;
  }
  AWSCRAPE_ASSIGN_OR_RETURN(LegacyEndpointConfig config,
                            BridgeResolve(legacy, request, request.region, request.endpoint_url));
  if (request.service == "sts" && !request.endpoint_url && !config.has_variant_tags &&
      request.sts_regional_endpoints == "legacy" && request.region &&
      IsLegacyGlobalStsRegion(*request.region)) {
    config.signing_region = "us-east-1";
  }
  return config;
}

}  // namespace awscrape::aws::endpoint
