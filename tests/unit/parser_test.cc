// Response and error parsing in the product's form (isoformat timestamps, base64 blobs,
// ResponseMetadata) on real botocore models, and on hostile input. Expected documents were
// produced by botocore 1.29.27's parsers (TZ=UTC) on the same responses, written with
// datetime.isoformat() and base64 for bytes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/aws/protocol/aws_error.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

using model::ModelCatalogue;
using model::Operation;
using model::ServiceModel;

class ParserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto catalogue = ModelCatalogue::Open(AWSCRAPE_DEFAULT_MODELS_DIR);
    ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
    catalogue_ = std::move(*catalogue).release();
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    catalogue_ = nullptr;
  }

  const ServiceModel& Service(const std::string& name) {
    auto entry = catalogue_->GetService(name);
    EXPECT_TRUE(entry.ok()) << entry.status().ToString();
    entries_.push_back(*entry);
    return *entries_.back()->model;
  }
  const Operation& Op(const ServiceModel& service, const std::string& name) {
    const Operation* op = service.FindOperation(name);
    EXPECT_NE(op, nullptr) << name;
    return *op;
  }

  JsonDocument Parse(const std::string& service_name, const std::string& op_name,
                     HttpResponse response, const ParseOptions& options = {}) {
    const ServiceModel& service = Service(service_name);
    Result<JsonDocument> parsed = ParseResponse(service, Op(service, op_name), response, options);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return JsonDocument();
    return std::move(*parsed);
  }
  Status ParseStatus(const std::string& service_name, const std::string& op_name,
                     HttpResponse response) {
    const ServiceModel& service = Service(service_name);
    Result<JsonDocument> parsed = ParseResponse(service, Op(service, op_name), response, {});
    return parsed.ok() ? Status::Ok() : parsed.status();
  }
  AwsError Error(const std::string& service_name, const std::string& op_name,
                 HttpResponse response) {
    const ServiceModel& service = Service(service_name);
    return ParseErrorResponse(service, Op(service, op_name), response, {});
  }

  static void ExpectJson(const JsonValue& actual, const std::string& expected_text) {
    Result<JsonDocument> expected = ParseJson(expected_text);
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    EXPECT_TRUE(JsonEquals(*expected, actual))
        << "expected " << ToJson(*expected) << "\n     got " << ToJson(actual);
  }

  static ModelCatalogue* catalogue_;
  std::vector<std::shared_ptr<const model::ServiceEntry>> entries_;
};

ModelCatalogue* ParserTest::catalogue_ = nullptr;

HttpResponse Response(int status, HttpHeaders headers, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Product form on real models

TEST_F(ParserTest, Ec2DescribeVpcs) {
  const char* body = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <vpcSet>
        <item>
            <vpcId>vpc-0a60eb65b4EXAMPLE</vpcId>
            <ownerId>111122223333</ownerId>
            <state>available</state>
            <cidrBlock>10.0.0.0/16</cidrBlock>
            <cidrBlockAssociationSet>
                <item>
                    <cidrBlock>10.0.0.0/16</cidrBlock>
                    <associationId>vpc-cidr-assoc-1</associationId>
                    <cidrBlockState><state>associated</state></cidrBlockState>
                </item>
            </cidrBlockAssociationSet>
            <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
            <tagSet>
                <item><key>Name</key><value>main &amp; co</value></item>
                <item><key>Empty</key><value/></item>
            </tagSet>
            <instanceTenancy>default</instanceTenancy>
            <isDefault>true</isDefault>
        </item>
        <item>
            <vpcId>vpc-2</vpcId>
            <isDefault>false</isDefault>
        </item>
    </vpcSet>
    <nextToken>tok</nextToken>
</DescribeVpcsResponse>)";
  JsonDocument parsed = Parse(
      "ec2", "DescribeVpcs",
      Response(200, {{"Content-Type", "text/xml;charset=UTF-8"}, {"Server", "AmazonEC2"}}, body));
  ExpectJson(parsed, R"({"NextToken": "tok", "ResponseMetadata": {"HTTPHeaders": {"content-type":
    "text/xml;charset=UTF-8", "server": "AmazonEC2"}, "HTTPStatusCode": 200, "RequestId":
    "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", "RetryAttempts": 0}, "Vpcs": [{"CidrBlock":
    "10.0.0.0/16", "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-1", "CidrBlock":
    "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}], "DhcpOptionsId": "dopt-19edf471",
    "InstanceTenancy": "default", "IsDefault": true, "OwnerId": "111122223333", "State":
    "available", "Tags": [{"Key": "Name", "Value": "main & co"}, {"Key": "Empty", "Value": ""}],
    "VpcId": "vpc-0a60eb65b4EXAMPLE"}, {"IsDefault": false, "VpcId": "vpc-2"}]})");
}

