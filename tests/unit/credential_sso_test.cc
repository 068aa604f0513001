// IAM Identity Center (SSO): the token cache file name (checked against botocore), the profile
// and sso-session configuration, the cached token's checks, the portal's GetRoleCredentials
// request and answers, and the SSO source in the chain.
#include <gtest/gtest.h>

#include <cstdio>

#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/sso_portal.h"
#include "awscrape/aws/auth/sso_provider.h"
#include "awscrape/aws/auth/sso_token_cache.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::Config;
using testing::FakeSsoPortal;
using testing::FakeSts;
using testing::FakeTransport;
using testing::ManualTime;
using testing::Respond;
using testing::TempDir;

constexpr int64_t kNow = 1700000000;
constexpr char kStartUrl[] = "https://my-sso-portal.awsapps.com/start";
constexpr char kAccessToken[] = "SECRET-SSO-ACCESS-TOKEN";

std::string TokenJson(std::string_view access_token, std::string_view expires_at) {
  return "{\"startUrl\": \"" + std::string(kStartUrl) + "\", \"region\": \"eu-west-1\", " +
         "\"accessToken\": \"" + std::string(access_token) + "\", \"expiresAt\": \"" +
         std::string(expires_at) + "\"}";
}

TEST(SsoTokenCache, FileNamesAreTheSha1OfTheStartUrlOrTheSessionName) {
  // Computed by botocore 1.29.27's SSOTokenLoader._generate_cache_key.
  EXPECT_EQ(SsoTokenCacheKey(kStartUrl, ""), "c7aaaf71fcc8777ae2475525ed049d39fe16c484");
  EXPECT_EQ(SsoTokenCacheKey(kStartUrl, "my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(DefaultSsoTokenCacheDir(MapEnvironment({{"HOME", "/home/u"}})),
            std::filesystem::path("/home/u/.aws/sso/cache"));
  EXPECT_TRUE(DefaultSsoTokenCacheDir(MapEnvironment({})).empty());
}

// Differential: botocore's own key function over inputs with Unicode, spaces and slashes.
TEST(SsoTokenCache, FileNamesMatchBotocore) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {kStartUrl, ""},
      {kStartUrl, "my-sso"},
      {"https://d-1234567890.awsapps.com/start/", ""},
      {"https://x.awsapps.com/start#/", "équipe sécurité"},
      {"https://identitycenter.amazonaws.com/ssoins-abc", "a/b:c"}};
  TempDir dir;
  std::string script =
      "import sys\nfrom botocore.utils import SSOTokenLoader\nl = SSOTokenLoader()\n"
      "for line in sys.stdin.buffer.read().decode('utf-8').split('\\n')[:-1]:\n"
      "    url, _, name = line.partition('\\t')\n"
      "    print(l._generate_cache_key(url, name or None))\n";
  auto script_path = dir.Write("key.py", script);
  std::string input;
  for (const auto& [url, name] : cases) input += url + "\t" + name + "\n";
  auto input_path = dir.Write("in.txt", input);
  std::string command = "PYTHONIOENCODING=utf-8 /usr/bin/python3 " + script_path.string() + " < " +
                        input_path.string() + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int rc = ::pclose(pipe);
  if (rc != 0 && output.empty()) GTEST_SKIP() << "botocore is not importable";
  std::string expected;
  for (const auto& [url, name] : cases) expected += SsoTokenCacheKey(url, name) + "\n";
  EXPECT_EQ(output, expected);
}

