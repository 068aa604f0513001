// ResolveEndpoint on botocore's own data (AWSCRAPE_DEFAULT_MODELS_DIR): global services,
// FIPS / dual-stack, custom endpoints, the s3 and sts built-ins. Expected values are what
// botocore 1.29.27's clients use (request URL, signing region and name).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>

#include "awscrape/aws/endpoint/legacy_endpoints.h"
#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/resolver.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"

namespace awscrape::aws::endpoint {
namespace {

namespace fs = std::filesystem;

JsonDocument Load(const fs::path& path) {
  fs::path file = fs::exists(path) ? path : fs::path(path.string() + ".gz");
  auto text = ReadFile(file);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  auto doc = ParseJson(text.ok() ? *text : "null");
  EXPECT_TRUE(doc.ok());
  return std::move(*doc);
}

struct Service {
  EndpointRuleSet rule_set;
  ServiceEndpointMetadata metadata;
};

class ResolverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = AWSCRAPE_DEFAULT_MODELS_DIR;
    if (!fs::exists(dir_ / "partitions.json")) return;
    auto partitions = ParsePartitions(Load(dir_ / "partitions.json"));
    ASSERT_TRUE(partitions.ok());
    partitions_ = new Partitions(*partitions);
    auto legacy = LegacyEndpoints::Parse(Load(dir_ / "endpoints.json"));
    ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
    legacy_ = new LegacyEndpoints(*legacy);
  }
  static void TearDownTestSuite() {
    delete partitions_;
    delete legacy_;
    partitions_ = nullptr;
    legacy_ = nullptr;
  }
  void SetUp() override {
    if (partitions_ == nullptr) GTEST_SKIP() << "botocore data not found at " << dir_;
  }

  const Service& Get(const std::string& name) {
    auto& slot = services_[name];
    if (!slot) {
      std::string newest;
      for (const auto& e : fs::directory_iterator(dir_ / name)) {
        newest = std::max(newest, e.path().filename().string());
      }
      slot = std::make_unique<Service>();
      JsonDocument model = Load(dir_ / name / newest / "service-2.json");
      slot->metadata = ParseServiceEndpointMetadata(*FindMember(model, "metadata"));
      auto rs = ParseEndpointRuleSet(Load(dir_ / name / newest / "endpoint-rule-set-1.json"));
      EXPECT_TRUE(rs.ok()) << rs.status().ToString();
      slot->rule_set = std::move(*rs);
    }
    return *slot;
  }

  Result<ResolvedEndpoint> Resolve(const std::string& service, const std::string& region,
                                   EndpointClientConfig config = {},
                                   EndpointValue::Object context = {}, std::string operation = "",
                                   bool with_legacy = true) {
    const Service& s = Get(service);
    EndpointParams params;
    params.service = s.metadata;
    config.region = region;
    params.config = config;
    params.context_params = std::move(context);
    params.operation = std::move(operation);
    params.legacy = with_legacy ? legacy_ : nullptr;
    return ResolveEndpoint(s.rule_set, *partitions_, params);
  }

  void ExpectEndpoint(const Result<ResolvedEndpoint>& r, const std::string& url,
                      const std::string& region, const std::string& name) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->url, url);
    EXPECT_EQ(r->signing_region, region);
    EXPECT_EQ(r->signing_name, name);
  }

  static inline fs::path dir_;
  static inline Partitions* partitions_ = nullptr;
  static inline LegacyEndpoints* legacy_ = nullptr;
  std::map<std::string, std::unique_ptr<Service>> services_;
};

TEST_F(ResolverTest, GlobalServicesSignForTheirHomeRegion) {
  ExpectEndpoint(Resolve("iam", "us-east-1"), "https://iam.amazonaws.com", "us-east-1", "iam");
  ExpectEndpoint(Resolve("iam", "eu-west-3"), "https://iam.amazonaws.com", "us-east-1", "iam");
  ExpectEndpoint(Resolve("iam", "cn-north-1"), "https://iam.cn-north-1.amazonaws.com.cn",
                 "cn-north-1", "iam");
  ExpectEndpoint(Resolve("iam", "us-gov-west-1"), "https://iam.us-gov.amazonaws.com",
                 "us-gov-west-1", "iam");
  ExpectEndpoint(Resolve("route53", "us-east-1"), "https://route53.amazonaws.com", "us-east-1",
                 "route53");
  ExpectEndpoint(Resolve("route53", "cn-north-1"), "https://route53.amazonaws.com.cn",
                 "cn-northwest-1", "route53");
  ExpectEndpoint(Resolve("cloudfront", "eu-west-1"), "https://cloudfront.amazonaws.com",
                 "us-east-1", "cloudfront");
  ExpectEndpoint(Resolve("organizations", "eu-west-1"),
                 "https://organizations.us-east-1.amazonaws.com", "us-east-1", "organizations");
  auto iam = Resolve("iam", "us-east-1");
  EXPECT_EQ(iam->auth_type, "v4");
}

