// Request serialisation of what the scraper sends, on the real botocore models of the machine
// (expected values taken from botocore 1.29.27's serializer), and the failure paths a user's
// --param values can hit.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>
#include <string>

#include "awscrape/aws/model/service_model.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/aws/protocol/serializer_util.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

using model::ServiceModel;

constexpr char kModels[] = "/usr/lib/python3/dist-packages/botocore/data/";

// Real models, loaded once per process (ec2's is large).
const ServiceModel& RealModel(const std::string& relative_path) {
  static std::map<std::string, std::unique_ptr<ServiceModel>> cache;
  auto& slot = cache[relative_path];
  if (!slot) {
    auto text = ReadFile(std::string(kModels) + relative_path);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    auto doc = ParseJson(*text);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    auto model = ServiceModel::FromJson(*doc);
    EXPECT_TRUE(model.ok()) << model.status().ToString();
    slot = std::move(model).value();
  }
  return *slot;
}

const ServiceModel& Ec2() { return RealModel("ec2/2016-11-15/service-2.json"); }
const ServiceModel& Iam() { return RealModel("iam/2010-05-08/service-2.json"); }
const ServiceModel& DynamoDb() { return RealModel("dynamodb/2012-08-10/service-2.json"); }
const ServiceModel& S3() { return RealModel("s3/2006-03-01/service-2.json"); }
const ServiceModel& Lambda() { return RealModel("lambda/2015-03-31/service-2.json"); }

JsonDocument Json(std::string_view text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

Result<HttpRequest> Serialize(const ServiceModel& service, std::string_view operation,
                              std::string_view params, SerializeOptions options = {}) {
  const model::Operation* op = service.FindOperation(operation);
  EXPECT_NE(op, nullptr) << operation;
  if (!op) return NotFound(std::string(operation));
  if (options.host == "localhost") options.host = "service.us-east-1.amazonaws.com";
  JsonDocument doc = Json(params);
  return SerializeRequest(service, *op, doc, options);
}

std::string Header(const HttpRequest& r, std::string_view name) {
  const std::string* v = FindHeader(r.headers, name);
  return v ? *v : "<absent>";
}

// Expects an InvalidArgument error whose message contains every one of `needles`.
void ExpectInvalid(const Result<HttpRequest>& r, std::initializer_list<std::string_view> needles) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  for (std::string_view n : needles) {
    EXPECT_NE(r.status().message().find(n), std::string::npos)
        << "'" << n << "' not in: " << r.status().message();
  }
}

// --- ec2 -----------------------------------------------------------------------------------

