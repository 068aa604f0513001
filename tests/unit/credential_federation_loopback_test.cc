// Web identity and IAM Identity Center (SSO) credentials over real HTTP: STS and SSO portal
// stand-ins on loopback, reached through the production CurlTransport by DefaultCredentialChain,
// as a scrape from an EKS pod or an `aws sso login` session would reach them.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>

#include "../support/loopback_http_server.h"
#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/sso_token_cache.h"
#include "awscrape/aws/http/curl_transport.h"
#include "awscrape/core/encoding.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::Config;

using ::awscrape::testing::LoopbackHttpServer;
using ::awscrape::testing::LoopbackRequest;
using ::awscrape::testing::LoopbackResponse;
using testing::ManualTime;
using testing::TempDir;

constexpr int64_t kNow = 1700000000;
constexpr char kStartUrl[] = "https://d-90670ca0b1.awsapps.com/start";
constexpr char kSsoToken[] = "aoaAAAAAGVSECRET-SSO-BEARER";
constexpr char kOidcToken[] = "eyJhbGciOiJSUzI1NiJ9.SECRET-OIDC.sig";

LoopbackResponse Answer(int status, std::string body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
  LoopbackResponse response;
  response.status = status;
  response.body = std::move(body);
  for (auto& [name, value] : headers) response.headers.push_back({name, value});
  return response;
}

// What the stand-ins saw, read by the test thread after the calls returned.
struct Seen {
  std::mutex mu;
  std::vector<LoopbackRequest> requests;
  void Add(const LoopbackRequest& request) {
    std::lock_guard lock(mu);
    requests.push_back(request);
  }
  LoopbackRequest Last() {
    std::lock_guard lock(mu);
    return requests.empty() ? LoopbackRequest{} : requests.back();
  }
  size_t Count() {
    std::lock_guard lock(mu);
    return requests.size();
  }
};

std::string Header(const LoopbackRequest& request, std::string_view name) {
  const std::string* value = FindHeader(request.headers, name);
  return value ? *value : "";
}

struct SsoSetup {
  TempDir home;
  ManualTime time{kNow};
  CredentialChainOptions options;

  explicit SsoSetup(const LoopbackHttpServer& portal) {
    options.transport = std::make_shared<CurlTransport>();
    options.env =
        MapEnvironment({{"HOME", home.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}});
    options.profile = "scraper";
    options.sso_endpoint_url = portal.url();
    options.now = time.Source();
    options.config = Config(std::string("[profile scraper]\nsso_session = corp\n") +
                            "sso_account_id = 123456789012\nsso_role_name = SecurityAudit\n"
                            "[sso-session corp]\nsso_start_url = " +
                            kStartUrl + "\nsso_region = eu-central-1\n");
  }
  void WriteToken(std::string_view token, int64_t expires_at) {
    home.Write(".aws/sso/cache/" + SsoTokenCacheKey(kStartUrl, "corp") + ".json",
               std::string("{\"startUrl\":\"") + kStartUrl +
                   "\",\"region\":\"eu-central-1\","
                   "\"accessToken\":\"" +
                   std::string(token) + "\",\"expiresAt\":\"" +
                   FormatIso8601(Timestamp{expires_at, 0}, false) +
                   "\",\"clientId\":\"c\",\"clientSecret\":\"cs\",\"refreshToken\":\"r\"}");
  }
  Result<Credentials> Resolve() {
    AWSCRAPE_ASSIGN_OR_RETURN(auto chain, DefaultCredentialChain(options));
    return chain->Resolve();
  }
};

LoopbackResponse Portal(const LoopbackRequest& request, int64_t expiration_ms) {
  if (request.method != "GET" || !request.target.starts_with("/federation/credentials?")) {
    return Answer(404, "{\"message\":\"no route\"}");
  }
  if (Header(request, "x-amz-sso_bearer_token") != kSsoToken) {
    return Answer(401, "{\"message\":\"Session token not found or invalid\"}",
                  {{"x-amzn-ErrorType", "UnauthorizedException:http://internal.amazon.com/"},
                   {"x-amzn-RequestId", "rid-401"}});
  }
  return Answer(200,
                "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOLOOPBACK\",\"secretAccessKey\":"
                "\"sso-secret\",\"sessionToken\":\"sso-session-token\",\"expiration\":" +
                    std::to_string(expiration_ms) + "}}",
                {{"Content-Type", "application/json"}});
}

