#include "awscrape/aws/endpoint/resolver.h"

#include <algorithm>
#include <set>

#include "awscrape/aws/endpoint/python_url.h"

namespace awscrape::aws::endpoint {
namespace {

// botocore.auth.AUTH_TYPE_MAPS with the CRT installed (as on Debian): the auth types botocore
// can sign with, which decides which of an endpoint's authSchemes it picks.
constexpr std::string_view kSupportedAuthTypes[] = {"bearer",     "s3",       "s3-presign-post",
                                                    "s3-query",   "s3v4",     "s3v4-presign-post",
                                                    "s3v4-query", "s3v4a",    "s3v4a-query",
                                                    "v2",         "v3",       "v3https",
                                                    "v4",         "v4-query", "v4a"};

EndpointValue OptionalString(const std::optional<std::string>& s) {
  return s ? EndpointValue::String(*s) : EndpointValue();
}

// botocore.utils.is_s3_accelerate_url.
bool IsS3AccelerateUrl(const std::string& url) {
  auto parsed = ParsePythonUrl(url);
  if (!parsed.ok()) return false;
  const std::string& netloc = parsed->netloc;
  const std::string suffix = "amazonaws.com";
  if (netloc.size() < suffix.size() ||
      netloc.compare(netloc.size() - suffix.size(), suffix.size(), suffix) != 0 ||
      (parsed->scheme != "https" && parsed->scheme != "http")) {
    return false;
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = netloc.find('.', start);
    parts.push_back(netloc.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts[0] != "s3-accelerate") return false;
  std::set<std::string> seen;
  for (size_t i = 1; i + 2 < parts.size(); ++i) {
    if (parts[i] != "dualstack" || !seen.insert(parts[i]).second) return false;
  }
  return true;
}

bool IsArn(const std::string& value) {
  // ArnParser.is_arn: "arn:" and at least six ':'-separated parts.
  return value.rfind("arn:", 0) == 0 && std::count(value.begin(), value.end(), ':') >= 5;
}

// handlers.py: botocore addresses s3's GetBucketLocation path-style whatever the bucket.
bool ForcesPathStyle(const EndpointParams& params) {
  return params.service.endpoint_prefix == "s3" && params.operation == "GetBucketLocation";
}

// What client creation computes before any call: the legacy endpoint config (signer defaults)
// and the normalised client settings.
struct ClientState {
  EndpointClientConfig config;  // region without fips markers
  LegacyEndpointConfig legacy;
};

Result<ClientState> ComputeClientState(const EndpointParams& params) {
  ClientState state;
  state.config = params.config;
  // ClientCreator._normalize_fips_region
  std::string& region = state.config.region;
  std::string normalized = region;
  for (const std::string marker : {"fips-", "-fips"}) {
    for (size_t pos = normalized.find(marker); pos != std::string::npos;
         pos = normalized.find(marker, pos)) {
      normalized.erase(pos, marker.size());
    }
  }
  if (normalized != region) {
    region = normalized;
    state.config.use_fips = true;
  }
  LegacyEndpointRequest request;
  request.service = params.service.endpoint_prefix;
  request.signing_name = params.service.signing_name;
  if (!region.empty()) request.region = region;
  request.endpoint_url = state.config.endpoint_url;
  request.use_fips = state.config.use_fips;
  request.use_dualstack = state.config.use_dualstack;
  request.sts_regional_endpoints = state.config.sts_regional_endpoints;
  request.s3_us_east_1_regional_endpoint = state.config.s3_us_east_1_regional_endpoint;
  AWSCRAPE_ASSIGN_OR_RETURN(state.legacy, ComputeLegacyEndpointConfig(params.legacy, request));
  return state;
}

// args.py compute_endpoint_resolver_builtin_defaults, then handlers.py
// customize_endpoint_resolver_builtins for s3.
EndpointValue::Object ComputeBuiltins(const EndpointParams& params, const ClientState& state) {
  const EndpointClientConfig& config = state.config;
  const std::string& prefix = params.service.endpoint_prefix;
  std::optional<std::string> region;
  if (prefix == "s3" || prefix == "sts" || config.region.empty()) {
    region = state.legacy.region_name;
  } else {
    region = config.region;
  }
  const std::optional<std::string>& given_endpoint = config.endpoint_url;
  bool force_path_style;
  if (config.s3_use_accelerate_endpoint) {
    force_path_style = false;
  } else if (config.endpoint_url && !IsS3AccelerateUrl(*config.endpoint_url)) {
    force_path_style = config.s3_addressing_style != "virtual";
  } else {
    force_path_style = config.s3_addressing_style == "path";
  }
  bool sts_global =
      config.sts_regional_endpoints == "legacy" && region && IsLegacyGlobalStsRegion(*region);
  bool s3_global =
      config.s3_us_east_1_regional_endpoint == "legacy" && (!region || *region == "us-east-1");

  if (prefix == "s3") {
    const EndpointValue* bucket = nullptr;
    for (const auto& [name, value] : params.context_params) {
      if (name == "Bucket") bucket = &value;
    }
    if (ForcesPathStyle(params)) {
      force_path_style = true;
    } else if (bucket && bucket->is_string() && IsArn(bucket->string())) {
      force_path_style = false;
    }
  }

  auto b = [](bool v) { return EndpointValue::Bool(v); };
  return {
      {"AWS::Region", OptionalString(region)},
      {"AWS::UseFIPS", b(!given_endpoint && config.use_fips)},
      {"AWS::UseDualStack", b(!given_endpoint && config.use_dualstack)},
      {"AWS::STS::UseGlobalEndpoint", b(sts_global)},
      {"AWS::S3::UseGlobalEndpoint", b(s3_global)},
      {"AWS::S3::Accelerate", b(config.s3_use_accelerate_endpoint)},
      {"AWS::S3::ForcePathStyle", b(force_path_style)},
      {"AWS::S3::UseArnRegion", b(config.s3_use_arn_region.value_or(true))},
      {"AWS::S3Control::UseArnRegion", b(config.s3_use_arn_region.value_or(false))},
      {"AWS::S3::DisableMultiRegionAccessPoints", b(config.s3_disable_multiregion_access_points)},
      {"SDK::Endpoint", OptionalString(given_endpoint)},
  };
}

Result<EndpointValue::Object> ProviderParams(const EndpointRuleSet& rule_set,
                                             const EndpointParams& params,
                                             const ClientState& state) {
  EndpointValue::Object builtins = ComputeBuiltins(params, state);
  EndpointValue::Object out;
  for (const auto& spec : rule_set.parameters) {
    EndpointValue value;
    for (const auto& [name, v] : params.context_params) {
      if (name == spec.name) value = v;
    }
    if (value.is_none() && !spec.builtin.empty()) {
      auto it = std::find_if(builtins.begin(), builtins.end(),
                             [&](const auto& kv) { return kv.first == spec.builtin; });
      if (it == builtins.end()) {
        return InvalidArgument("Unknown builtin variable name: " + spec.builtin);
      }
      value = it->second;
    }
    if (!value.is_none()) out.emplace_back(spec.name, std::move(value));
  }
  return out;
}

struct SigningContext {
  std::string auth_type;
  std::string region;
  std::string signing_name;
  bool disable_double_encoding = false;
};

// regions.py EndpointRulesetResolver.auth_schemes_to_signing_ctx (no scheme requested).
Result<SigningContext> AuthSchemesToSigningContext(const EndpointValue& schemes) {
  if (!schemes.is_array() || schemes.array().empty()) {
    return InvalidArgument("auth_schemes must be a non-empty list.");
  }
  std::vector<std::string> names;
  for (const auto& scheme : schemes.array()) {
    const EndpointValue* name = scheme.Find("name");
    if (name == nullptr || !name->is_string()) {
      return InvalidArgument("authSchemes entry without a name");
    }
    std::string stripped = name->string();
    if (stripped.rfind("sig", 0) == 0) stripped = stripped.substr(3);
    names.push_back(stripped);
    if (std::find(std::begin(kSupportedAuthTypes), std::end(kSupportedAuthTypes), stripped) ==
        std::end(kSupportedAuthTypes)) {
      continue;
    }
    SigningContext ctx;
    ctx.auth_type = stripped;
    if (const EndpointValue* r = scheme.Find("signingRegion")) {
      ctx.region = r->PythonStr();
    } else if (const EndpointValue* set = scheme.Find("signingRegionSet");
               set && set->is_array() && !set->array().empty()) {
      ctx.region = set->array()[0].PythonStr();
    }
    if (const EndpointValue* n = scheme.Find("signingName")) ctx.signing_name = n->PythonStr();
    if (const EndpointValue* d = scheme.Find("disableDoubleEncoding")) {
      // ensure_boolean: True, or the string "true" in any case.
      ctx.disable_double_encoding =
          (d->is_bool() && d->boolean()) ||
          (d->is_string() &&
           (d->string() == "true" || d->string() == "True" || d->string() == "TRUE"));
    }
    return ctx;
  }
  std::string joined;
  for (size_t i = 0; i < names.size(); ++i) joined += (i ? ", " : "") + names[i];
  return InvalidArgument("Unknown Signature Version: " + joined + ".");
}

}  // namespace

ServiceEndpointMetadata ParseServiceEndpointMetadata(const JsonValue& metadata) {
  return {std::string(GetString(metadata, "endpointPrefix")),
          std::string(GetString(metadata, "signingName"))};
}

std::string ResolutionKey(const EndpointParams& params) {
  // Fields are separated by '\0', which none of them contains; the context parameters go as
  // JSON, which keeps their kinds apart ("true" vs true).
  const EndpointClientConfig& c = params.config;
  std::string key;
  auto add = [&key](std::string_view field) {
    key += field;
    key += '\0';
  };
  auto flag = [](bool b) { return b ? "1" : "0"; };
  add(params.service.endpoint_prefix);
  add(params.service.signing_name);
  add(c.region);
  add(flag(c.use_fips));
  add(flag(c.use_dualstack));
  add(c.endpoint_url ? "1" + *c.endpoint_url : "0");
  add(flag(c.use_ssl));
  add(c.sts_regional_endpoints);
  add(c.s3_us_east_1_regional_endpoint);
  add(c.s3_addressing_style);
  add(flag(c.s3_use_accelerate_endpoint));
  add(c.s3_use_arn_region ? flag(*c.s3_use_arn_region) : "-");
  add(flag(c.s3_disable_multiregion_access_points));
  add(flag(ForcesPathStyle(params)));  // the only use of the operation name
  JsonDocument pool;
  add(ToJson(EndpointValue::MakeObject(params.context_params).ToJson(pool.GetAllocator())));
  add(params.legacy ? "1" : "0");
  return key;
}

Result<EndpointValue::Object> ComputeEndpointParameters(const EndpointRuleSet& rule_set,
                                                        const EndpointParams& params) {
  AWSCRAPE_ASSIGN_OR_RETURN(ClientState state, ComputeClientState(params));
  return ProviderParams(rule_set, params, state);
}

Result<ResolvedEndpoint> ResolveEndpoint(const EndpointRuleSet& rule_set,
                                         const Partitions& partitions,
                                         const EndpointParams& params) {
  if (params.service.endpoint_prefix.empty()) {
    return InvalidArgument("service metadata has no endpointPrefix");
  }
  AWSCRAPE_ASSIGN_OR_RETURN(ClientState state, ComputeClientState(params));
  AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue::Object provider_params,
                            ProviderParams(rule_set, params, state));
  AWSCRAPE_ASSIGN_OR_RETURN(RuleSetEndpoint endpoint,
                            EvaluateRuleSet(rule_set, partitions, provider_params));
  ResolvedEndpoint out;
  out.url = std::move(endpoint.url);
  if (!state.config.use_ssl && out.url.rfind("https://", 0) == 0) {
    out.url = "http://" + out.url.substr(8);
  }
  for (auto& [name, values] : endpoint.headers) {
    // botocore sends only the first value of a multi-valued header.
    if (!values.empty()) out.headers[name] = values.front();
  }
  out.signing_region = state.legacy.signing_region.value_or("");
  out.signing_name = state.legacy.signing_name;
  if (const EndpointValue* schemes = endpoint.properties.Find("authSchemes");
      schemes && !schemes->is_none()) {
    AWSCRAPE_ASSIGN_OR_RETURN(SigningContext ctx, AuthSchemesToSigningContext(*schemes));
    out.auth_type = ctx.auth_type;
    out.disable_double_encoding = ctx.disable_double_encoding;
    if (!ctx.region.empty()) out.signing_region = ctx.region;
    if (!ctx.signing_name.empty()) out.signing_name = ctx.signing_name;
  }
  out.properties = std::move(endpoint.properties);
  return out;
}

}  // namespace awscrape::aws::endpoint