TEST(SsoConfig, LegacyAndSessionFormsAndTheirMistakes) {
  auto config = Config(std::string("[profile legacy]\nsso_start_url = ") + kStartUrl +
                       "\nsso_region = eu-west-1\nsso_account_id = 123456789012\n"
                       "sso_role_name = ReadOnly\n"
                       "[profile sess]\nsso_session = corp\nsso_account_id = 123456789012\n"
                       "sso_role_name = Admin\nsso_region = us-east-2\n"
                       "[sso-session corp]\nsso_start_url = " +
                       kStartUrl +
                       "\nsso_region = us-east-2\nsso_registration_scopes = sso:account:access\n"
                       "[profile login-only]\nsso_session = corp\n"
                       "[profile partial]\nsso_role_name = R\nsso_region = eu-west-1\n"
                       "[profile ghost]\nsso_session = nope\nsso_role_name = R\n"
                       "[profile clash]\nsso_session = corp\nsso_account_id = 1\n"
                       "sso_role_name = R\nsso_region = eu-central-1\n");
  auto legacy = FindSsoConfig(*config, "legacy");
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy->start_url, kStartUrl);
  EXPECT_EQ(legacy->region, "eu-west-1");
  EXPECT_EQ(legacy->account_id, "123456789012");
  EXPECT_EQ(legacy->role_name, "ReadOnly");
  EXPECT_TRUE(legacy->session_name.empty());

  auto session = FindSsoConfig(*config, "sess");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->start_url, kStartUrl);
  EXPECT_EQ(session->region, "us-east-2");
  EXPECT_EQ(session->session_name, "corp");

  // Neither sso_account_id nor sso_role_name: not an SSO credential profile.
  EXPECT_EQ(FindSsoConfig(*config, "login-only").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(FindSsoConfig(*config, "absent").status().code(), StatusCode::kNotFound);

  auto partial = FindSsoConfig(*config, "partial");
  EXPECT_EQ(partial.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(partial.status().message(),
            "The profile \"partial\" is configured to use SSO but is missing required "
            "configuration: sso_account_id, sso_start_url");
  auto ghost = FindSsoConfig(*config, "ghost");
  EXPECT_EQ(ghost.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ghost.status().message().find("sso-session does not exist: \"nope\""),
            std::string::npos);
  auto clash = FindSsoConfig(*config, "clash");
  EXPECT_EQ(clash.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(clash.status().message().find("sso_region is inconsistent"), std::string::npos);
}

TEST(SsoTokenCache, LoadsAValidTokenAndRefusesMissingInvalidOrExpiredOnes) {
  TempDir dir;
  SsoTokenQuery query{dir.path(), kStartUrl, "", "dev"};
  auto file = [&](std::string_view session) {
    return SsoTokenCacheKey(kStartUrl, session) + ".json";
  };
  auto missing = LoadSsoToken(query, Timestamp{kNow, 0});
  EXPECT_EQ(missing.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.status().message().find("does not exist"), std::string::npos);
  EXPECT_NE(missing.status().message().find("aws sso login --profile dev"), std::string::npos)
      << missing.status().message();

  dir.Write(file(""), TokenJson(kAccessToken, "2023-11-14T22:13:21Z"));
  auto token = LoadSsoToken(query, Timestamp{kNow, 0});
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->access_token, kAccessToken);
  EXPECT_EQ(token->expires_at.seconds, kNow + 1);

  // Expired (or expiring this very second).
  auto expired = LoadSsoToken(query, Timestamp{kNow + 1, 0});
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("has expired"), std::string::npos);
  EXPECT_NE(expired.status().message().find("aws sso login --profile dev"), std::string::npos);
  EXPECT_NE(expired.status().message().find("does not refresh"), std::string::npos);
  EXPECT_EQ(expired.status().message().find(kAccessToken), std::string::npos);

  // The older CLI's "UTC" suffix.
  dir.Write(file(""), TokenJson(kAccessToken, "2030-01-01T00:00:00UTC"));
  ASSERT_TRUE(LoadSsoToken(query, Timestamp{kNow, 0}).ok());

  // The sso-session form reads another file.
  query.session_name = "corp";
  EXPECT_EQ(LoadSsoToken(query, Timestamp{kNow, 0}).status().code(), StatusCode::kUnauthenticated);
  dir.Write(file("corp"), TokenJson("session-token", "2030-01-01T00:00:00Z"));
  EXPECT_EQ(LoadSsoToken(query, Timestamp{kNow, 0})->access_token, "session-token");

  for (const std::string& bad : std::vector<std::string>{
           std::string("{\"accessToken\": \"") + kAccessToken + "\"}",
           "{\"expiresAt\": \"2030-01-01T00:00:00Z\"}",
           std::string("{\"accessToken\": \"") + kAccessToken + "\", \"expiresAt\": \"tomorrow\"}",
           std::string("not json ") + kAccessToken, "[]"}) {
    dir.Write(file("corp"), bad);
    auto invalid = LoadSsoToken(query, Timestamp{kNow, 0});
    EXPECT_EQ(invalid.status().code(), StatusCode::kUnauthenticated) << bad;
    EXPECT_NE(invalid.status().message().find("aws sso login --profile dev"), std::string::npos);
    EXPECT_EQ(invalid.status().message().find(kAccessToken), std::string::npos)
        << invalid.status().message();
  }
  query.cache_dir.clear();
  EXPECT_NE(LoadSsoToken(query, Timestamp{kNow, 0}).status().message().find("HOME"),
            std::string::npos);
}

