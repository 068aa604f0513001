// The credential chain over real HTTP: IMDSv2 and STS AssumeRole stand-ins on loopback, reached
// through the production CurlTransport, exactly as a scrape on EC2 or with a role would.
#include <gtest/gtest.h>

#include <atomic>

#include "../support/loopback_http_server.h"
#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/http/curl_transport.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws {
namespace {

using testing::LoopbackHttpServer;
using testing::LoopbackRequest;
using testing::LoopbackResponse;

LoopbackResponse Text(int status, std::string body) {
  LoopbackResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::shared_ptr<const SharedConfig> Config(std::string_view config, std::string_view credentials) {
  auto parsed = SharedConfig::FromText(config, credentials);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return std::make_shared<const SharedConfig>(std::move(parsed).value());
}

TEST(CredentialChainOverLoopback, FetchesInstanceRoleCredentialsWithImdsV2Token) {
  std::atomic<int> token_requests = 0;
  LoopbackHttpServer imds([&](const LoopbackRequest& request) {
    if (request.method == "PUT" && request.target == "/latest/api/token") {
      ++token_requests;
      if (!FindHeader(request.headers, "x-aws-ec2-metadata-token-ttl-seconds")) {
        return Text(400, "missing ttl");
      }
      return Text(200, "imds-session-token");
    }
    const std::string* token = FindHeader(request.headers, "x-aws-ec2-metadata-token");
    if (!token || *token != "imds-session-token") return Text(401, "");
    if (request.target == "/latest/meta-data/iam/security-credentials/") {
      return Text(200, "scraper-role");
    }
    if (request.target == "/latest/meta-data/iam/security-credentials/scraper-role") {
      return Text(200, R"({"Code":"Success","AccessKeyId":"ASIAIMDSEXAMPLE",
        "SecretAccessKey":"imds-secret","Token":"imds-token",
        "Expiration":"2099-01-01T00:00:00Z"})");
    }
    return Text(404, "");
  });
  CredentialChainOptions options;
  options.transport = std::make_shared<CurlTransport>();
  options.env = MapEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  options.config = Config("", "");
  auto chain = DefaultCredentialChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  auto credentials = (*chain)->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAIMDSEXAMPLE");
  EXPECT_EQ(credentials->session_token, "imds-token");
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(token_requests.load(), 1);
}

TEST(CredentialChainOverLoopback, AssumesTheProfilesRoleThroughStsWithSourceProfileKeys) {
  std::string last_body, last_authorization;
  LoopbackHttpServer sts([&](const LoopbackRequest& request) {
    last_body = request.body;
    const std::string* authorization = FindHeader(request.headers, "Authorization");
    last_authorization = authorization ? *authorization : "";
    if (request.method != "POST" || request.body.find("Action=AssumeRole") == std::string::npos) {
      return Text(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
    }
    return Text(200,
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLEEXAMPLE</AccessKeyId>"
                "<SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token"
                "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                "</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId>"
                "</ResponseMetadata></AssumeRoleResponse>");
  });
  CredentialChainOptions options;
  options.transport = std::make_shared<CurlTransport>();
  options.env = MapEnvironment({{"AWS_EC2_METADATA_DISABLED", "true"}});
  options.profile = "audit";
  options.region = "eu-west-1";
  options.sts_endpoint_url = sts.url();
  options.config = Config(
      "[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\n"
      "source_profile = base\nexternal_id = ext-42\nrole_session_name = awscrape-test\n",
      "[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = base-secret\n");
  auto chain = DefaultCredentialChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  auto credentials = (*chain)->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAROLEEXAMPLE");
  EXPECT_EQ(credentials->session_token, "role-token");
  EXPECT_NE(last_body.find("RoleArn=" + UriEncode("arn:aws:iam::123456789012:role/Audit")),
            std::string::npos)
      << last_body;
  EXPECT_NE(last_body.find("ExternalId=ext-42"), std::string::npos);
  EXPECT_NE(last_body.find("RoleSessionName=awscrape-test"), std::string::npos);
  // Signed with the source profile's keys.
  EXPECT_NE(last_authorization.find("Credential=AKIABASEEXAMPLE/"), std::string::npos);
}

TEST(CredentialChainOverLoopback, StsErrorsAreReportedWithoutSecrets) {
  LoopbackHttpServer sts([](const LoopbackRequest&) {
    return Text(403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                "<Message>not authorized to assume</Message></Error>"
                "<RequestId>r-2</RequestId></ErrorResponse>");
  });
  CredentialChainOptions options;
  options.transport = std::make_shared<CurlTransport>();
  options.env = MapEnvironment({{"AWS_EC2_METADATA_DISABLED", "true"}});
  options.profile = "audit";
  options.sts_endpoint_url = sts.url();
  options.config = Config(
      "[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\nsource_profile = base\n",
      "[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = base-secret\n");
  auto chain = DefaultCredentialChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  auto credentials = (*chain)->Resolve();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.status().message().find("AccessDenied"), std::string::npos);
  EXPECT_EQ(credentials.status().message().find("base-secret"), std::string::npos);
}

}  // namespace
}  // namespace awscrape::aws
