// The resources routes' fast path: AppendResourceJson writes exactly the bytes of the DOM path
// (ToJson(ResourceJson(doc))) for stored responses, falls back to it whenever a secret could be
// inside, and JoinResponse's text splice restores the response SplitResponse saw for awkward
// bodies (quotes, backslashes, braces inside strings, metadata at any position).
#include <gtest/gtest.h>

#include "awscrape/api/query_layer.h"
#include "awscrape/api/resource_writer.h"
#include "awscrape/core/json.h"
#include "awscrape/store/response_body.h"

namespace awscrape::api {
namespace {

// A response as the store hands it back: split on write, joined on read.
std::string Stored(const std::string& response) {
  auto split = store::SplitResponse(response);
  EXPECT_TRUE(split.ok()) << response;
  if (!split.ok()) return "";
  auto joined = store::JoinResponse(split->body, split->metadata, split->metadata_position);
  EXPECT_TRUE(joined.ok()) << response;
  return joined.ok() ? *joined : "";
}

store::ResponseDocument Doc(const std::string& response) {
  store::ResponseDocument d;
  d.scrape_id = "scrape_20250809_173531_f4a5f77d";
  d.scrape_timestamp = Timestamp{1754760931, 277000};
  d.service = "ec2";
  d.region = "us-east-1";
  d.operation = "DescribeVpcs";
  d.page = 3;
  d.account_id = "123456789012";
  d.partition = "aws";
  d.source_filename = "ec2_DescribeVpcs_us-east-1_\"odd\\name\".json";
  d.temp_file_path = "/tmp/x\ny";
  d.response = Stored(response);
  d.item_count = 2;
  d.processed_at = d.created_at = d.updated_at = Timestamp{1754760932, 1000};
  return d;
}

std::string Fast(const store::ResponseDocument& d) {
  std::string out = "prefix";
  AppendResourceJson(d, out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  return out.substr(6);
}

TEST(ResourceWriter, WritesTheBytesOfTheDomPath) {
  for (const std::string& response : {
           std::string(R"({"Vpcs":[{"VpcId":"vpc-1","Cidr":"10.0.0.0/16"}],"ResponseMetadata":)"
                       R"({"RequestId":"r","HTTPStatusCode":200}})"),
           std::string(R"({"ResponseMetadata":{"RequestId":"r"},"A":[]})"),
           std::string(R"({"A":"quote \" brace { bracket [ colon : comma ,","B":{"c":"\\"}})"),
           std::string(R"({"Nums":[0,-1,1.5,1e-7,12345678901234567890,3.141592653589793]})"),
           std::string(R"({"Unicode":"h\u00e9llo \u65e5\u672c","Ctl":"a\u0001b"})"),
           std::string(R"({"Text":"the word Password and SecretAccessKey as values"})"),
           std::string(R"({"Deep":{"a":[{"b":[{"c":null,"d":true,"e":false}]}]}})"),
           std::string("{}"),
       }) {
    store::ResponseDocument d = Doc(response);
    EXPECT_EQ(Fast(d), ToJson(ResourceJson(d))) << response;
  }
  store::ResponseDocument global = Doc(R"({"Roles":[]})");
  global.region.reset();
  global.profile = "prod";
  EXPECT_EQ(Fast(global), ToJson(ResourceJson(global)));
}

TEST(ResourceWriter, SecretsAreRedactedOnEveryPath) {
  for (const std::string& response : {
           std::string(R"({"Credentials":{"AccessKeyId":"AKIA1","SecretAccessKey":"wJalrSECRET",)"
                       R"("SessionToken":"FQoGSESSION"}})"),
           std::string(R"({"Users":[{"Name":"u","Password":"wJalrSECRET"}]})"),
           // An escaped member name that decodes to a secret's.
           std::string(R"({"Secret\u0041ccessKey":"wJalrSECRET"})"),
           std::string(R"({"x":{"aws_session_token":"wJalrSECRET"}})"),
       }) {
    store::ResponseDocument d = Doc(response);
    std::string out = Fast(d);
    EXPECT_EQ(out.find("wJalrSECRET"), std::string::npos) << out;
    EXPECT_EQ(out.find("FQoGSESSION"), std::string::npos) << out;
    EXPECT_EQ(out, ToJson(ResourceJson(d)));
  }
}

TEST(ResourceWriter, MayHoldSecretsLooksAtMemberNames) {
  EXPECT_TRUE(MayHoldSecrets(R"({"SecretAccessKey":"s"})"));
  EXPECT_TRUE(MayHoldSecrets(R"({"a":[{"password":"s"}]})"));
  EXPECT_TRUE(MayHoldSecrets(R"({"Password" : "s"})"));     // whitespace before the colon
  EXPECT_TRUE(MayHoldSecrets(R"({"Pass\u0077ord":"s"})"));  // an escape in a name
  EXPECT_TRUE(MayHoldSecrets(R"({"a":"unterminated})"));
  EXPECT_FALSE(MayHoldSecrets(R"({"Note":"Password","Secret":"SessionToken"})"));
  EXPECT_FALSE(MayHoldSecrets(R"({"a":"\"Password\":"})"));  // an escaped quote inside a value
  EXPECT_FALSE(MayHoldSecrets("{}"));
}

TEST(ResponseBody, JoinSplicesTheMetadataBackAtEveryPosition) {
  const std::string members[] = {R"("A":"x\"}{,\\")", R"("B":{"C":[1,{"D":"]"}]})",
                                 R"("E\\":"\\\\")", R"("F":[])"};
  const std::string metadata = R"("ResponseMetadata":{"RequestId":"r","Headers":{"a":"b"}})";
  for (size_t at = 0; at <= 4; ++at) {
    std::string response = "{";
    for (size_t i = 0; i <= 4; ++i) {
      if (i == at) response += (i ? "," : "") + metadata;
      if (i < 4) response += (i || at == 0 ? "," : "") + members[i];
    }
    response += "}";
    ASSERT_TRUE(ParseJson(response).ok()) << response;
    auto split = store::SplitResponse(response);
    ASSERT_TRUE(split.ok());
    EXPECT_EQ(split->metadata_position, static_cast<int64_t>(at));
    EXPECT_EQ(*store::JoinResponse(split->body, split->metadata, split->metadata_position),
              response);
  }
  // A position beyond the members appends; a stored body that is not an object is an error.
  EXPECT_EQ(*store::JoinResponse(R"({"A":1})", std::string("{}"), 7),
            R"({"A":1,"ResponseMetadata":{}})");
  EXPECT_EQ(*store::JoinResponse("{}", std::string("{}"), 0), R"({"ResponseMetadata":{}})");
  EXPECT_FALSE(store::JoinResponse("[1]", std::string("{}"), 0).ok());
  EXPECT_FALSE(store::JoinResponse(R"({"A":"open})", std::string("{}"), 5).ok());
}

}  // namespace
}  // namespace awscrape::api
