// Differential test against botocore: every case of tests/oracles/endpoints_oracle.py.
//
// The oracle's JSON is produced by tests/e2e/endpoints_botocore_test.sh, which runs this test
// with AWSCRAPE_ENDPOINTS_ORACLE set to its path; without the variable the test is skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "awscrape/aws/endpoint/legacy_endpoints.h"
#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/resolver.h"
#include "awscrape/aws/endpoint/rule_engine.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"

namespace awscrape::aws::endpoint {
namespace {

namespace fs = std::filesystem;

Result<JsonDocument> LoadJson(const fs::path& path) {
  fs::path file = path;
  if (!fs::exists(file)) file += ".gz";
  AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  return ParseJson(text);
}

struct ServiceData {
  std::string api_version;
  ServiceEndpointMetadata metadata;
  EndpointRuleSet rule_set;
};

// The newest api-version directory of each service, loaded once.
class ModelData {
 public:
  explicit ModelData(fs::path dir) : dir_(std::move(dir)) {}

  Result<const ServiceData*> Service(const std::string& name) {
    if (auto it = services_.find(name); it != services_.end()) return it->second.get();
    std::string newest;
    for (const auto& entry : fs::directory_iterator(dir_ / name)) {
      if (entry.is_directory()) newest = std::max(newest, entry.path().filename().string());
    }
    if (newest.empty()) return NotFound("no api version for " + name);
    auto data = std::make_unique<ServiceData>();
    data->api_version = newest;
    AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument model,
                              LoadJson(dir_ / name / newest / "service-2.json"));
    data->metadata = ParseServiceEndpointMetadata(*FindMember(model, "metadata"));
    AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument rules,
                              LoadJson(dir_ / name / newest / "endpoint-rule-set-1.json"));
    AWSCRAPE_ASSIGN_OR_RETURN(data->rule_set, ParseEndpointRuleSet(rules));
    return (services_[name] = std::move(data)).get();
  }

 private:
  fs::path dir_;
  std::map<std::string, std::unique_ptr<ServiceData>> services_;
};

std::string Str(const JsonValue& v, const char* name) { return std::string(GetString(v, name)); }

EndpointParams ParamsFor(const JsonValue& c, const ServiceData& service,
                         const LegacyEndpoints& legacy) {
  EndpointParams params;
  params.service = service.metadata;
  static const JsonValue kNoConfig(rapidjson::kObjectType);
  const JsonValue* config_json = FindMember(c, "config");
  const JsonValue& config = config_json ? *config_json : kNoConfig;
  params.config.region = Str(c, "region");
  params.config.use_fips = GetBool(config, "use_fips");
  params.config.use_dualstack = GetBool(config, "use_dualstack");
  if (const JsonValue* url = FindMember(config, "endpoint_url"); url && url->IsString()) {
    params.config.endpoint_url = url->GetString();
  }
  params.operation = Str(c, "operation");
  if (const JsonValue* context = FindMember(c, "context_params")) {
    params.context_params = EndpointValue::FromJson(*context).object();
  }
  params.legacy = &legacy;
  return params;
}

// Compares one case; returns an empty string when it matches, else what differs.
std::string Compare(const JsonValue& c, const ServiceData& service, const Partitions& partitions,
                    const LegacyEndpoints& legacy) {
  EndpointParams params = ParamsFor(c, service, legacy);
  const JsonValue* expected_error = FindMember(c, "error");
  std::string mode = Str(c, "mode");
  std::string diff;
  auto check = [&](const std::string& what, const std::string& want, const std::string& got) {
    if (want != got) diff += " " + what + ": want \"" + want + "\" got \"" + got + "\";";
  };
  if (mode == "client") {
    auto resolved = ResolveEndpoint(service.rule_set, partitions, params);
    if (expected_error) {
      if (resolved.ok()) return " want error \"" + Str(c, "error") + "\" got url " + resolved->url;
      check("error", Str(c, "error"), resolved.status().message());
      return diff;
    }
    if (!resolved.ok()) return " unexpected error: " + resolved.status().ToString();
    check("url", Str(c, "url"), resolved->url);
    check("signing_region", Str(c, "signing_region"), resolved->signing_region);
    check("signing_name", Str(c, "signing_name"), resolved->signing_name);
    std::map<std::string, std::string> want_headers;
    for (const auto& h : FindMember(c, "headers")->GetObject()) {
      want_headers[h.name.GetString()] = h.value.GetString();
    }
    if (want_headers != resolved->headers) diff += " headers differ;";
    return diff;
  }
  EndpointValue::Object values;
  if (mode == "params") {
    // Explicit parameters, in the oracle's order (which is botocore's error-message order).
    values = EndpointValue::FromJson(*FindMember(c, "params")).object();
  } else {
    // "ruleset": botocore's default parameters with UseFIPS / UseDualStack forced.
    auto provider_params = ComputeEndpointParameters(service.rule_set, params);
    if (!provider_params.ok()) return " parameters: " + provider_params.status().ToString();
    values = *provider_params;
    for (auto& [name, value] : values) {
      const ParameterSpec* spec = service.rule_set.FindParameter(name);
      if (spec && spec->builtin == "AWS::UseFIPS")
        value = EndpointValue::Bool(params.config.use_fips);
      if (spec && spec->builtin == "AWS::UseDualStack") {
        value = EndpointValue::Bool(params.config.use_dualstack);
      }
    }
  }
  auto endpoint = EvaluateRuleSet(service.rule_set, partitions, values);
  if (expected_error) {
    if (endpoint.ok()) return " want error \"" + Str(c, "error") + "\" got url " + endpoint->url;
    // Python-level failures (KeyError, TypeError) have Python's wording; that we fail is what
    // matters there. Rule-set errors must carry the same message.
    if (Str(c, "error_type") == "EndpointResolutionError") {
      check("error", Str(c, "error"), endpoint.status().message());
    }
    return diff;
  }
  if (!endpoint.ok()) return " unexpected error: " + endpoint.status().ToString();
  check("url", Str(c, "url"), endpoint->url);
  JsonDocument scratch;
  JsonValue properties = endpoint->properties.ToJson(scratch.GetAllocator());
  if (!JsonEquals(properties, *FindMember(c, "properties"))) {
    diff += " properties: want " + ToJson(*FindMember(c, "properties")) + " got " +
            ToJson(properties) + ";";
  }
  JsonValue headers(rapidjson::kObjectType);
  for (const auto& [name, list] : endpoint->headers) {
    JsonValue items(rapidjson::kArrayType);
    for (const auto& v : list) {
      items.PushBack(MakeString(v, scratch.GetAllocator()), scratch.GetAllocator());
    }
    headers.AddMember(MakeString(name, scratch.GetAllocator()), items, scratch.GetAllocator());
  }
  if (!JsonEquals(headers, *FindMember(c, "headers"))) diff += " headers differ;";
  return diff;
}

