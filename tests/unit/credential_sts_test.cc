// STS AssumeRole: the request botocore would send (byte for byte, signature included), the
// endpoint choice, and reading answers and errors.
#include <gtest/gtest.h>

#include "awscrape/aws/auth/assume_role_provider.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::FakeSts;
using testing::FakeTransport;
using testing::ManualTime;
using testing::Respond;

constexpr char kSourceSecret[] = "sourcesecret";

Credentials Source(std::string token = "") {
  return Credentials{"AKIDSOURCE0000000001", kSourceSecret, std::move(token), std::nullopt, "t"};
}

AssumeRoleParams Params() {
  AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/r";
  params.role_session_name = "sess";
  params.external_id = "ext-1";
  params.duration_seconds = 1200;
  return params;
}

TEST(StsAssumeRole, BuildsBotocoresRequest) {
  auto request = BuildAssumeRoleRequest(Params(), ResolveStsEndpoint("", false));
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->Url(), "https://sts.amazonaws.com/");
  EXPECT_EQ(*FindHeader(request->headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  // botocore 1.29.27's AssumeRoleProvider body for the same profile.
  EXPECT_EQ(request->body,
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=sess&ExternalId=ext-1"
            "&DurationSeconds=1200&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr");

  AssumeRoleParams generated;
  generated.role_arn = "arn:aws:iam::123456789012:role/r2";
  generated.role_session_name = "botocore-session-1795356024";
  generated.session_name_generated = true;
  request = BuildAssumeRoleRequest(generated, ResolveStsEndpoint("", false));
  EXPECT_EQ(request->body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012"
            "%3Arole%2Fr2&RoleSessionName=botocore-session-1795356024");

  AssumeRoleParams odd = Params();
  odd.role_session_name = "s@x";
  odd.external_id = "e+/=:, x";
  odd.duration_seconds.reset();
  request = BuildAssumeRoleRequest(odd, ResolveStsEndpoint("", false));
  EXPECT_EQ(request->body,
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s%40x"
            "&ExternalId=e%2B%2F%3D%3A%2C+x&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr");

  EXPECT_FALSE(BuildAssumeRoleRequest(AssumeRoleParams{}, ResolveStsEndpoint("", false)).ok());
}

TEST(StsAssumeRole, SignsLikeBotocore) {
  // botocore's SigV4Auth of the same request at 2023-11-14T22:13:20Z.
  struct Case {
    std::string token;
    std::string authorization;
  };
  for (const Case& c : {
           Case{"",
                "AWS4-HMAC-SHA256 Credential=AKIDSOURCE0000000001/20231114/us-east-1/sts/"
                "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
                "7d32ff07467d18cb1feeb6eaebbd20335f751c7fbfe691d9a860564fdaf853c3"},
           Case{"srctoken",
                "AWS4-HMAC-SHA256 Credential=AKIDSOURCE0000000001/20231114/us-east-1/sts/"
                "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                "Signature=985d67cc4d25938c2967f6f6c7ca38fef2619489657cff5157015beb0dbee007"},
       }) {
    FakeSts sts;
    FakeTransport transport(std::ref(sts));
    auto credentials = CallAssumeRole(transport, Source(c.token), Params(),
                                      ResolveStsEndpoint("", false), Timestamp{1700000000, 0});
    ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
    auto requests = transport.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(*FindHeader(requests[0].headers, "Authorization"), c.authorization);
    EXPECT_EQ(*FindHeader(requests[0].headers, "X-Amz-Date"), "20231114T221320Z");
    if (!c.token.empty()) {
      EXPECT_EQ(*FindHeader(requests[0].headers, "X-Amz-Security-Token"), c.token);
    }
  }
}

TEST(StsAssumeRole, ChoosesTheEndpointLikeBotocoreLegacyMode) {
  auto check = [](std::string_view region, bool regional, const char* url, const char* signing) {
    StsEndpoint endpoint = ResolveStsEndpoint(region, regional);
    EXPECT_EQ(endpoint.url, url) << region;
    EXPECT_EQ(endpoint.signing_region, signing) << region;
  };
  check("", false, "https://sts.amazonaws.com", "us-east-1");
  check("eu-west-1", false, "https://sts.amazonaws.com", "us-east-1");
  check("us-east-1", false, "https://sts.amazonaws.com", "us-east-1");
  check("ap-east-1", false, "https://sts.ap-east-1.amazonaws.com", "ap-east-1");
  check("eu-west-1", true, "https://sts.eu-west-1.amazonaws.com", "eu-west-1");
  check("cn-north-1", false, "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1");
  StsEndpoint custom = ResolveStsEndpoint("eu-west-1", false, "http://127.0.0.1:4566");
  EXPECT_EQ(custom.url, "http://127.0.0.1:4566");
  EXPECT_EQ(custom.signing_region, "eu-west-1");
}

TEST(StsAssumeRole, ReadsCredentials) {
  FakeSts sts;
  auto response = sts(HttpRequest{.body = "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fdev"});
  auto credentials = ParseAssumeRoleResponse(*response, "arn");
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-dev");
  EXPECT_EQ(credentials->secret_access_key, "secret-dev");
  EXPECT_EQ(credentials->session_token, "token-dev");
  EXPECT_EQ(credentials->expiration->seconds, 1900000000);
  EXPECT_EQ(credentials->source, "assume-role");
}

TEST(StsAssumeRole, ErrorsCarryTheAwsCodeButNoSecrets) {
  FakeSts sts;
  sts.fail_code = "AccessDenied";
  FakeTransport transport(std::ref(sts));
  auto result = CallAssumeRole(transport, Source("srctoken"), Params(),
                               ResolveStsEndpoint("", false), Timestamp{1700000000, 0});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAwsError);
  EXPECT_EQ(result.status().message(),
            "AssumeRole failed for arn:aws:iam::123456789012:role/r: AccessDenied: Not authorized "
            "to perform sts:AssumeRole (HTTP 403, request id req-1)");

  std::string leaky =
      "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId>"
      "<SecretAccessKey>verysecretvalue</SecretAccessKey><SessionToken>verysecrettoken";
  for (const HttpResponse& response :
       {Respond(200, leaky), Respond(500, leaky), Respond(503, "<html>busy verysecret</html>"),
        Respond(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>")}) {
    auto parsed = ParseAssumeRoleResponse(response, "arn:role");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().message().find("verysecret"), std::string::npos)
        << parsed.status().message();
    EXPECT_EQ(parsed.status().message().find(kSourceSecret), std::string::npos);
    EXPECT_NE(parsed.status().message().find("arn:role"), std::string::npos);
  }
  EXPECT_EQ(ParseAssumeRoleResponse(Respond(200, leaky), "r").status().code(),
            StatusCode::kParseError);
  EXPECT_EQ(ParseAssumeRoleResponse(Respond(503, "busy"), "r").status().code(),
            StatusCode::kUnavailable);

  FakeTransport down([](const HttpRequest&) -> Result<HttpResponse> {
    return Status(StatusCode::kUnavailable, "connection refused");
  });
  auto unreachable = CallAssumeRole(down, Source(), Params(), ResolveStsEndpoint("", false),
                                    Timestamp{1700000000, 0});
  EXPECT_EQ(unreachable.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(unreachable.status().message().find("https://sts.amazonaws.com"), std::string::npos);
}

TEST(AssumeRoleProvider, GeneratesASessionNameOnceAndUsesTheSource) {
  ManualTime time(1700000000);
  FakeSts sts;
  auto transport = std::make_shared<FakeTransport>(std::ref(sts));
  AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/dev";
  AssumeRoleCredentialProvider provider(std::make_shared<StaticCredentialProvider>(Source()),
                                        params, transport, ResolveStsEndpoint("", false),
                                        time.Source());
  EXPECT_EQ(provider.params().role_session_name, "awscrape-session-1700000000");
  time.Advance(100);
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-dev");
  EXPECT_EQ(FakeSts::FormValue(sts.bodies.at(0), "RoleSessionName"), "awscrape-session-1700000000");
  EXPECT_EQ(sts.signing_key_ids.at(0), "AKIDSOURCE0000000001");
}

}  // namespace
}  // namespace awscrape::aws