TEST_F(ParserTest, IamListRolesIsoformatTimestampsAndXmlRequestId) {
  const char* body = R"(<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListRolesResult>
    <IsTruncated>true</IsTruncated>
    <Marker>m1</Marker>
    <Roles>
      <member>
        <Path>/</Path>
        <RoleName>admin</RoleName>
        <RoleId>AROAEXAMPLE1</RoleId>
        <Arn>arn:aws:iam::123456789012:role/admin</Arn>
        <CreateDate>2019-01-02T03:04:05Z</CreateDate>
        <MaxSessionDuration>3600</MaxSessionDuration>
        <Tags><member><Key>team</Key><Value>core</Value></member></Tags>
      </member>
      <member>
        <Path>/service/</Path>
        <RoleName>svc</RoleName>
        <RoleId>AROAEXAMPLE2</RoleId>
        <Arn>arn:aws:iam::123456789012:role/service/svc</Arn>
        <CreateDate>2020-02-29T23:59:59.123Z</CreateDate>
        <RoleLastUsed><LastUsedDate>2021-06-01T12:00:00Z</LastUsedDate><Region>us-east-1</Region></RoleLastUsed>
      </member>
    </Roles>
  </ListRolesResult>
  <ResponseMetadata>
    <RequestId>4a8f7c0e-1111-2222-3333-444455556666</RequestId>
  </ResponseMetadata>
</ListRolesResponse>)";
  ParseOptions options;
  options.retry_attempts = 2;
  JsonDocument parsed =
      Parse("iam", "ListRoles",
            Response(200,
                     {{"x-amzn-RequestId", "4a8f7c0e-1111-2222-3333-444455556666"},
                      {"Content-Type", "text/xml"}},
                     body),
            options);
  ExpectJson(parsed, R"({"IsTruncated": true, "Marker": "m1", "ResponseMetadata": {"HTTPHeaders":
    {"content-type": "text/xml", "x-amzn-requestid": "4a8f7c0e-1111-2222-3333-444455556666"},
    "HTTPStatusCode": 200, "RequestId": "4a8f7c0e-1111-2222-3333-444455556666", "RetryAttempts":
    2}, "Roles": [{"Arn": "arn:aws:iam::123456789012:role/admin", "CreateDate":
    "2019-01-02T03:04:05+00:00", "MaxSessionDuration": 3600, "Path": "/", "RoleId":
    "AROAEXAMPLE1", "RoleName": "admin", "Tags": [{"Key": "team", "Value": "core"}]}, {"Arn":
    "arn:aws:iam::123456789012:role/service/svc", "CreateDate": "2020-02-29T23:59:59.123000+00:00",
    "Path": "/service/", "RoleId": "AROAEXAMPLE2", "RoleLastUsed": {"LastUsedDate":
    "2021-06-01T12:00:00+00:00", "Region": "us-east-1"}, "RoleName": "svc"}]})");
}

TEST_F(ParserTest, TimestampsWithAnOffsetAreWrittenInUtc) {
  // botocore would keep "+02:00"; the product writes every timestamp as UTC (SPEC §1).
  const char* body = R"(<ListRolesResponse><ListRolesResult><Roles><member><RoleName>r</RoleName>
    <CreateDate>2021-06-01T12:00:00+02:00</CreateDate></member></Roles></ListRolesResult>
    </ListRolesResponse>)";
  JsonDocument parsed = Parse("iam", "ListRoles", Response(200, {}, body));
  EXPECT_STREQ(parsed["Roles"][0]["CreateDate"].GetString(), "2021-06-01T10:00:00+00:00");
}