TEST(SsoPortal, BuildsBotocoresGetRoleCredentialsRequest) {
  SsoRoleRequest role{"eu-west-1", "123456789012", "Read Only", "dev"};
  EXPECT_EQ(ResolveSsoPortalEndpoint("eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(ResolveSsoPortalEndpoint("cn-north-1"),
            "https://portal.sso.cn-north-1.amazonaws.com.cn");
  auto request =
      BuildGetRoleCredentialsRequest(role, kAccessToken, ResolveSsoPortalEndpoint("eu-west-1"));
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  // As botocore 1.29.27 sends it (captured), bar the role name's space.
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->Url(),
            "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials"
            "?role_name=Read%20Only&account_id=123456789012");
  EXPECT_EQ(*FindHeader(request->headers, "x-amz-sso_bearer_token"), kAccessToken);
  EXPECT_EQ(FindHeader(request->headers, "Authorization"), nullptr);
  EXPECT_EQ(request->body, "");

  request = BuildGetRoleCredentialsRequest(role, kAccessToken, "http://127.0.0.1:9/prefix/");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->Target(),
            "/prefix/federation/credentials?role_name=Read%20Only&account_id=123456789012");
  auto injected = BuildGetRoleCredentialsRequest(role, "tok\r\nX-Evil: 1", "http://127.0.0.1:9");
  EXPECT_EQ(injected.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(injected.status().message().find("X-Evil"), std::string::npos);
}

TEST(SsoPortal, MapsRoleCredentialsWithAMillisecondExpiration) {
  SsoRoleRequest role{"eu-west-1", "123456789012", "ReadOnly", "dev"};
  auto credentials = ParseGetRoleCredentialsResponse(
      Respond(200,
              "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"sso-s\","
              "\"sessionToken\":\"sso-t\",\"expiration\":1900000000123}}"),
      role);
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIASSO");
  EXPECT_EQ(credentials->secret_access_key, "sso-s");
  EXPECT_EQ(credentials->session_token, "sso-t");
  EXPECT_EQ(credentials->source, "sso");
  // botocore formats it to whole seconds: 2030-03-17T17:46:40Z.
  EXPECT_EQ(FormatIso8601(*credentials->expiration, false), "2030-03-17T17:46:40Z");
}

TEST(SsoPortal, MalformedAnswersAreParseErrorsThatNeverQuoteTheBody) {
  SsoRoleRequest role{"eu-west-1", "123456789012", "ReadOnly", "dev"};
  for (std::string body :
       {std::string("<html>SECRET-BODY</html>"), std::string("[\"SECRET-BODY\"]"),
        std::string("{\"roleCredentials\":{\"accessKeyId\":\"SECRET-BODY\"}}"),
        std::string("{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":"
                    "\"SECRET-BODY\",\"sessionToken\":\"t\",\"expiration\":\"soon\"}}"),
        std::string("{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":"
                    "\"SECRET-BODY\",\"expiration\":1900000000000}}"),
        std::string("{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":"
                    "\"SECRET-BODY\",\"sessionToken\":\"t\",\"expiration\":-5}}")}) {
    auto result = ParseGetRoleCredentialsResponse(Respond(200, body), role);
    EXPECT_EQ(result.status().code(), StatusCode::kParseError) << body;
    EXPECT_EQ(result.status().message().find("SECRET-BODY"), std::string::npos)
        << result.status().message();
  }
}