TEST(SerializerEc2, DescribeImagesOwnersSelf) {
  auto r = Serialize(Ec2(), "DescribeImages", R"({"Owners": ["self"]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->path, "/");
  EXPECT_EQ(r->query, "");
  EXPECT_EQ(r->host, "service.us-east-1.amazonaws.com");
  EXPECT_EQ(r->body, "Action=DescribeImages&Version=2016-11-15&Owner.1=self");
  EXPECT_EQ(Header(*r, "content-type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(Header(*r, "Content-Length"), std::to_string(r->body.size()));
  EXPECT_EQ(Header(*r, "Host"), "<absent>");  // the signer and transport derive it
}

TEST(SerializerEc2, PaginationTokenIsPercentEncoded) {
  auto r = Serialize(Ec2(), "DescribeSnapshots",
                     R"({"OwnerIds": ["self"], "MaxResults": 5, "NextToken": "tok/en=1"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body,
            "Action=DescribeSnapshots&Version=2016-11-15&Owner.1=self&MaxResults=5&"
            "NextToken=tok%2Fen%3D1");
}

TEST(SerializerEc2, NestedListsOfStructures) {
  auto r = Serialize(Ec2(), "DescribeSnapshots",
                     R"({"OwnerIds": ["self"],
                         "Filters": [{"Name": "status", "Values": ["completed", "pending"]}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body,
            "Action=DescribeSnapshots&Version=2016-11-15&Owner.1=self&Filter.1.Name=status&"
            "Filter.1.Value.1=completed&Filter.1.Value.2=pending");
}

TEST(SerializerEc2, NoParametersAndEmptyListsSendOnlyTheAction) {
  auto r = Serialize(Ec2(), "DescribeImages", "null");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "Action=DescribeImages&Version=2016-11-15");
  // ec2 drops empty lists where query sends "Name=".
  r = Serialize(Ec2(), "DescribeImages", R"({"Owners": []})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "Action=DescribeImages&Version=2016-11-15");
}

TEST(SerializerEc2, UnknownMemberIsNamed) {
  // DescribeImages has no MaxResults in botocore 1.29.27's ec2 model.
  ExpectInvalid(Serialize(Ec2(), "DescribeImages", R"({"Owners": ["self"], "MaxResults": 5})"),
                {"DescribeImages", "Unknown parameter", "MaxResults"});
  ExpectInvalid(Serialize(Ec2(), "DescribeSnapshots", R"({"Filters": [{"Nme": "x"}]})"),
                {"Filters[0]", "Nme"});
}

TEST(SerializerEc2, WrongTypesAreNamed) {
  ExpectInvalid(Serialize(Ec2(), "DescribeImages", R"({"Owners": "self"})"), {"Owners", "list"});
  ExpectInvalid(Serialize(Ec2(), "DescribeImages", R"({"Owners": [7]})"), {"Owners[0]"});
  ExpectInvalid(Serialize(Ec2(), "DescribeSnapshots", R"({"MaxResults": "5"})"),
                {"MaxResults", "integer"});
  ExpectInvalid(Serialize(Ec2(), "DescribeSnapshots", R"({"MaxResults": 5.5})"), {"MaxResults"});
  ExpectInvalid(Serialize(Ec2(), "DescribeImages", R"({"DryRun": "yes"})"), {"DryRun", "boolean"});
  ExpectInvalid(Serialize(Ec2(), "DescribeImages", R"(["self"])"), {"input"});
}

// --- query ---------------------------------------------------------------------------------

TEST(SerializerQuery, IamListPoliciesLocalScope) {
  auto r =
      Serialize(Iam(), "ListPolicies",
                R"({"Scope": "Local", "Marker": "mk", "MaxItems": 100, "OnlyAttached": true})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body,
            "Action=ListPolicies&Version=2010-05-08&Scope=Local&Marker=mk&MaxItems=100&"
            "OnlyAttached=true");
  ExpectInvalid(Serialize(Iam(), "ListPolicies", R"({"MaxItems": 0})"),
                {"MaxItems", "valid min value: 1"});
}

// --- json ----------------------------------------------------------------------------------

TEST(SerializerJson, DynamoDbListTablesPagination) {
  auto r =
      Serialize(DynamoDb(), "ListTables", R"({"Limit": 10, "ExclusiveStartTableName": "table-1"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->path, "/");
  EXPECT_EQ(Header(*r, "X-Amz-Target"), "DynamoDB_20120810.ListTables");
  EXPECT_EQ(Header(*r, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(Header(*r, "Content-Length"), std::to_string(r->body.size()));
  EXPECT_TRUE(
      JsonEquals(Json(r->body), Json(R"({"Limit": 10, "ExclusiveStartTableName": "table-1"})")))
      << r->body;
  r = Serialize(DynamoDb(), "ListTables", "{}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "{}");
}

TEST(SerializerJson, MinLengthIsChecked) {
  ExpectInvalid(Serialize(DynamoDb(), "ListTables", R"({"ExclusiveStartTableName": "t1"})"),
                {"ExclusiveStartTableName", "valid min length: 3"});
}

// --- rest-xml ------------------------------------------------------------------------------

TEST(SerializerRestXml, S3ListObjectsV2) {
  auto r = Serialize(S3(), "ListObjectsV2",
                     R"({"Bucket": "my-bucket", "Prefix": "a/b c", "ContinuationToken": "ct==",
                         "MaxKeys": 100})",
                     {.host = "s3.us-east-1.amazonaws.com"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path, "/my-bucket");
  EXPECT_EQ(r->query, "list-type=2&prefix=a%2Fb%20c&continuation-token=ct%3D%3D&max-keys=100");
  EXPECT_EQ(r->body, "");
  EXPECT_EQ(Header(*r, "Content-Length"), "<absent>");  // botocore sends none on GET
  EXPECT_EQ(Header(*r, "Content-Type"), "<absent>");
  EXPECT_EQ(r->Url(),
            "https://s3.us-east-1.amazonaws.com/my-bucket?list-type=2&prefix=a%2Fb%20c&"
            "continuation-token=ct%3D%3D&max-keys=100");
}

TEST(SerializerRestXml, GreedyLabelKeepsSlashesAndBasePathIsPrepended) {
  auto r = Serialize(S3(), "GetObject", R"({"Bucket": "b", "Key": "dir/my key.txt"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->path, "/b/dir/my%20key.txt");
  r = Serialize(S3(), "GetObject", R"({"Bucket": "b", "Key": "k"})",
                {.host = "127.0.0.1:4566", .scheme = "http", .base_path = "/prefix"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Url(), "http://127.0.0.1:4566/prefix/b/k");
}

TEST(SerializerRestXml, BucketInEndpointLeavesTheUri) {
  // Virtual-hosted style: the rule set put the bucket in the host.
  SerializeOptions options{.host = "my-bucket.s3.us-east-1.amazonaws.com"};
  options.omit_uri_labels_in_endpoint = true;
  auto r = Serialize(S3(), "ListObjectsV2", R"({"Bucket": "my-bucket", "MaxKeys": 10})", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->path, "/");
  EXPECT_EQ(r->query, "list-type=2&max-keys=10");
  // Path style: the bucket is the endpoint's path.
  options = {.host = "s3.us-east-1.amazonaws.com", .base_path = "/my-bucket"};
  options.omit_uri_labels_in_endpoint = true;
  r = Serialize(S3(), "GetObject", R"({"Bucket": "my-bucket", "Key": "a/b c"})", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Url(), "https://s3.us-east-1.amazonaws.com/my-bucket/a/b%20c");
  // The bucket is still required: the client resolves the endpoint from it.
  ExpectInvalid(Serialize(S3(), "ListObjectsV2", "{}", options), {"Bucket"});
}

TEST(SerializerRestXml, MissingBucketIsNamed) {
  ExpectInvalid(Serialize(S3(), "ListObjectsV2", R"({"Prefix": "x"})"),
                {"ListObjectsV2", "Missing required parameter", "Bucket"});
}

// --- rest-json -----------------------------------------------------------------------------

TEST(SerializerRestJson, LambdaListFunctions) {
  auto r = Serialize(Lambda(), "ListFunctions", R"({"Marker": "m1", "MaxItems": 50})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path, "/2015-03-31/functions/");
  EXPECT_EQ(r->query, "Marker=m1&MaxItems=50");
  EXPECT_EQ(r->body, "");
  EXPECT_EQ(Header(*r, "Content-Type"), "<absent>");
}

// --- small models for the paths the real ones do not reach ---------------------------------

std::unique_ptr<ServiceModel> SmallModel(std::string_view protocol, std::string_view operation) {
  std::string metadata = R"({"protocol": ")" + std::string(protocol) +
                         R"(", "apiVersion": "2020-01-01", "jsonVersion": "1.1",
                         "targetPrefix": "Small"})";
  auto m = Json(metadata);
  auto shapes = Json(R"({
    "Input": {"type": "structure", "members": {
      "Id": {"shape": "String", "location": "uri", "locationName": "Id"},
      "Account": {"shape": "String", "hostLabel": true},
      "Token": {"shape": "String", "idempotencyToken": true},
      "When": {"shape": "Time", "location": "header", "locationName": "X-When"},
      "Ratio": {"shape": "Double"},
      "Names": {"shape": "Names"}}},
    "String": {"type": "string"},
    "Time": {"type": "timestamp"},
    "Double": {"type": "double"},
    "Names": {"type": "list", "member": {"shape": "String"}}})");
  auto ops = Json(operation);
  auto model = ServiceModel::FromParts(m, shapes, ops);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return std::move(model).value();
}

TEST(SerializerRest, MissingOrEmptyUriLabelIsAnError) {
  auto model = SmallModel("rest-json", R"([{"name": "Get", "http": {"method": "GET",
      "requestUri": "/things/{Id}"}, "input": {"shape": "Input"}}])");
  ExpectInvalid(Serialize(*model, "Get", R"({"Token": "t"})"), {"Get", "URI", "\"Id\""});
  ExpectInvalid(Serialize(*model, "Get", R"({"Id": "", "Token": "t"})"), {"\"Id\"", "empty"});
  auto r = Serialize(*model, "Get", R"({"Id": "a b", "Token": "t", "When": 1440938160})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->path, "/things/a%20b");
  EXPECT_EQ(Header(*r, "X-When"), "Sun, 30 Aug 2015 12:36:00 GMT");
  EXPECT_EQ(r->body, R"({"Token":"t"})");
  EXPECT_EQ(Header(*r, "Content-Type"), "application/json");
}

TEST(SerializerIdempotency, MissingTokenIsAUuidV4OrTheInjectedOne) {
  auto model = SmallModel("json", R"([{"name": "Put", "input": {"shape": "Input"}}])");
  auto r = Serialize(*model, "Put", "{}");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto body = Json(r->body);
  ASSERT_TRUE(body.HasMember("Token")) << r->body;
  EXPECT_TRUE(std::regex_match(
      body["Token"].GetString(),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << r->body;
  auto second = Serialize(*model, "Put", "{}");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->body, r->body);  // fresh per request

  SerializeOptions fixed;
  fixed.new_idempotency_token = [] { return std::string("fixed-token"); };
  r = Serialize(*model, "Put", "{}", fixed);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, R"({"Token":"fixed-token"})");
  r = Serialize(*model, "Put", R"({"Token": "mine"})", fixed);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, R"({"Token":"mine"})");
  EXPECT_EQ(Header(*r, "X-Amz-Target"), "Small.Put");
  EXPECT_EQ(Header(*r, "Content-Type"), "application/x-amz-json-1.1");
}

TEST(SerializerHostPrefix, LabelsAreFilledAndChecked) {
  auto model = SmallModel("json", R"([{"name": "Put", "input": {"shape": "Input"},
      "endpoint": {"hostPrefix": "{Account}.data-"}}])");
  auto r = Serialize(*model, "Put", R"({"Account": "123456789012", "Token": "t"})",
                     {.host = "svc.eu-west-1.amazonaws.com"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->host, "123456789012.data-svc.eu-west-1.amazonaws.com");
  ExpectInvalid(Serialize(*model, "Put", R"({"Account": "a/b", "Token": "t"})"), {"Account"});
  ExpectInvalid(Serialize(*model, "Put", R"({"Token": "t"})"), {"Account"});
  ExpectInvalid(Serialize(*model, "Put", R"({"Account": "", "Token": "t"})"), {"Account"});
}

TEST(SerializerHostPrefix, NotInjectedStillChecksTheLabels) {
  // botocore's Config(inject_host_prefix=False): the host stays the endpoint's, but the labels
  // are still expanded (and so still validated) as botocore's serializer does.
  auto model = SmallModel("json", R"([{"name": "Put", "input": {"shape": "Input"},
      "endpoint": {"hostPrefix": "{Account}.data-"}}])");
  SerializeOptions options{.host = "127.0.0.1:4566", .inject_host_prefix = false};
  auto r = Serialize(*model, "Put", R"({"Account": "123456789012", "Token": "t"})", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->host, "127.0.0.1:4566");
  ExpectInvalid(Serialize(*model, "Put", R"({"Account": "a/b", "Token": "t"})", options),
                {"Account"});
}