TEST_F(ParserTest, S3ListBucketsRequestIdAndHostIdFromHeaders) {
  const char* body = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>abc123</ID><DisplayName>me</DisplayName></Owner><Buckets><Bucket><Name>alpha</Name><CreationDate>2021-03-04T05:06:07.000Z</CreationDate></Bucket><Bucket><Name>beta</Name><CreationDate>2022-01-01T00:00:00.500Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>)";
  JsonDocument parsed = Parse("s3", "ListBuckets",
                              Response(200,
                                       {{"x-amz-id-2", "HOSTID=="},
                                        {"x-amz-request-id", "REQ123"},
                                        {"Content-Type", "application/xml"}},
                                       body));
  ExpectJson(parsed, R"({"Buckets": [{"CreationDate": "2021-03-04T05:06:07+00:00", "Name":
    "alpha"}, {"CreationDate": "2022-01-01T00:00:00.500000+00:00", "Name": "beta"}], "Owner":
    {"DisplayName": "me", "ID": "abc123"}, "ResponseMetadata": {"HTTPHeaders": {"content-type":
    "application/xml", "x-amz-id-2": "HOSTID==", "x-amz-request-id": "REQ123"},
    "HTTPStatusCode": 200, "HostId": "HOSTID==", "RequestId": "REQ123", "RetryAttempts": 0}})");
}

TEST_F(ParserTest, DynamoDbListTables) {
  JsonDocument parsed =
      Parse("dynamodb", "ListTables",
            Response(200,
                     {{"x-amzn-RequestId", "DDBREQ"},
                      {"x-amz-crc32", "123"},
                      {"Content-Type", "application/x-amz-json-1.0"}},
                     R"({"TableNames": ["a", "b"], "LastEvaluatedTableName": "b"})"));
  ExpectJson(parsed, R"({"LastEvaluatedTableName": "b", "ResponseMetadata": {"HTTPHeaders":
    {"content-type": "application/x-amz-json-1.0", "x-amz-crc32": "123", "x-amzn-requestid":
    "DDBREQ"}, "HTTPStatusCode": 200, "RequestId": "DDBREQ", "RetryAttempts": 0}, "TableNames":
    ["a", "b"]})");
}

TEST_F(ParserTest, DynamoDbBlobsStayBase64OrDecodeWhenAskedRaw) {
  const std::string body =
      R"({"Item": {"k": {"S": "v"}, "bin": {"B": "AQID"}, "n": {"N": "1.5"}, "bs": {"BS":
      ["AA==", "/w=="]}, "l": {"L": [{"BOOL": true}, {"NULL": true}]}}})";
  JsonDocument parsed =
      Parse("dynamodb", "GetItem", Response(200, {{"x-amzn-RequestId", "DDBREQ2"}}, body));
  ExpectJson(parsed, R"({"Item": {"bin": {"B": "AQID"}, "bs": {"BS": ["AA==", "/w=="]}, "k":
    {"S": "v"}, "l": {"L": [{"BOOL": true}, {"NULL": true}]}, "n": {"N": "1.5"}},
    "ResponseMetadata": {"HTTPHeaders": {"x-amzn-requestid": "DDBREQ2"}, "HTTPStatusCode": 200,
    "RequestId": "DDBREQ2", "RetryAttempts": 0}})");

  ParseOptions raw;
  raw.blobs = BlobOutput::kRaw;
  raw.include_response_metadata = false;
  JsonDocument decoded = Parse("dynamodb", "GetItem", Response(200, {}, body), raw);
  EXPECT_EQ(std::string(decoded["Item"]["bin"]["B"].GetString(),
                        decoded["Item"]["bin"]["B"].GetStringLength()),
            std::string("\x01\x02\x03"));
  EXPECT_FALSE(decoded.HasMember("ResponseMetadata"));

  // Line-broken base64 (as some services send) is normalised, as b64decode would read it.
  JsonDocument wrapped =
      Parse("dynamodb", "GetItem", Response(200, {}, R"({"Item": {"b": {"B": "AQ\nID"}}})"));
  EXPECT_STREQ(wrapped["Item"]["b"]["B"].GetString(), "AQID");
}