TEST_F(ResolverTest, StsAndS3UseLegacyGlobalEndpointsByDefault) {
  ExpectEndpoint(Resolve("sts", "us-east-1"), "https://sts.amazonaws.com", "us-east-1", "sts");
  ExpectEndpoint(Resolve("sts", "ap-east-1"), "https://sts.ap-east-1.amazonaws.com", "ap-east-1",
                 "sts");
  EndpointClientConfig regional;
  regional.sts_regional_endpoints = "regional";
  ExpectEndpoint(Resolve("sts", "eu-west-1", regional), "https://sts.eu-west-1.amazonaws.com",
                 "eu-west-1", "sts");
  ExpectEndpoint(Resolve("s3", "us-east-1"), "https://s3.amazonaws.com", "us-east-1", "s3");
  regional.s3_us_east_1_regional_endpoint = "regional";
  ExpectEndpoint(Resolve("s3", "us-east-1", regional), "https://s3.us-east-1.amazonaws.com",
                 "us-east-1", "s3");
  auto s3 = Resolve("s3", "us-east-1");
  EXPECT_TRUE(s3->disable_double_encoding);
}

TEST_F(ResolverTest, S3BucketAddressing) {
  EndpointValue::Object bucket = {{"Bucket", EndpointValue::String("my-bucket")}};
  ExpectEndpoint(Resolve("s3", "us-west-2", {}, bucket, "ListObjects"),
                 "https://my-bucket.s3.us-west-2.amazonaws.com", "us-west-2", "s3");
  // botocore forces path style for GetBucketLocation.
  ExpectEndpoint(Resolve("s3", "us-west-2", {}, bucket, "GetBucketLocation"),
                 "https://s3.us-west-2.amazonaws.com/my-bucket", "us-west-2", "s3");
  EndpointClientConfig custom;
  custom.endpoint_url = "http://127.0.0.1:9000";
  ExpectEndpoint(Resolve("s3", "us-west-2", custom, bucket, "ListObjects"),
                 "http://127.0.0.1:9000/my-bucket", "us-west-2", "s3");
  auto mrap =
      Resolve("s3", "us-west-2", {},
              {{"Bucket",
                EndpointValue::String("arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap")}},
              "ListObjects");
  ExpectEndpoint(mrap, "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com", "*", "s3");
  EXPECT_EQ(mrap->auth_type, "v4a");
  auto bad_arn = Resolve(
      "s3", "us-west-2", {},
      {{"Bucket", EndpointValue::String("arn:aws:sqs:us-west-2:123456789012:q")}}, "ListObjects");
  ASSERT_FALSE(bad_arn.ok());
  EXPECT_EQ(bad_arn.status().message(),
            "Invalid ARN: Unrecognized format: arn:aws:sqs:us-west-2:123456789012:q (type: q)");
}

TEST_F(ResolverTest, FipsAndDualStack) {
  EndpointClientConfig dualstack;
  dualstack.use_dualstack = true;
  ExpectEndpoint(Resolve("ec2", "us-west-2", dualstack), "https://ec2.us-west-2.api.aws",
                 "us-west-2", "ec2");
  ExpectEndpoint(Resolve("ec2", "fips-us-east-1"), "https://ec2-fips.us-east-1.amazonaws.com",
                 "us-east-1", "ec2");
  EndpointClientConfig fips;
  fips.use_fips = true;
  ExpectEndpoint(Resolve("iam", "us-east-1", fips), "https://iam-fips.amazonaws.com", "us-east-1",
                 "iam");
  auto cn = Resolve("s3", "cn-north-1", fips);
  ASSERT_FALSE(cn.ok());
  EXPECT_EQ(cn.status().message(), "Partition does not support FIPS");
}

