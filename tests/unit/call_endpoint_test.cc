// CallEndpointResolver remembers answers by endpoint::ResolutionKey: the key must tell apart
// everything that changes the answer, and a remembered answer must equal a fresh resolution.
#include "awscrape/aws/client/call_endpoint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "awscrape/aws/endpoint/resolver.h"

namespace awscrape::aws {
namespace {

using endpoint::EndpointParams;
using endpoint::EndpointValue;
using endpoint::ResolutionKey;

EndpointParams Params(std::string prefix, std::string region, std::string operation = "") {
  EndpointParams params;
  params.service.endpoint_prefix = std::move(prefix);
  params.config.region = std::move(region);
  params.operation = std::move(operation);
  return params;
}

TEST(ResolutionKey, OperationsOfAServiceShareAKey) {
  EXPECT_EQ(ResolutionKey(Params("ec2", "eu-west-1", "DescribeVpcs")),
            ResolutionKey(Params("ec2", "eu-west-1", "DescribeInstances")));
  EXPECT_EQ(ResolutionKey(Params("s3", "eu-west-1", "ListObjects")),
            ResolutionKey(Params("s3", "eu-west-1", "GetBucketPolicy")));
  EXPECT_EQ(ResolutionKey(Params("ec2", "eu-west-1", "GetBucketLocation")),
            ResolutionKey(Params("ec2", "eu-west-1", "ListObjects")));
}

TEST(ResolutionKey, TellsApartWhatChangesTheAnswer) {
  const std::string base = ResolutionKey(Params("ec2", "eu-west-1"));
  EXPECT_NE(base, ResolutionKey(Params("ec2", "eu-west-2")));
  EXPECT_NE(base, ResolutionKey(Params("ec2x", "eu-west-1")));
  // botocore forces path-style addressing for s3's GetBucketLocation only.
  EXPECT_NE(ResolutionKey(Params("s3", "eu-west-1", "ListObjects")),
            ResolutionKey(Params("s3", "eu-west-1", "GetBucketLocation")));

  std::vector<EndpointParams> variants(9, Params("ec2", "eu-west-1"));
  variants[0].service.signing_name = "ec2-other";
  variants[1].config.use_fips = true;
  variants[2].config.use_dualstack = true;
  variants[3].config.endpoint_url = "http://127.0.0.1:1";
  variants[4].config.endpoint_url = "";  // set but empty is not unset
  variants[5].config.sts_regional_endpoints = "regional";
  variants[6].context_params = {{"UseX", EndpointValue::Bool(true)}};
  variants[7].context_params = {{"UseX", EndpointValue::String("true")}};
  variants[8].config.s3_use_arn_region = false;
  std::vector<std::string> keys{base};
  for (const auto& v : variants) keys.push_back(ResolutionKey(v));
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = i + 1; j < keys.size(); ++j) EXPECT_NE(keys[i], keys[j]) << i << " " << j;
  }
}

const model::ModelCatalogue& Catalogue() {
  static auto catalogue = model::ModelCatalogue::Open(AWSCRAPE_DEFAULT_MODELS_DIR);
  return **catalogue;
}

struct Call {
  std::string service, operation, region;
  JsonDocument params;
};

// Every operation of some services with context parameters (s3's Bucket, s3control's
// AccountId, ...) in two regions, each with a few different values for those parameters.
std::vector<Call> Calls() {
  std::vector<Call> calls;
  const std::vector<std::string> values = {"bucket-one", "bucket.two",
                                           "arn:aws:s3:us-west-2:123456789012:accesspoint/ap",
                                           "123456789012"};
  for (const std::string service : {"s3", "s3control", "ec2", "iam", "sts", "lambda"}) {
    auto entry = Catalogue().GetService(service);
    EXPECT_TRUE(entry.ok()) << service;
    if (!entry.ok()) continue;
    for (std::string_view name : (*entry)->model->OperationNames()) {
      const model::Operation* op = (*entry)->model->FindOperation(name);
      if (op == nullptr) continue;
      const bool has_context =
          op->input && std::any_of(op->input->members.begin(), op->input->members.end(),
                                   [](const model::Member& m) { return !m.context_param.empty(); });
      for (const std::string region : {"us-east-1", "eu-west-1"}) {
        for (size_t v = 0; v < (has_context ? values.size() : 1); ++v) {
          const std::string& value = values[v];
          Call call{service, std::string(name), region, JsonDocument(rapidjson::kObjectType)};
          if (op->input) {
            for (const model::Member& m : op->input->members) {
              if (m.context_param.empty()) continue;
              auto& alloc = call.params.GetAllocator();
              call.params.AddMember(MakeString(m.name, alloc), MakeString(value, alloc), alloc);
            }
          }
          calls.push_back(std::move(call));
        }
      }
    }
  }
  return calls;
}

std::string Describe(const Result<CallEndpoint>& e) {
  if (!e.ok()) return "error: " + e.status().ToString();
  std::string out = e->scheme + "://" + e->host + e->base_path + " " + e->signing_region + " " +
                    e->signing_name + (e->disable_double_encoding ? " nodouble" : "") +
                    (e->bucket_in_endpoint ? " bucket" : "");
  for (const auto& h : e->headers) out += " " + h.name + "=" + h.value;
  return out;
}

TEST(CallEndpointResolver, RememberedAnswersEqualFreshOnes) {
  const std::vector<Call> calls = Calls();
  ASSERT_GT(calls.size(), 1000u);
  CallEndpointResolver remembering(Catalogue());
  CallEndpointResolver fresh(Catalogue(), /*remember_answers=*/false);
  size_t compared = 0;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass answers from memory
    for (const Call& call : calls) {
      auto service = Catalogue().GetService(call.service);
      ASSERT_TRUE(service.ok());
      const model::Operation* op = (*service)->model->FindOperation(call.operation);
      EndpointRequest request{service->get(), op, &call.params, call.region, ""};
      ASSERT_EQ(Describe(remembering.Resolve(request)), Describe(fresh.Resolve(request)))
          << call.service << " " << call.operation << " " << call.region << " "
          << ToJson(call.params);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 2 * calls.size());
}

TEST(CallEndpointResolver, GetBucketLocationKeepsPathStyleAfterOtherCalls) {
  auto s3 = Catalogue().GetService("s3");
  ASSERT_TRUE(s3.ok());
  auto params = ParseJson(R"({"Bucket": "my-bucket"})");
  ASSERT_TRUE(params.ok());
  CallEndpointResolver resolver(Catalogue());
  auto call = [&](const char* operation) {
    const model::Operation* op = (*s3)->model->FindOperation(operation);
    return Describe(resolver.Resolve({s3->get(), op, &*params, "us-west-2", ""}));
  };
  EXPECT_EQ(call("ListObjects"),
            "https://my-bucket.s3.us-west-2.amazonaws.com us-west-2 s3 "
            "nodouble bucket");
  EXPECT_EQ(call("GetBucketLocation"),
            "https://s3.us-west-2.amazonaws.com/my-bucket us-west-2 s3 nodouble bucket");
  EXPECT_EQ(call("ListObjects"),
            "https://my-bucket.s3.us-west-2.amazonaws.com us-west-2 s3 "
            "nodouble bucket");
}

}  // namespace
}  // namespace awscrape::aws