TEST_F(ParserTest, LambdaListFunctions) {
  const char* body =
      R"({"Functions": [{"FunctionName": "f1", "FunctionArn":
      "arn:aws:lambda:us-east-1:123456789012:function:f1", "Runtime": "python3.9", "CodeSize":
      1234, "Timeout": 3, "MemorySize": 128, "LastModified": "2021-01-01T00:00:00.000+0000",
      "Environment": {"Variables": {"A": "1"}}, "Layers": []}], "NextMarker": "nm"})";
  JsonDocument parsed = Parse(
      "lambda", "ListFunctions",
      Response(200, {{"x-amzn-RequestId", "LAMREQ"}, {"Content-Type", "application/json"}}, body));
  ExpectJson(parsed, R"({"Functions": [{"CodeSize": 1234, "Environment": {"Variables": {"A":
    "1"}}, "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f1", "FunctionName":
    "f1", "LastModified": "2021-01-01T00:00:00.000+0000", "Layers": [], "MemorySize": 128,
    "Runtime": "python3.9", "Timeout": 3}], "NextMarker": "nm", "ResponseMetadata":
    {"HTTPHeaders": {"content-type": "application/json", "x-amzn-requestid": "LAMREQ"},
    "HTTPStatusCode": 200, "RequestId": "LAMREQ", "RetryAttempts": 0}})");
}

TEST_F(ParserTest, RepeatedHeadersAreJoinedAndNamesLowerCased) {
  JsonDocument parsed =
      Parse("dynamodb", "ListTables",
            Response(200, {{"X-Thing", "a"}, {"x-thing", "b"}, {"X-AMZN-REQUESTID", "R"}}, "{}"));
  ExpectJson(parsed["ResponseMetadata"], R"({"HTTPHeaders": {"x-thing": "a, b",
    "x-amzn-requestid": "R"}, "HTTPStatusCode": 200, "RequestId": "R", "RetryAttempts": 0})");
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_F(ParserTest, Ec2Error) {
  AwsError e = Error("ec2", "DescribeVpcs",
                     Response(403, {{"Content-Type", "text/xml"}},
                              R"(<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>
      <Code>UnauthorizedOperation</Code><Message>You are not authorized.</Message></Error>
      </Errors><RequestID>ec2-req-1</RequestID></Response>)"));
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.code, "UnauthorizedOperation");
  EXPECT_EQ(e.message, "You are not authorized.");
  EXPECT_EQ(e.request_id, "ec2-req-1");
  ExpectJson(e.parsed, R"({"Error": {"Code": "UnauthorizedOperation", "Message":
    "You are not authorized."}, "ResponseMetadata": {"HTTPHeaders": {"content-type": "text/xml"},
    "HTTPStatusCode": 403, "RequestId": "ec2-req-1", "RetryAttempts": 0}})");
  EXPECT_EQ(DescribeAwsError(e),
            "UnauthorizedOperation (HTTP 403, request id ec2-req-1): You are not authorized.");
}

TEST_F(ParserTest, QueryErrorKeepsType) {
  AwsError e = Error("iam", "ListRoles",
                     Response(400, {{"Content-Type", "text/xml"}},
                              R"(<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
      <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role cannot be found.</Message>
      </Error><RequestId>iam-req-1</RequestId></ErrorResponse>)"));
  EXPECT_EQ(e.code, "NoSuchEntity");
  EXPECT_EQ(e.request_id, "iam-req-1");
  ExpectJson(e.parsed, R"({"Error": {"Code": "NoSuchEntity", "Message":
    "The role cannot be found.", "Type": "Sender"}, "ResponseMetadata": {"HTTPHeaders": {"content-type": "text/xml"},
    "HTTPStatusCode": 400, "RequestId": "iam-req-1", "RetryAttempts": 0}})");
}