TEST(SsoPortal, ErrorsSayWhatToDo) {
  SsoRoleRequest role{"eu-west-1", "123456789012", "ReadOnly", "dev"};
  auto answer = [](int status, std::string code, std::string body) {
    HttpResponse response = Respond(status, std::move(body));
    if (!code.empty()) response.headers.push_back({"X-Amzn-ErrorType", code});
    response.headers.push_back({"x-amzn-RequestId", "rid-7"});
    return response;
  };
  auto unauthorized = ParseGetRoleCredentialsResponse(
      answer(401, "UnauthorizedException:http://internal.amazon.com/coral/",
             "{\"message\":\"Session token not found or invalid\"}"),
      role);
  EXPECT_EQ(unauthorized.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(unauthorized.status().message().find("aws sso login --profile dev"), std::string::npos);
  EXPECT_NE(unauthorized.status().message().find(
                "UnauthorizedException: Session token not found or invalid, HTTP 401, "
                "request id rid-7"),
            std::string::npos)
      << unauthorized.status().message();

  auto forbidden = ParseGetRoleCredentialsResponse(
      answer(403, "",
             "{\"__type\":\"com.amazonaws.switchboard.portal#ForbiddenException\","
             "\"message\":\"No access\"}"),
      role);
  EXPECT_EQ(forbidden.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(forbidden.status().message().find("ForbiddenException: No access"), std::string::npos)
      << forbidden.status().message();
  EXPECT_NE(forbidden.status().message().find("role ReadOnly in account 123456789012"),
            std::string::npos);

  EXPECT_EQ(ParseGetRoleCredentialsResponse(answer(429, "TooManyRequestsException", "{}"), role)
                .status()
                .code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(ParseGetRoleCredentialsResponse(answer(502, "", "<html>gateway</html>"), role)
                .status()
                .code(),
            StatusCode::kUnavailable);
  auto not_found = ParseGetRoleCredentialsResponse(
      answer(404, "ResourceNotFoundException", "{\"message\":\"No such role\"}"), role);
  EXPECT_EQ(not_found.status().code(), StatusCode::kAwsError);  // never kNotFound: no fallthrough
  EXPECT_NE(not_found.status().message().find("ResourceNotFoundException"), std::string::npos);
}

// The SSO source in the chain, over in-memory STS and portal.
struct SsoWorld {
  TempDir home;
  FakeSts sts;
  FakeSsoPortal portal;
  ManualTime time{kNow};
  std::string config_text;
  std::string credentials_text;
  std::map<std::string, std::string, std::less<>> env;
  std::shared_ptr<FakeTransport> transport =
      std::make_shared<FakeTransport>([this](const HttpRequest& request) -> Result<HttpResponse> {
        if (request.host.starts_with("portal.sso.")) return portal(request);
        if (request.host.starts_with("sts")) return sts(request);
        return Respond(404, "");
      });

  SsoWorld() {
    env = {{"HOME", home.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};
    config_text =
        std::string("[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n") +
        "sso_role_name = ReadOnly\n[sso-session corp]\nsso_start_url = " + kStartUrl +
        "\nsso_region = eu-west-1\n"
        "[profile old]\nsso_start_url = " +
        kStartUrl +
        "\nsso_region = us-west-2\nsso_account_id = 210987654321\nsso_role_name = Audit\n";
  }
  void WriteToken(std::string_view session, std::string_view token, int64_t expires_at) {
    home.Write(".aws/sso/cache/" + SsoTokenCacheKey(kStartUrl, session) + ".json",
               TokenJson(token, FormatIso8601(Timestamp{expires_at, 0}, false)));
  }
  Result<std::shared_ptr<CredentialProvider>> Chain(std::string profile) {
    CredentialChainOptions options;
    options.profile = std::move(profile);
    options.transport = transport;
    options.env = MapEnvironment(env);
    auto config = SharedConfig::FromText(config_text, credentials_text);
    if (!config.ok()) return config.status();
    options.config = std::make_shared<const SharedConfig>(std::move(config).value());
    options.now = time.Source();
    return DefaultCredentialChain(std::move(options));
  }
  Result<Credentials> Resolve(std::string profile) {
    AWSCRAPE_ASSIGN_OR_RETURN(auto chain, Chain(std::move(profile)));
    return chain->Resolve();
  }
};

TEST(SsoChain, SessionAndLegacyProfilesUseTheirCachedTokens) {
  SsoWorld world;
  world.WriteToken("corp", world.portal.valid_token, kNow + 8 * 3600);
  world.WriteToken("", "legacy-token", kNow + 8 * 3600);
  auto credentials = world.Resolve("dev");
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-SSO-ReadOnly");
  EXPECT_EQ(credentials->source, "sso");
  EXPECT_EQ(world.portal.targets.back(),
            "/federation/credentials?role_name=ReadOnly&account_id=123456789012");
  EXPECT_EQ(world.transport->requests().back().host, "portal.sso.eu-west-1.amazonaws.com");

  world.portal.valid_token = "legacy-token";
  credentials = world.Resolve("old");
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-SSO-Audit");
  EXPECT_EQ(world.transport->requests().back().host, "portal.sso.us-west-2.amazonaws.com");
  EXPECT_EQ(world.portal.bearer_tokens.back(), "legacy-token");
}

TEST(SsoChain, SsoComesBeforeStaticKeysAndStopsTheChainWhenTheTokenIsMissing) {
  SsoWorld world;
  world.credentials_text = "[dev]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n";
  auto missing = world.Resolve("dev");
  EXPECT_EQ(missing.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.status().message().find("aws sso login --profile dev"), std::string::npos)
      << missing.status().message();
  EXPECT_TRUE(world.portal.targets.empty());
  world.WriteToken("corp", world.portal.valid_token, kNow + 3600);
  EXPECT_EQ(world.Resolve("dev")->source, "sso");
}

TEST(SsoChain, ExpiredTokenAndRevokedSessionTellTheUserToLogIn) {
  SsoWorld world;
  world.WriteToken("corp", world.portal.valid_token, kNow - 1);
  auto expired = world.Resolve("dev");
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("aws sso login --profile dev"), std::string::npos);
  EXPECT_TRUE(world.portal.targets.empty());  // no call with a token known to be dead

  world.WriteToken("corp", "revoked-token", kNow + 3600);
  auto revoked = world.Resolve("dev");
  EXPECT_EQ(revoked.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(revoked.status().message().find("aws sso login --profile dev"), std::string::npos);
  EXPECT_EQ(revoked.status().message().find("revoked-token"), std::string::npos);
}

TEST(SsoChain, RefreshesRoleCredentialsBeforeExpiryWithTheTokenCachedThen) {
  SsoWorld world;
  world.WriteToken("corp", world.portal.valid_token, kNow + 8 * 3600);
  world.portal.expiration_ms = (kNow + 3600) * 1000;
  auto chain = world.Chain("dev");
  ASSERT_TRUE(chain.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*chain)->Resolve().ok());
  EXPECT_EQ(world.portal.targets.size(), 1u);

  // `aws sso login` ran again meanwhile: the refresh uses the new token.
  world.portal.valid_token = "new-login-token";
  world.WriteToken("corp", "new-login-token", kNow + 8 * 3600);
  world.portal.expiration_ms = (kNow + 7200) * 1000;
  world.time.Advance(3600 - 14 * 60);
  auto refreshed = (*chain)->Resolve();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(refreshed->expiration->seconds, kNow + 7200);
  ASSERT_EQ(world.portal.bearer_tokens.size(), 2u);
  EXPECT_EQ(world.portal.bearer_tokens[1], "new-login-token");
}

TEST(SsoChain, AnSsoProfileCanSourceARole) {
  SsoWorld world;
  world.WriteToken("corp", world.portal.valid_token, kNow + 3600);
  world.config_text +=
      "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
      "source_profile = dev\n";
  auto credentials = world.Resolve("admin");
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-Admin");
  ASSERT_EQ(world.sts.signing_key_ids.size(), 1u);
  EXPECT_EQ(world.sts.signing_key_ids[0], "ASIA-SSO-ReadOnly");
  EXPECT_EQ(world.sts.security_tokens[0], "sso-token");
}

TEST(SsoChain, ConfigurationMistakesStopTheChain) {
  SsoWorld world;
  world.config_text = "[default]\nsso_role_name = R\nsso_session = missing\n";
  world.credentials_text = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n";
  auto result = world.Resolve("");
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  // A profile holding only sso_start_url is not an SSO credential profile.
  world.config_text = std::string("[default]\nsso_start_url = ") + kStartUrl + "\n";
  EXPECT_EQ(world.Resolve("")->source, "shared-credentials-file");
}

}  // namespace
}  // namespace awscrape::aws