TEST(SsoOverLoopback, GetsRoleCredentialsWithTheCachedBearerToken) {
  Seen seen;
  LoopbackHttpServer portal([&](const LoopbackRequest& request) {
    seen.Add(request);
    return Portal(request, (kNow + 3600) * 1000 + 500);
  });
  SsoSetup setup(portal);
  setup.WriteToken(kSsoToken, kNow + 8 * 3600);
  auto credentials = setup.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIASSOLOOPBACK");
  EXPECT_EQ(credentials->secret_access_key, "sso-secret");
  EXPECT_EQ(credentials->session_token, "sso-session-token");
  EXPECT_EQ(credentials->expiration->seconds, kNow + 3600);
  EXPECT_EQ(credentials->source, "sso");
  LoopbackRequest request = seen.Last();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target,
            "/federation/credentials?role_name=SecurityAudit&account_id=123456789012");
  EXPECT_EQ(Header(request, "x-amz-sso_bearer_token"), kSsoToken);
  EXPECT_EQ(Header(request, "Authorization"), "");  // unsigned
}

TEST(SsoOverLoopback, RevokedSessionAndForbiddenRoleAreClearErrorsWithoutTheToken) {
  int status_to_force = 0;
  LoopbackHttpServer portal([&](const LoopbackRequest& request) {
    if (status_to_force == 403) {
      return Answer(403, "{\"message\":\"No access\"}",
                    {{"x-amzn-ErrorType", "ForbiddenException:http://internal.amazon.com/"}});
    }
    return Portal(request, (kNow + 3600) * 1000);
  });
  SsoSetup setup(portal);
  setup.WriteToken("aoaAAAAAGVREVOKED-BEARER", kNow + 3600);
  auto revoked = setup.Resolve();
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(revoked.status().message().find("aws sso login --profile scraper"), std::string::npos)
      << revoked.status().message();
  EXPECT_NE(revoked.status().message().find("rid-401"), std::string::npos);
  EXPECT_EQ(revoked.status().message().find("REVOKED-BEARER"), std::string::npos);

  setup.WriteToken(kSsoToken, kNow + 3600);
  status_to_force = 403;
  auto forbidden = setup.Resolve();
  EXPECT_EQ(forbidden.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(forbidden.status().message().find("SecurityAudit"), std::string::npos);
  EXPECT_EQ(forbidden.status().message().find(kSsoToken), std::string::npos);
}

TEST(SsoOverLoopback, MalformedPortalAnswersAndDeadPortals) {
  std::string body = "{\"roleCredentials\": \"sso-secret-in-garbage\"}";
  LoopbackHttpServer portal([&](const LoopbackRequest&) { return Answer(200, body); });
  SsoSetup setup(portal);
  setup.WriteToken(kSsoToken, kNow + 3600);
  auto malformed = setup.Resolve();
  EXPECT_EQ(malformed.status().code(), StatusCode::kParseError);
  EXPECT_EQ(malformed.status().message().find("sso-secret-in-garbage"), std::string::npos);
  body = "truncated {\"roleCredentials\":";
  EXPECT_EQ(setup.Resolve().status().code(), StatusCode::kParseError);

  setup.options.sso_endpoint_url =
      "http://127.0.0.1:" + std::to_string(::awscrape::testing::UnusedLoopbackPort());
  auto refused = setup.Resolve();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().code(), StatusCode::kNotFound);  // stops the chain
  EXPECT_NE(refused.status().message().find("GetRoleCredentials"), std::string::npos);
  EXPECT_EQ(refused.status().message().find(kSsoToken), std::string::npos);
}

TEST(SsoOverLoopback, ExpiredOrMissingTokenNeverReachesThePortal) {
  Seen seen;
  LoopbackHttpServer portal([&](const LoopbackRequest& request) {
    seen.Add(request);
    return Portal(request, (kNow + 3600) * 1000);
  });
  SsoSetup setup(portal);
  auto missing = setup.Resolve();
  EXPECT_EQ(missing.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.status().message().find("aws sso login --profile scraper"), std::string::npos);
  setup.WriteToken(kSsoToken, kNow - 60);
  auto expired = setup.Resolve();
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
  EXPECT_EQ(expired.status().message().find(kSsoToken), std::string::npos);
  EXPECT_EQ(seen.Count(), 0u);
}

struct WebIdentitySetup {
  TempDir dir;
  ManualTime time{kNow};
  CredentialChainOptions options;
  std::filesystem::path token_file = dir.path() / "eks-token";