TEST_F(ParserTest, S3BareError) {
  AwsError e =
      Error("s3", "ListBuckets",
            Response(403, {{"x-amz-request-id", "S3REQ"}, {"x-amz-id-2", "S3HOST"}},
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
                     "</Code><Message>Access Denied</Message><RequestId>S3REQ</RequestId>"
                     "<HostId>S3HOST</HostId></Error>"));
  EXPECT_EQ(e.code, "AccessDenied");
  ExpectJson(e.parsed, R"({"Error": {"Code": "AccessDenied", "Message": "Access Denied"},
    "ResponseMetadata": {"HTTPHeaders": {"x-amz-id-2": "S3HOST", "x-amz-request-id": "S3REQ"},
    "HTTPStatusCode": 403, "HostId": "S3HOST", "RequestId": "S3REQ", "RetryAttempts": 0}})");
}

TEST_F(ParserTest, JsonErrorWithModelledMembers) {
  AwsError e =
      Error("dynamodb", "ListTables",
            Response(400, {{"x-amzn-RequestId", "DDBERR"}},
                     R"({"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
          "message": "Requested resource not found"})"));
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  ExpectJson(e.parsed, R"({"Error": {"Code": "ResourceNotFoundException", "Message":
    "Requested resource not found"}, "ResponseMetadata": {"HTTPHeaders": {"x-amzn-requestid": "DDBERR"},
    "HTTPStatusCode": 400, "RequestId": "DDBERR", "RetryAttempts": 0}, "message":
    "Requested resource not found"})");
}

TEST_F(ParserTest, RestJsonErrorTypeHeader) {
  AwsError e =
      Error("lambda", "ListFunctions",
            Response(429,
                     {{"x-amzn-RequestId", "LAMERR"},
                      {"x-amzn-ErrorType", "TooManyRequestsException:http://internal"}},
                     R"({"Type": "User", "message": "Rate exceeded", "retryAfterSeconds": "2",
                         "Reason": "CallerRateLimitExceeded"})"));
  EXPECT_EQ(e.code, "TooManyRequestsException");
  EXPECT_EQ(e.message, "Rate exceeded");
  ExpectJson(e.parsed, R"({"Error": {"Code": "TooManyRequestsException", "Message":
    "Rate exceeded"}, "Reason": "CallerRateLimitExceeded", "ResponseMetadata": {"HTTPHeaders":
    {"x-amzn-errortype": "TooManyRequestsException:http://internal", "x-amzn-requestid":
    "LAMERR"}, "HTTPStatusCode": 429, "RequestId": "LAMERR", "RetryAttempts": 0}, "Type": "User",
    "message": "Rate exceeded"})");
}

TEST_F(ParserTest, GenericErrorsForEmptyOrHtmlServerErrors) {
  AwsError empty =
      Error("lambda", "ListFunctions", Response(503, {{"x-amzn-RequestId", "LAM503"}}, ""));
  ExpectJson(empty.parsed, R"({"Error": {"Code": "503", "Message": "Service Unavailable"},
    "ResponseMetadata": {"HTTPHeaders": {"x-amzn-requestid": "LAM503"}, "HTTPStatusCode": 503,
    "RetryAttempts": 0}})");
  AwsError html =
      Error("ec2", "DescribeVpcs", Response(502, {}, "<html><body>Bad gateway</body></html>"));
  EXPECT_EQ(html.code, "502");
  EXPECT_EQ(html.message, "Bad Gateway");
  EXPECT_EQ(html.http_status, 502);
}

// ---------------------------------------------------------------------------------------------
// Hostile input: a clear ParseError (responses) or a generic AwsError (errors), never a crash.

