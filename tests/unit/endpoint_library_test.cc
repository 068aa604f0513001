// The endpoint standard library and partitions, against values botocore 1.29.27 returns for the
// same inputs (RuleSetStandardLibrary, run with /usr/bin/python3).
#include <gtest/gtest.h>

#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/python_url.h"
#include "awscrape/aws/endpoint/standard_library.h"
#include "awscrape/core/json.h"

namespace awscrape::aws::endpoint {
namespace {

EndpointValue S(const char* s) { return EndpointValue::String(s); }
EndpointValue B(bool b) { return EndpointValue::Bool(b); }
EndpointValue I(int64_t i) { return EndpointValue::Int(i); }

constexpr const char* kPartitions = R"({"version": "1.1", "partitions": [
  {"id": "aws", "regionRegex": "^(us|eu|ap|sa|ca|me|af)\\-\\w+\\-\\d+$",
   "regions": {"aws-global": {}, "us-east-1": {}},
   "outputs": {"dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
               "supportsFIPS": true, "supportsDualStack": true}},
  {"id": "aws-cn", "regionRegex": "^cn\\-\\w+\\-\\d+$", "regions": {"aws-cn-global": {}},
   "outputs": {"dnsSuffix": "amazonaws.com.cn", "dualStackDnsSuffix": "api.amazonwebservices.com.cn",
               "supportsFIPS": true, "supportsDualStack": true}},
  {"id": "aws-us-gov", "regionRegex": "^us\\-gov\\-\\w+\\-\\d+$", "regions": {},
   "outputs": {"dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
               "supportsFIPS": true, "supportsDualStack": true}}]})";

Partitions LoadPartitions() {
  auto doc = ParseJson(kPartitions);
  EXPECT_TRUE(doc.ok());
  auto partitions = ParsePartitions(*doc);
  EXPECT_TRUE(partitions.ok()) << partitions.status().ToString();
  return *partitions;
}

std::string PartitionName(const Partitions& p, const EndpointValue& region) {
  return AwsPartition(region, p).Find("name")->string();
}

TEST(EndpointPartitions, MatchesRegionsByListThenRegexAndFallsBackToAws) {
  Partitions p = LoadPartitions();
  EXPECT_EQ(PartitionName(p, S("eu-west-1")), "aws");
  EXPECT_EQ(PartitionName(p, S("cn-north-1")), "aws-cn");
  EXPECT_EQ(PartitionName(p, S("aws-cn-global")), "aws-cn");  // listed, not regex-matched
  EXPECT_EQ(PartitionName(p, S("us-gov-west-1")), "aws-us-gov");
  // "us-gov-west-1" must not fall into aws: \w does not match '-'.
  EXPECT_EQ(PartitionName(p, S("mars-east-1")), "aws");
  EXPECT_EQ(PartitionName(p, EndpointValue()), "aws");
  EXPECT_EQ(AwsPartition(S("cn-north-1"), p).Find("dnsSuffix")->string(), "amazonaws.com.cn");
  // re.match anchors at the start only: a prefix elsewhere is no match.
  EXPECT_EQ(PartitionName(p, S("xcn-north-1")), "aws");
}

TEST(EndpointPartitions, RejectsMalformedDocuments) {
  for (const char* bad : {R"({})", R"({"partitions": []})", R"({"partitions": [{"id": "x"}]})",
                          R"({"partitions": [{"id": "x", "regionRegex": "(", "outputs": {}}]})"}) {
    auto doc = ParseJson(bad);
    ASSERT_TRUE(doc.ok());
    auto p = ParsePartitions(*doc);
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), StatusCode::kParseError);
  }
}