// DISABLED_: runs only from tests/e2e/endpoints_botocore_test.sh, which produces the oracle file.
TEST(EndpointOracle, DISABLED_MatchesBotocoreForEveryServiceAndRegion) {
  const char* oracle_path = std::getenv("AWSCRAPE_ENDPOINTS_ORACLE");
  if (oracle_path == nullptr || *oracle_path == '\0') {
    GTEST_SKIP()
        << "AWSCRAPE_ENDPOINTS_ORACLE is not set; run tests/e2e/endpoints_botocore_test.sh "
           "(it generates the botocore oracle and runs this test)";
  }
  fs::path models = AWSCRAPE_DEFAULT_MODELS_DIR;
  if (const char* env = std::getenv("AWSCRAPE_MODELS_DIR"); env && *env) models = env;

  auto oracle = LoadJson(oracle_path);
  ASSERT_TRUE(oracle.ok()) << oracle.status().ToString();
  auto partitions_json = LoadJson(models / "partitions.json");
  ASSERT_TRUE(partitions_json.ok()) << partitions_json.status().ToString();
  auto partitions = ParsePartitions(*partitions_json);
  ASSERT_TRUE(partitions.ok()) << partitions.status().ToString();
  auto endpoints_json = LoadJson(models / "endpoints.json");
  ASSERT_TRUE(endpoints_json.ok()) << endpoints_json.status().ToString();
  auto legacy = LegacyEndpoints::Parse(*endpoints_json);
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  ModelData data(models);

  const JsonValue& cases = *FindMember(*oracle, "cases");
  ASSERT_TRUE(cases.IsArray());
  size_t compared = 0, mismatches = 0, default_pairs = 0, errors_expected = 0;
  std::map<std::string, size_t> per_mode;
  for (const auto& c : cases.GetArray()) {
    std::string service_name = Str(c, "service");
    auto service = data.Service(service_name);
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    ASSERT_EQ((*service)->api_version, Str(c, "api_version")) << service_name;
    std::string diff = Compare(c, **service, *partitions, *legacy);
    ++compared;
    ++per_mode[Str(c, "mode")];
    if (FindMember(c, "error")) ++errors_expected;
    const JsonValue* config = FindMember(c, "config");
    if (Str(c, "mode") == "client" && !GetBool(*config, "use_fips") &&
        !GetBool(*config, "use_dualstack") && !FindMember(*config, "endpoint_url")->IsString()) {
      ++default_pairs;
    }
    if (!diff.empty()) {
      ++mismatches;
      if (mismatches <= 50) {
        ADD_FAILURE() << "MISMATCH " << service_name << " " << Str(c, "region") << " "
                      << Str(c, "mode") << " "
                      << ToJson(config ? *config : *FindMember(c, "params")) << ":" << diff;
      }
    }
  }
  std::cout << "endpoint oracle: compared " << compared << " cases (" << per_mode["client"]
            << " client, " << per_mode["ruleset"] << " ruleset, " << per_mode["params"]
            << " explicit-parameter; " << default_pairs
            << " (service, region) pairs with the default config; " << errors_expected
            << " expected errors), " << mismatches << " mismatches" << std::endl;
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(compared, 0u);
}

}  // namespace
}  // namespace awscrape::aws::endpoint