TEST(SerializerQuery, EmptyListsSpecialFloatsAndFractionalTimestamps) {
  auto shapes = Json(R"({
    "Input": {"type": "structure", "members": {
      "Names": {"shape": "Names"}, "Ratio": {"shape": "Double"}, "At": {"shape": "Time"}}},
    "Names": {"type": "list", "member": {"shape": "String"}},
    "String": {"type": "string"}, "Double": {"type": "double"}, "Time": {"type": "timestamp"}})");
  auto ops = Json(R"([{"name": "Op", "input": {"shape": "Input"}}])");
  auto model =
      ServiceModel::FromParts(Json(R"({"protocol": "query", "apiVersion": "1"})"), shapes, ops);
  ASSERT_TRUE(model.ok());
  auto r = Serialize(**model, "Op", R"({"Names": [], "Ratio": "-Infinity", "At": 1422172800.5})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body,
            "Action=Op&Version=1&Names=&Ratio=-Infinity&At=2015-01-25T08%3A00%3A00.500000Z");
  r = Serialize(**model, "Op", R"({"Ratio": 1e20, "At": "2015-01-25T08:00:00Z"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "Action=Op&Version=1&Ratio=1e%2B20&At=2015-01-25T08%3A00%3A00Z");
  ExpectInvalid(Serialize(**model, "Op", R"({"Ratio": "lots"})"), {"Ratio"});
  ExpectInvalid(Serialize(**model, "Op", R"({"At": "next tuesday"})"), {"At"});
}

