#include "awscrape/aws/client/call_endpoint.h"

#include "awscrape/aws/endpoint/python_url.h"

namespace awscrape::aws {
namespace {

// botocore removes "/{Bucket}" from every S3 request URI and lets the endpoint carry the bucket.
bool IsS3(const model::ServiceEntry& service) { return service.name == "s3"; }

endpoint::EndpointValue::Object ContextParams(const EndpointRequest& request) {
  endpoint::EndpointValue::Object context;
  for (const auto& [name, json_text] : request.operation->static_context_params) {
    if (auto value = ParseJson(json_text); value.ok()) {
      context.emplace_back(name, endpoint::EndpointValue::FromJson(*value));
    }
  }
  const model::Shape* input = request.operation->input;
  if (input && request.params && request.params->IsObject()) {
    for (const model::Member& member : input->members) {
      if (member.context_param.empty()) continue;
      const JsonValue* value = FindMember(*request.params, member.name);
      if (value && (value->IsString() || value->IsBool())) {
        context.emplace_back(member.context_param, endpoint::EndpointValue::FromJson(*value));
      }
    }
  }
  return context;
}

}  // namespace

Result<CallEndpoint> ParseEndpointUrl(std::string_view url) {
  AWSCRAPE_ASSIGN_OR_RETURN(endpoint::PythonUrl parsed, endpoint::ParsePythonUrl(url));
  if ((parsed.scheme != "http" && parsed.scheme != "https") || parsed.netloc.empty()) {
    return InvalidArgument("endpoint URL '" + std::string(url) +
                           "' must look like https://host[:port][/path]");
  }
  CallEndpoint endpoint;
  endpoint.scheme = parsed.scheme;
  endpoint.host = parsed.netloc;
  endpoint.base_path = parsed.path;
  while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') {
    endpoint.base_path.pop_back();
  }
  return endpoint;
}

Result<const CallEndpointResolver::Shared*> CallEndpointResolver::LoadShared() {
  // Called with mutex_ held.
  if (shared_) return shared_.get();
  AWSCRAPE_ASSIGN_OR_RETURN(auto partitions_json, catalogue_.Partitions());
  auto shared = std::make_unique<Shared>();
  AWSCRAPE_ASSIGN_OR_RETURN(shared->partitions, endpoint::ParsePartitions(*partitions_json));
  if (auto endpoints_json = catalogue_.DataFile("endpoints"); endpoints_json.ok()) {
    AWSCRAPE_ASSIGN_OR_RETURN(auto legacy, endpoint::LegacyEndpoints::Parse(**endpoints_json));
    shared->legacy = std::make_unique<endpoint::LegacyEndpoints>(std::move(legacy));
  }
  shared_ = std::move(shared);
  return shared_.get();
}

Result<std::shared_ptr<const endpoint::EndpointRuleSet>> CallEndpointResolver::RuleSet(
    const model::ServiceEntry& service) {
  // Called with mutex_ held.
  if (auto it = rule_sets_.find(service.name); it != rule_sets_.end()) return it->second;
  AWSCRAPE_ASSIGN_OR_RETURN(std::shared_ptr<const JsonDocument> json, service.EndpointRuleSet());
  if (!json->IsObject()) {
    return NotFound("service " + service.name + " has no endpoint rule set in the models");
  }
  auto parsed = endpoint::ParseEndpointRuleSet(*json);
  if (!parsed.ok()) return parsed.status().WithContext(service.name + " endpoint rule set");
  auto shared = std::make_shared<const endpoint::EndpointRuleSet>(std::move(parsed).value());
  rule_sets_.emplace(service.name, shared);
  return shared;
}

Result<CallEndpoint> CallEndpointResolver::Resolve(const EndpointRequest& request) {
  const Shared* shared;
  std::shared_ptr<const endpoint::EndpointRuleSet> rule_set;
  {
    std::lock_guard lock(mutex_);
    AWSCRAPE_ASSIGN_OR_RETURN(shared, LoadShared());
    AWSCRAPE_ASSIGN_OR_RETURN(rule_set, RuleSet(*request.service));
  }
  const model::ServiceMetadata& metadata = request.service->model->metadata();
  endpoint::EndpointParams params;
  params.service.endpoint_prefix = metadata.endpoint_prefix;
  params.service.signing_name = metadata.signing_name;
  params.config.region = request.region;
  if (!request.endpoint_url.empty()) params.config.endpoint_url = request.endpoint_url;
  params.context_params = ContextParams(request);
  params.operation = request.operation->name;
  params.legacy = shared->legacy.get();
  // The service name too: two services may share an endpoint prefix but not a rule set.
  std::string key;
  if (remember_answers_) {
    key = request.service->name + '\0' + endpoint::ResolutionKey(params);
    std::lock_guard lock(mutex_);
    auto it = remembered_.find(key);
    if (it != remembered_.end()) return it->second;
  }
  auto resolved = endpoint::ResolveEndpoint(*rule_set, shared->partitions, params);
  if (!resolved.ok()) {
    return resolved.status().WithContext("endpoint for " + request.service->name + " in " +
                                         request.region);
  }
  AWSCRAPE_ASSIGN_OR_RETURN(CallEndpoint call_endpoint, ParseEndpointUrl(resolved->url));
  call_endpoint.signing_region = resolved->signing_region;
  call_endpoint.signing_name = resolved->signing_name;
  call_endpoint.disable_double_encoding = resolved->disable_double_encoding;
  for (const auto& [name, value] : resolved->headers)
    call_endpoint.headers.push_back({name, value});
  call_endpoint.bucket_in_endpoint = IsS3(*request.service);
  if (!remember_answers_) return call_endpoint;
  std::lock_guard lock(mutex_);
  if (remembered_.size() >= kMaxRemembered) remembered_.clear();
  remembered_.emplace(std::move(key), call_endpoint);
  return call_endpoint;
}

}  // namespace awscrape::aws