TEST_F(ResolverTest, CustomEndpointSignsForTheClientRegion) {
  EndpointClientConfig custom;
  custom.endpoint_url = "https://localhost:4566";
  custom.use_fips = true;  // botocore drops FIPS when an endpoint URL is given
  ExpectEndpoint(Resolve("ec2", "us-west-2", custom), "https://localhost:4566", "us-west-2", "ec2");
  ExpectEndpoint(Resolve("iam", "eu-west-1", custom), "https://localhost:4566", "eu-west-1", "iam");
  ExpectEndpoint(Resolve("cloudwatch", "eu-west-1", custom), "https://localhost:4566", "eu-west-1",
                 "monitoring");
  // A URL parseURL rejects: ec2's rules then ignore it (botocore sends to the regional
  // endpoint), s3's end in an error rule. Both are what botocore 1.29.27 does.
  custom.endpoint_url = "ftp://nowhere";
  ExpectEndpoint(Resolve("ec2", "us-west-2", custom), "https://ec2.us-west-2.amazonaws.com",
                 "us-west-2", "ec2");
  auto bad = Resolve("s3", "us-west-2", custom, {}, "ListBuckets");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "Invalid region: region was not a valid DNS name.");
}

TEST_F(ResolverTest, SigningFallsBackToLegacyDataOrModel) {
  // No authSchemes: the signer's defaults from endpoints.json apply (codecatalyst's only
  // endpoint is aws-global) ...
  ExpectEndpoint(Resolve("codecatalyst", "eu-west-1"), "https://codecatalyst.global.api.aws",
                 "aws-global", "codecatalyst");
  // ... and without endpoints.json, the client region and the model's signing name.
  ExpectEndpoint(Resolve("codecatalyst", "eu-west-1", {}, {}, "", /*with_legacy=*/false),
                 "https://codecatalyst.global.api.aws", "eu-west-1", "codecatalyst");
  ExpectEndpoint(Resolve("cloudwatch", "eu-west-1", {}, {}, "", false),
                 "https://monitoring.eu-west-1.amazonaws.com", "eu-west-1", "monitoring");
  EndpointClientConfig plain;
  plain.use_ssl = false;
  ExpectEndpoint(Resolve("ec2", "us-west-2", plain), "http://ec2.us-west-2.amazonaws.com",
                 "us-west-2", "ec2");
}

TEST_F(ResolverTest, BuiltinsAreComputedLikeBotocore) {
  const Service& s3 = Get("s3");
  EndpointParams params;
  params.service = s3.metadata;
  params.config.region = "us-east-1";
  params.legacy = legacy_;
  auto values = ComputeEndpointParameters(s3.rule_set, params);
  ASSERT_TRUE(values.ok());
  std::map<std::string, std::string> by_name;
  for (const auto& [name, value] : *values) by_name[name] = value.PythonStr();
  EXPECT_EQ(by_name["Region"], "us-east-1");
  EXPECT_EQ(by_name["UseGlobalEndpoint"], "True");
  EXPECT_EQ(by_name["ForcePathStyle"], "False");
  EXPECT_EQ(by_name["UseArnRegion"], "True");
  EXPECT_EQ(by_name["Accelerate"], "False");
  EXPECT_EQ(by_name.count("Endpoint"), 0u);
  params.config.endpoint_url = "http://127.0.0.1:9000";
  values = ComputeEndpointParameters(s3.rule_set, params);
  for (const auto& [name, value] : *values) by_name[name] = value.PythonStr();
  EXPECT_EQ(by_name["ForcePathStyle"], "True");  // custom URLs default to path style
  EXPECT_EQ(by_name["Endpoint"], "http://127.0.0.1:9000");
}

TEST_F(ResolverTest, UnknownBuiltinIsAnError) {
  auto doc = ParseJson(R"({"version": "1.0", "parameters": {
      "X": {"type": "String", "builtIn": "AWS::Nope"}}, "rules": []})");
  ASSERT_TRUE(doc.ok());
  auto rs = ParseEndpointRuleSet(*doc);
  ASSERT_TRUE(rs.ok());
  EndpointParams params;
  params.service = {"svc", ""};
  params.config.region = "us-east-1";
  auto r = ResolveEndpoint(*rs, *partitions_, params);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unknown builtin variable name: AWS::Nope");
}

}  // namespace
}  // namespace awscrape::aws::endpoint