TEST(SerializerUtil, FloatsFormatLikePythonRepr) {
  using internal::FormatPythonFloat;
  EXPECT_EQ(FormatPythonFloat(1.1), "1.1");
  EXPECT_EQ(FormatPythonFloat(1.0), "1.0");
  EXPECT_EQ(FormatPythonFloat(-0.0), "-0.0");
  EXPECT_EQ(FormatPythonFloat(1e20), "1e+20");
  EXPECT_EQ(FormatPythonFloat(1e16), "1e+16");
  EXPECT_EQ(FormatPythonFloat(1e15), "1000000000000000.0");
  EXPECT_EQ(FormatPythonFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatPythonFloat(0.00001), "1e-05");
  EXPECT_EQ(FormatPythonFloat(1.5e-7), "1.5e-07");
  EXPECT_EQ(FormatPythonFloat(123456789.125), "123456789.125");
  EXPECT_EQ(FormatPythonFloat(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(FormatPythonFloat(0.1 + 0.2), "0.30000000000000004");
}

TEST(Serializer, UnsupportedProtocolIsUnimplemented) {
  auto model = ServiceModel::FromParts(Json(R"({"protocol": "smithy-rpc-v2-cbor"})"), Json("{}"),
                                       Json(R"([{"name": "Op"}])"));
  ASSERT_TRUE(model.ok());
  auto r = Serialize(**model, "Op", "{}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace awscrape::aws