  explicit WebIdentitySetup(const LoopbackHttpServer& sts) {
    options.transport = std::make_shared<CurlTransport>();
    options.env = MapEnvironment({{"AWS_EC2_METADATA_DISABLED", "true"},
                                  {"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                                  {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Irsa"},
                                  {"AWS_ROLE_SESSION_NAME", "scraper-pod"}});
    options.config = Config("");
    options.region = "eu-west-1";
    options.sts_endpoint_url = sts.url();
    options.now = time.Source();
  }
};

LoopbackResponse Sts(const LoopbackRequest& request, int64_t expiration) {
  std::string token = testing::FakeSts::FormValue(request.body, "WebIdentityToken");
  if (testing::FakeSts::FormValue(request.body, "Action") != "AssumeRoleWithWebIdentity" ||
      token.empty()) {
    return Answer(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
  }
  if (token.find("EXPIRED") != std::string::npos) {
    return Answer(400,
                  "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code>"
                  "<Message>Token expired: current date/time 1700000000 must be before the "
                  "expiration date/time 1690000000</Message></Error><RequestId>r-exp</RequestId>"
                  "</ErrorResponse>");
  }
  return Answer(200,
                "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                "2011-06-15/\"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>"
                "system:serviceaccount:ns:sa</SubjectFromWebIdentityToken><Credentials>"
                "<AccessKeyId>ASIAIRSALOOPBACK</AccessKeyId><SecretAccessKey>irsa-secret"
                "</SecretAccessKey><SessionToken>irsa-token</SessionToken><Expiration>" +
                    FormatIso8601(Timestamp{expiration, 0}, false) +
                    "</Expiration></Credentials></AssumeRoleWithWebIdentityResult>"
                    "<ResponseMetadata><RequestId>r-ok</RequestId></ResponseMetadata>"
                    "</AssumeRoleWithWebIdentityResponse>");
}

TEST(WebIdentityOverLoopback, AssumesTheRoleUnsignedAndRereadsTheTokenOnRefresh) {
  Seen seen;
  std::atomic<int64_t> expiration = kNow + 3600;
  LoopbackHttpServer sts([&](const LoopbackRequest& request) {
    seen.Add(request);
    return Sts(request, expiration.load());
  });
  WebIdentitySetup setup(sts);
  std::ofstream(setup.token_file) << kOidcToken;
  auto chain = DefaultCredentialChain(setup.options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  auto credentials = (*chain)->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAIRSALOOPBACK");
  EXPECT_EQ(credentials->source, "assume-role-with-web-identity");
  LoopbackRequest request = seen.Last();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=scraper-pod"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FIrsa&WebIdentityToken=" +
                UriEncode(kOidcToken));
  EXPECT_EQ(Header(request, "Authorization"), "");
  EXPECT_EQ(Header(request, "X-Amz-Security-Token"), "");

  // Cached while fresh; the rotated token is used at the refresh.
  ASSERT_TRUE((*chain)->Resolve().ok());
  EXPECT_EQ(seen.Count(), 1u);
  std::ofstream(setup.token_file) << "rotated-oidc-token";
  expiration = kNow + 7200;
  setup.time.Advance(3600 - 12 * 60);  // advisory window
  auto refreshed = (*chain)->Resolve();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(refreshed->expiration->seconds, kNow + 7200);
  ASSERT_EQ(seen.Count(), 2u);
  EXPECT_EQ(testing::FakeSts::FormValue(seen.Last().body, "WebIdentityToken"),
            "rotated-oidc-token");
}

TEST(WebIdentityOverLoopback, StsRejectionsAndMissingTokenFilesAreReportedWithoutTheToken) {
  LoopbackHttpServer sts([&](const LoopbackRequest& request) { return Sts(request, kNow + 3600); });
  WebIdentitySetup setup(sts);
  std::string expired_token = "eyJ.EXPIRED-SECRET-CLAIMS.sig";
  std::ofstream(setup.token_file) << expired_token;
  auto chain = DefaultCredentialChain(setup.options);
  ASSERT_TRUE(chain.ok());
  auto rejected = (*chain)->Resolve();
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.status().code(), StatusCode::kAwsError);
  EXPECT_NE(rejected.status().message().find("ExpiredTokenException"), std::string::npos);
  EXPECT_NE(rejected.status().message().find("r-exp"), std::string::npos);
  EXPECT_EQ(rejected.status().message().find("SECRET-CLAIMS"), std::string::npos);

  std::filesystem::remove(setup.token_file);
  chain = DefaultCredentialChain(setup.options);
  ASSERT_TRUE(chain.ok());
  auto missing = (*chain)->Resolve();
  EXPECT_EQ(missing.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.status().message().find(setup.token_file.string()), std::string::npos);
}

}  // namespace
}  // namespace awscrape::aws