TEST_F(ParserTest, TruncatedAndGarbageXmlIsAParseError) {
  Status truncated = ParseStatus("ec2", "DescribeVpcs",
                                 Response(200, {}, "<DescribeVpcsResponse><vpcSet><item><vpcId>v"));
  EXPECT_EQ(truncated.code(), StatusCode::kParseError) << truncated.ToString();
  Status garbage = ParseStatus("iam", "ListRoles", Response(200, {}, "\x01\x02 not xml at all"));
  EXPECT_EQ(garbage.code(), StatusCode::kParseError) << garbage.ToString();
  Status s3 = ParseStatus("s3", "ListBuckets", Response(200, {}, "<ListAllMyBucketsResult><Bu"));
  EXPECT_EQ(s3.code(), StatusCode::kParseError);
}

TEST_F(ParserTest, TruncatedJsonIsAParseError) {
  Status status =
      ParseStatus("dynamodb", "ListTables", Response(200, {}, R"({"TableNames": ["a", "b)"));
  EXPECT_EQ(status.code(), StatusCode::kParseError) << status.ToString();
  EXPECT_EQ(ParseStatus("lambda", "ListFunctions", Response(200, {}, "{")).code(),
            StatusCode::kParseError);
}

TEST_F(ParserTest, WrongJsonKindsAreParseErrorsNamingTheMember) {
  Status list =
      ParseStatus("dynamodb", "ListTables", Response(200, {}, R"({"TableNames": "not-a-list"})"));
  EXPECT_EQ(list.code(), StatusCode::kParseError);
  EXPECT_NE(list.message().find("TableNames"), std::string::npos) << list.message();
  Status map = ParseStatus("lambda", "ListFunctions",
                           Response(200, {}, R"({"Functions": [{"Environment": 5}]})"));
  EXPECT_EQ(map.code(), StatusCode::kParseError) << map.ToString();
  Status top = ParseStatus("lambda", "ListFunctions", Response(200, {}, R"(["array"])"));
  EXPECT_EQ(top.code(), StatusCode::kParseError) << top.ToString();
}

TEST_F(ParserTest, MalformedXmlScalarsAreParseErrors) {
  Status status = ParseStatus(
      "iam", "ListRoles",
      Response(200, {},
               "<ListRolesResponse><ListRolesResult><Roles><member><MaxSessionDuration>12ab"
               "</MaxSessionDuration></member></Roles></ListRolesResult></ListRolesResponse>"));
  EXPECT_EQ(status.code(), StatusCode::kParseError);
  EXPECT_NE(status.message().find("12ab"), std::string::npos) << status.message();
}

TEST_F(ParserTest, DeepNestingIsRefusedWithoutCrashing) {
  // 200,000 nested arrays: the JSON reader is iterative and the shape walk is bounded.
  std::string deep =
      R"({"Item": {"a": )" + std::string(200000, '[') + std::string(200000, ']') + "}}";
  Status json = ParseStatus("dynamodb", "GetItem", Response(200, {}, deep));
  EXPECT_EQ(json.code(), StatusCode::kParseError) << json.ToString();
  // A recursive shape (AttributeValue.L) nested beyond the limit.
  std::string recursive = R"({"Item": {"a": )";
  for (int i = 0; i < 500; ++i) recursive += R"({"L": [)";
  recursive += R"({"S": "x"})";
  for (int i = 0; i < 500; ++i) recursive += "]}";
  recursive += "}}";
  Status nested = ParseStatus("dynamodb", "GetItem", Response(200, {}, recursive));
  EXPECT_EQ(nested.code(), StatusCode::kParseError);
  EXPECT_NE(nested.message().find("too deep"), std::string::npos) << nested.message();
  // Deep XML under a scalar: the DOM is built iteratively and never walked.
  std::string xml =
      "<DescribeVpcsResponse><vpcSet><item><vpcId>" + std::string("") + "</vpcId><ownerId>";
  for (int i = 0; i < 100000; ++i) xml += "<x>";
  for (int i = 0; i < 100000; ++i) xml += "</x>";
  xml += "</ownerId></item></vpcSet></DescribeVpcsResponse>";
  JsonDocument parsed = Parse("ec2", "DescribeVpcs", Response(200, {}, xml));
  ASSERT_TRUE(parsed.IsObject());
  EXPECT_STREQ(parsed["Vpcs"][0]["OwnerId"].GetString(), "");
}

TEST_F(ParserTest, HugeNumbers) {
  JsonDocument json =
      Parse("lambda", "ListFunctions",
            Response(200, {}, R"({"Functions": [{"CodeSize": 123456789012345678901234567890}]})"));
  ASSERT_TRUE(json["Functions"][0]["CodeSize"].IsNumber());
  EXPECT_DOUBLE_EQ(json["Functions"][0]["CodeSize"].GetDouble(), 1.2345678901234568e29);
  JsonDocument xml = Parse(
      "iam", "ListRoles",
      Response(200, {},
               "<ListRolesResponse><ListRolesResult><Roles><member><MaxSessionDuration>"
               " 9007199254740993 </MaxSessionDuration></member><member><MaxSessionDuration>"
               "99999999999999999999999</MaxSessionDuration></member></Roles></ListRolesResult>"
               "</ListRolesResponse>"));
  EXPECT_EQ(xml["Roles"][0]["MaxSessionDuration"].GetInt64(), 9007199254740993LL);
  EXPECT_DOUBLE_EQ(xml["Roles"][1]["MaxSessionDuration"].GetDouble(), 1e23);
  EXPECT_EQ(ParseStatus("lambda", "ListFunctions",
                        Response(200, {}, R"({"Functions": [{"CodeSize": 1e999}]})"))
                .code(),
            StatusCode::kParseError);
}

TEST_F(ParserTest, InvalidBase64IsAParseError) {
  Status status =
      ParseStatus("dynamodb", "GetItem", Response(200, {}, R"({"Item": {"b": {"B": "A"}}})"));
  EXPECT_EQ(status.code(), StatusCode::kParseError) << status.ToString();
}

TEST_F(ParserTest, EmptyQueryBodyIsAnEmptyResult) {
  JsonDocument parsed = Parse("iam", "ListRoles", Response(200, {}, ""));
  ExpectJson(parsed, R"({"ResponseMetadata": {"HTTPHeaders": {}, "HTTPStatusCode": 200,
    "RetryAttempts": 0}})");
}