TEST(EndpointLibrary, IsSetNotAndEquals) {
  EXPECT_FALSE(IsSet(EndpointValue()).boolean());
  EXPECT_TRUE(IsSet(B(false)).boolean());
  EXPECT_TRUE(Not(EndpointValue()).boolean());
  EXPECT_TRUE(Not(S("")).boolean());  // Python truthiness
  EXPECT_FALSE(Not(S("x")).boolean());
  EXPECT_TRUE(StringEquals(S("a"), S("a"))->boolean());
  EXPECT_FALSE(StringEquals(S("a"), S("b"))->boolean());
  auto mismatch = StringEquals(EndpointValue(), S("a"));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().message(),
            "Both values must be strings, not <class 'NoneType'> and <class 'str'>.");
  EXPECT_TRUE(BooleanEquals(B(true), B(true))->boolean());
  auto bad = BooleanEquals(S("true"), B(true));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "Both arguments must be bools, not <class 'str'> and <class 'bool'>.");
}

TEST(EndpointLibrary, GetAttrWalksPathsAndIndexes) {
  EndpointValue inner = EndpointValue::MakeObject();
  inner.Set("b", EndpointValue::MakeArray({I(1), I(2)}));
  EndpointValue v = EndpointValue::MakeObject();
  v.Set("a", inner);
  EXPECT_EQ(GetAttr(v, S("a.b[1]"))->integer(), 2);
  EXPECT_TRUE(GetAttr(v, S("a.b[5]"))->is_none());
  EXPECT_TRUE(GetAttr(v, S("a.b"))->is_array());
  EXPECT_FALSE(GetAttr(v, S("a.missing")).ok());  // KeyError in botocore
  EXPECT_FALSE(GetAttr(EndpointValue(), S("x[0]")).ok());
}

TEST(EndpointLibrary, SubstringFollowsBotocore) {
  EXPECT_EQ(Substring(S("abcdefg"), I(1), I(4), B(false))->string(), "bcd");
  EXPECT_EQ(Substring(S("abcdefg"), I(1), I(4), B(true))->string(), "def");
  EXPECT_TRUE(Substring(S("abc"), I(0), I(4), B(false))->is_none());
  EXPECT_TRUE(Substring(S("ab\xc3\xa9"
                          "cd"),
                        I(0), I(2), B(false))
                  ->is_none());  // not ASCII
  EXPECT_TRUE(Substring(S("abc"), I(2), I(2), B(false))->is_none());
  auto bad = Substring(EndpointValue(), I(0), I(1), B(false));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Input must be a string, not <class 'NoneType'>.");
}

TEST(EndpointLibrary, UriEncodeAndHostLabels) {
  EXPECT_EQ(UriEncodeValue(S("a b/c~d+\xc3\xa9")).string(), "a%20b%2Fc~d%2B%C3%A9");
  EXPECT_TRUE(UriEncodeValue(EndpointValue()).is_none());
  EXPECT_TRUE(IsValidHostLabel(S("us-west-2"), B(false)).boolean());
  EXPECT_FALSE(IsValidHostLabel(S("a.b"), B(false)).boolean());
  EXPECT_TRUE(IsValidHostLabel(S("a.b"), B(true)).boolean());
  EXPECT_FALSE(IsValidHostLabel(S("-a"), B(false)).boolean());
  EXPECT_TRUE(IsValidHostLabel(S(std::string(63, 'a').c_str()), B(false)).boolean());
  EXPECT_FALSE(IsValidHostLabel(S(std::string(64, 'a').c_str()), B(false)).boolean());
  EXPECT_FALSE(IsValidHostLabel(S("a..b"), B(true)).boolean());
  EXPECT_FALSE(IsValidHostLabel(EndpointValue(), B(true)).boolean());
}