TEST_F(ParserTest, UnreadableErrorBodiesGiveGenericErrors) {
  AwsError xml = Error("ec2", "DescribeVpcs", Response(400, {}, "<Response><Errors><Err"));
  EXPECT_EQ(xml.code, "400");
  EXPECT_EQ(xml.message, "Bad Request");
  AwsError s3 = Error("s3", "ListBuckets",
                      Response(404, {{"x-amz-request-id", "RID"}}, "definitely not xml"));
  EXPECT_EQ(s3.code, "404");
  EXPECT_EQ(s3.message, "Not Found");
  EXPECT_EQ(s3.request_id, "RID");
  // botocore keeps an unreadable JSON error body as the message; the code is the status.
  AwsError json = Error("dynamodb", "ListTables", Response(400, {}, "{\"__type\": \"Thrott"));
  EXPECT_EQ(json.code, "400");
  EXPECT_EQ(json.message, "{\"__type\": \"Thrott");
  AwsError wrong_kind = Error("lambda", "ListFunctions", Response(400, {}, "[1, 2]"));
  EXPECT_EQ(wrong_kind.code, "400");
  AwsError deep = Error("dynamodb", "ListTables",
                        Response(400, {}, std::string(100000, '[') + std::string(100000, ']')));
  EXPECT_EQ(deep.code, "400");
}

TEST(AwsErrorTest, CleanErrorCodeAndReasons) {
  EXPECT_EQ(CleanErrorCode("aws.protocoltests.restjson#FooError:http://internal.amazon.com/x"),
            "FooError");
  EXPECT_EQ(CleanErrorCode("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"),
            "ResourceNotFoundException");
  EXPECT_EQ(CleanErrorCode("ValidationException:"), "ValidationException");
  EXPECT_EQ(CleanErrorCode("Plain"), "Plain");
  EXPECT_EQ(HttpStatusReason(429), "Too Many Requests");
  EXPECT_EQ(HttpStatusReason(599), "");
}

}  // namespace
}  // namespace awscrape::aws