TEST(EndpointLibrary, VirtualHostableBuckets) {
  EXPECT_TRUE(AwsIsVirtualHostableS3Bucket(S("my-bucket"), B(false)).boolean());
  EXPECT_FALSE(AwsIsVirtualHostableS3Bucket(S("my.bucket"), B(false)).boolean());
  EXPECT_FALSE(AwsIsVirtualHostableS3Bucket(S("my.bucket"), B(true)).boolean());  // "my" < 3
  EXPECT_TRUE(AwsIsVirtualHostableS3Bucket(S("abc.def"), B(true)).boolean());
  EXPECT_FALSE(AwsIsVirtualHostableS3Bucket(S("ab"), B(false)).boolean());
  EXPECT_FALSE(AwsIsVirtualHostableS3Bucket(S("My-bucket"), B(false)).boolean());
  EXPECT_FALSE(AwsIsVirtualHostableS3Bucket(S("192.168.1.1"), B(true)).boolean());
}

TEST(EndpointLibrary, ParseArn) {
  EndpointValue arn = AwsParseArn(S("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint"));
  ASSERT_TRUE(arn.is_object());
  EXPECT_EQ(arn.Find("partition")->string(), "aws");
  EXPECT_EQ(arn.Find("region")->string(), "us-west-2");
  EXPECT_EQ(arn.Find("accountId")->string(), "123456789012");
  EXPECT_EQ(arn.Find("resourceId")->PythonStr(), "['accesspoint', 'myendpoint']");
  EXPECT_EQ(AwsParseArn(S("arn:aws:s3:::bucket/key/x")).Find("resourceId")->PythonStr(),
            "['bucket', 'key', 'x']");
  EXPECT_EQ(AwsParseArn(S("arn:a:b:c:d:e:f:g")).Find("resourceId")->PythonStr(), "['e', 'f', 'g']");
  EXPECT_TRUE(AwsParseArn(S("arn:aws::r:a:res")).is_none());         // no service
  EXPECT_TRUE(AwsParseArn(S("arn:aws:s3:us-west-2:1:")).is_none());  // no resource
  EXPECT_TRUE(AwsParseArn(S("arn:aws")).is_none());
  EXPECT_TRUE(AwsParseArn(S("notarn:aws:s3:r:a:b")).is_none());
}

TEST(EndpointLibrary, ParseUrlLikeBotocore) {
  auto url = ParseUrlValue(S("http://10.0.0.1:9000/a/./b/../c"));
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->PythonStr(),
            "{'scheme': 'http', 'authority': '10.0.0.1:9000', 'path': '/a/./b/../c', "
            "'normalizedPath': '/a/c/', 'isIp': True}");
  EXPECT_EQ(ParseUrlValue(S("https://example.com"))->PythonStr(),
            "{'scheme': 'https', 'authority': 'example.com', 'path': '', 'normalizedPath': '/', "
            "'isIp': False}");
  EXPECT_EQ(ParseUrlValue(S("https://[::1]:8443/x y"))->Find("normalizedPath")->string(),
            "/x%20y/");
  EXPECT_TRUE(ParseUrlValue(S("https://[::1]:8443/x y"))->Find("isIp")->boolean());
  EXPECT_EQ(ParseUrlValue(S("https://example.com/path;p"))->Find("path")->string(), "/path");
  auto upper = ParseUrlValue(S("HTTPS://Example.COM:443/%7E"));
  EXPECT_EQ(upper->Find("scheme")->string(), "https");
  EXPECT_EQ(upper->Find("authority")->string(), "Example.COM:443");
  EXPECT_EQ(upper->Find("normalizedPath")->string(), "/%257E/");
  EXPECT_TRUE(ParseUrlValue(S("https://example.com?q=1"))->is_none());
  EXPECT_TRUE(ParseUrlValue(S("ftp://x"))->is_none());
  EXPECT_TRUE(ParseUrlValue(S("http://example.com:notaport"))->is_none());
  EXPECT_TRUE(ParseUrlValue(EndpointValue())->is_none());
  // urlparse raises ValueError here; botocore fails, so do we.
  EXPECT_FALSE(ParseUrlValue(S("https://[::1/x")).ok());
  EXPECT_FALSE(ParseUrlValue(S("https:///nohost")).ok());
}

}  // namespace
}  // namespace awscrape::aws::endpoint
