// STS AssumeRoleWithWebIdentity and the web identity source: botocore's request, where the
// configuration comes from, the token file read on every refresh, and errors that stop the
// chain without quoting the token.
#include <gtest/gtest.h>

#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "awscrape/aws/auth/web_identity_provider.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::Config;
using testing::FakeSts;
using testing::FakeTransport;
using testing::ManualTime;
using testing::Respond;
using testing::TempDir;

constexpr int64_t kNow = 1700000000;
constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/Web";
constexpr char kToken[] = "eyJhbGciOiJSUzI1NiJ9.SECRET-OIDC-PAYLOAD.sig";

TEST(StsWebIdentity, BuildsBotocoresUnsignedRequest) {
  AssumeRoleParams params;
  params.role_arn = kRoleArn;
  params.role_session_name = "sess name";
  StsEndpoint endpoint{"https://sts.amazonaws.com", "us-east-1"};
  auto request = BuildAssumeRoleWithWebIdentityRequest(params, "WEB-ID-TOKEN\n", endpoint);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->Url(), "https://sts.amazonaws.com/");
  // Captured from botocore 1.29.27's AssumeRoleWithWebIdentityProvider (the file's newline
  // is sent as read).
  EXPECT_EQ(request->body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess+name&RoleArn="
            "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FWeb&WebIdentityToken=WEB-ID-TOKEN%0A");
  EXPECT_EQ(*FindHeader(request->headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(FindHeader(request->headers, "Authorization"), nullptr);

  params.role_session_name = "botocore-session-1795367870";
  params.session_name_generated = true;
  params.external_id = "ignored";
  params.duration_seconds = 900;
  request = BuildAssumeRoleWithWebIdentityRequest(params, "WEB-ID-TOKEN\n", endpoint);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
            "123456789012%3Arole%2FWeb&RoleSessionName=botocore-session-1795367870"
            "&WebIdentityToken=WEB-ID-TOKEN%0A");
  EXPECT_EQ(BuildAssumeRoleWithWebIdentityRequest(params, "", endpoint).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(StsWebIdentity, ParsesCredentialsAndErrors) {
  auto ok = ParseAssumeRoleWithWebIdentityResponse(
      Respond(200,
              "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
              "<AccessKeyId>ASIAWI</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
              "<SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
              "</Credentials></AssumeRoleWithWebIdentityResult>"
              "</AssumeRoleWithWebIdentityResponse>"),
      kRoleArn);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->access_key_id, "ASIAWI");
  EXPECT_EQ(ok->source, "assume-role-with-web-identity");
  EXPECT_EQ(FormatIso8601(*ok->expiration, false), "2030-01-01T00:00:00Z");

  // An AssumeRole answer is not an AssumeRoleWithWebIdentity answer.
  auto wrong = ParseAssumeRoleWithWebIdentityResponse(
      Respond(200,
              "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>"
              "</Credentials></AssumeRoleResult></AssumeRoleResponse>"),
      kRoleArn);
  EXPECT_EQ(wrong.status().code(), StatusCode::kParseError);
  EXPECT_EQ(
      ParseAssumeRoleWithWebIdentityResponse(Respond(200, "{not xml"), kRoleArn).status().code(),
      StatusCode::kParseError);

  auto denied = ParseAssumeRoleWithWebIdentityResponse(
      Respond(400,
              "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
              "<Message>Token audience is not valid</Message></Error>"
              "<RequestId>r-9</RequestId></ErrorResponse>"),
      kRoleArn);
  EXPECT_EQ(denied.status().code(), StatusCode::kAwsError);
  EXPECT_EQ(denied.status().message(),
            std::string("AssumeRoleWithWebIdentity failed for ") + kRoleArn +
                ": InvalidIdentityToken: Token audience is not valid (HTTP 400, request id r-9)");
  EXPECT_EQ(ParseAssumeRoleWithWebIdentityResponse(Respond(503, "busy"), kRoleArn).status().code(),
            StatusCode::kUnavailable);
}

TEST(WebIdentityConfig, EnvironmentVariablesWinKeyByKeyUnlessDisabled) {
  auto config = Config(std::string("[profile p]\nweb_identity_token_file = /profile/token\n") +
                       "role_arn = " + kRoleArn + "\nrole_session_name = from-profile\n" +
                       "[profile keys]\naws_access_key_id = A\naws_secret_access_key = s\n");
  auto env = MapEnvironment(
      {{"AWS_WEB_IDENTITY_TOKEN_FILE", "/env/token"}, {"AWS_ROLE_ARN", "arn:aws:iam::1:role/Env"}});
  auto found = FindWebIdentityConfig(*config, "p", env, /*use_env=*/true);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->token_file, "/env/token");
  EXPECT_EQ(found->params.role_arn, "arn:aws:iam::1:role/Env");
  EXPECT_EQ(found->params.role_session_name, "from-profile");  // no AWS_ROLE_SESSION_NAME

  found = FindWebIdentityConfig(*config, "p", env, /*use_env=*/false);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->token_file, "/profile/token");
  EXPECT_EQ(found->params.role_arn, kRoleArn);

  // The environment alone configures it for a profile without web identity keys...
  found = FindWebIdentityConfig(*config, "keys", env, true);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->token_file, "/env/token");
  EXPECT_TRUE(found->params.role_session_name.empty());
  // ...or for a profile that does not exist (the default profile of an empty config).
  EXPECT_TRUE(FindWebIdentityConfig(*config, "default", env, true).ok());
  EXPECT_EQ(FindWebIdentityConfig(*config, "keys", env, false).status().code(),
            StatusCode::kNotFound);

  // A set but empty token file variable hides the profile's, as in botocore: not configured.
  auto empty = MapEnvironment({{"AWS_WEB_IDENTITY_TOKEN_FILE", ""}});
  EXPECT_EQ(FindWebIdentityConfig(*config, "p", empty, true).status().code(),
            StatusCode::kNotFound);

  auto no_role = MapEnvironment({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/env/token"}});
  auto missing = FindWebIdentityConfig(*config, "keys", no_role, true);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("no role ARN configured"), std::string::npos);
}

struct WebIdentityWorld {
  TempDir dir;
  FakeSts sts;
  ManualTime time{kNow};
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>(
      [this](const HttpRequest& request) -> Result<HttpResponse> { return sts(request); });

  std::unique_ptr<WebIdentityCredentialProvider> Provider(std::string config_text,
                                                          EnvLookup env = MapEnvironment({}),
                                                          bool use_env = true) {
    return std::make_unique<WebIdentityCredentialProvider>(
        Config(config_text), "p", std::move(env), use_env, transport,
        StsEndpoint{"https://sts.amazonaws.com", "us-east-1"}, time.Source());
  }
  std::string Profile() const {
    return "[profile p]\nweb_identity_token_file = " + (dir.path() / "token").string() +
           "\nrole_arn = " + kRoleArn + "\n";
  }
};

TEST(WebIdentityProvider, ReadsTheTokenFileAndCallsStsUnsigned) {
  WebIdentityWorld world;
  world.dir.Write("token", kToken);
  auto provider = world.Provider(world.Profile());
  auto credentials = provider->Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA-Web");
  EXPECT_EQ(credentials->source, "assume-role-with-web-identity");
  ASSERT_EQ(world.sts.web_identity_tokens.size(), 1u);
  EXPECT_EQ(world.sts.web_identity_tokens[0], kToken);
  EXPECT_EQ(world.sts.signing_key_ids[0], "");  // unsigned
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies[0], "RoleSessionName"),
            "awscrape-session-1700000000");
  EXPECT_EQ(provider->name(), "assume-role-with-web-identity");
}

TEST(WebIdentityProvider, AMissingOrUnreadableTokenFileStopsTheChain) {
  WebIdentityWorld world;
  auto provider = world.Provider(world.Profile());
  auto missing = provider->Resolve();
  EXPECT_EQ(missing.status().code(), StatusCode::kUnauthenticated);  // not kNotFound
  EXPECT_NE(missing.status().message().find((world.dir.path() / "token").string()),
            std::string::npos)
      << missing.status().message();
  EXPECT_NE(missing.status().message().find(kRoleArn), std::string::npos);

  std::filesystem::create_directories(world.dir.path() / "token");
  EXPECT_EQ(provider->Resolve().status().code(), StatusCode::kInvalidArgument);
  std::filesystem::remove(world.dir.path() / "token");

  world.dir.Write("token", "");
  EXPECT_EQ(provider->Resolve().status().code(), StatusCode::kUnauthenticated);

  if (::geteuid() != 0) {  // root reads anything
    auto file = world.dir.Write("unreadable", kToken);
    std::filesystem::permissions(file, std::filesystem::perms::none);
    auto unreadable = world.Provider("[profile p]\nweb_identity_token_file = " + file.string() +
                                     "\nrole_arn = " + kRoleArn + "\n");
    auto result = unreadable->Resolve();
    EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
    EXPECT_NE(result.status().message().find("Permission denied"), std::string::npos)
        << result.status().message();
  }
  EXPECT_TRUE(world.sts.bodies.empty());
}

TEST(WebIdentityProvider, StsErrorsNeverQuoteTheToken) {
  WebIdentityWorld world;
  world.dir.Write("token", kToken);
  world.sts.fail_code = "InvalidIdentityToken";
  world.sts.fail_status = 400;
  auto result = world.Provider(world.Profile())->Resolve();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAwsError);
  EXPECT_NE(result.status().message().find("InvalidIdentityToken"), std::string::npos);
  EXPECT_EQ(result.status().message().find("SECRET-OIDC-PAYLOAD"), std::string::npos);
  EXPECT_EQ(world.sts.web_identity_tokens.size(), 1u);
}

// Through the chain: the environment's web identity, its order among the sources, the token
// file re-read at each refresh, and a web identity profile feeding a role.
struct ChainWorld {
  TempDir dir;
  FakeSts sts;
  ManualTime time{kNow};
  std::map<std::string, std::string, std::less<>> env{{"AWS_EC2_METADATA_DISABLED", "true"}};
  std::string config_text;
  std::string credentials_text;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>(
      [this](const HttpRequest& request) -> Result<HttpResponse> { return sts(request); });

  Result<std::shared_ptr<CredentialProvider>> Chain(std::string profile = "") {
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
  std::string Resolve(std::string profile = "") {
    auto chain = Chain(std::move(profile));
    if (!chain.ok()) return chain.status().ToString();
    auto credentials = (*chain)->Resolve();
    if (!credentials.ok()) return credentials.status().ToString();
    return credentials->access_key_id + "@" + credentials->source;
  }
};

TEST(WebIdentityChain, EnvironmentWebIdentityComesBeforeProfileKeysButAfterEnvironmentKeys) {
  ChainWorld world;
  auto token = world.dir.Write("token", kToken);
  world.credentials_text =
      "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n"
      "[p]\naws_access_key_id = AKIDP\naws_secret_access_key = s\n";
  world.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = token.string();
  world.env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/Irsa";
  world.env["AWS_ROLE_SESSION_NAME"] = "pod-1";
  EXPECT_EQ(world.Resolve(), "ASIA-Irsa@assume-role-with-web-identity");
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies.back(), "RoleSessionName"), "pod-1");
  // --profile disables the environment's web identity as it disables environment keys.
  EXPECT_EQ(world.Resolve("p"), "AKIDP@shared-credentials-file");
  world.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  world.env["AWS_SECRET_ACCESS_KEY"] = "s";
  EXPECT_EQ(world.Resolve(), "AKIDENV@env");
}

TEST(WebIdentityChain, RefreshReadsTheRotatedTokenFile) {
  ChainWorld world;
  world.dir.Write("token", "first-token");
  world.sts.expiration = kNow + 3600;
  world.config_text =
      "[default]\nweb_identity_token_file = " + (world.dir.path() / "token").string() +
      "\nrole_arn = " + kRoleArn + "\n";
  auto chain = world.Chain();
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*chain)->Resolve().ok());
  ASSERT_EQ(world.sts.web_identity_tokens.size(), 1u);  // cached until near expiry

  world.dir.Write("token", "second-token");  // the kubelet rotates the projected token
  world.sts.expiration = kNow + 7200;
  world.time.Advance(3600 - 5 * 60);  // inside the mandatory window
  auto refreshed = (*chain)->Resolve();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(refreshed->expiration->seconds, kNow + 7200);
  ASSERT_EQ(world.sts.web_identity_tokens.size(), 2u);
  EXPECT_EQ(world.sts.web_identity_tokens[1], "second-token");

  // The token file vanishes: the mandatory refresh fails loudly rather than falling through.
  std::filesystem::remove(world.dir.path() / "token");
  world.time.Advance(3600);
  auto failed = (*chain)->Resolve();
  EXPECT_EQ(failed.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(failed.status().message().find("second-token"), std::string::npos);
}

TEST(WebIdentityChain, AWebIdentityProfileCanSourceARole) {
  ChainWorld world;
  auto token = world.dir.Write("token", kToken);
  world.config_text = std::string("[profile admin]\nrole_arn = ") +
                      "arn:aws:iam::123456789012:role/Admin\nsource_profile = wi\n"
                      "[profile wi]\nweb_identity_token_file = " +
                      token.string() + "\nrole_arn = " + kRoleArn + "\n";
  EXPECT_EQ(world.Resolve("admin"), "ASIA-Admin@assume-role");
  ASSERT_EQ(world.sts.bodies.size(), 2u);
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies[0], "Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(world.sts.signing_key_ids[0], "");
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies[1], "Action"), "AssumeRole");
  EXPECT_EQ(world.sts.signing_key_ids[1], "ASIA-Web");
  EXPECT_EQ(world.sts.security_tokens[1], "token-Web");
  // A web identity profile with role_arn is not an AssumeRole profile itself.
  EXPECT_EQ(world.Resolve("wi"), "ASIA-Web@assume-role-with-web-identity");
}

TEST(WebIdentityChain, MissingRoleArnIsAConfigurationError) {
  ChainWorld world;
  world.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = world.dir.Write("token", kToken).string();
  world.credentials_text = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n";
  EXPECT_NE(world.Resolve().find("InvalidArgument"), std::string::npos) << world.Resolve();
}

}  // namespace
}  // namespace awscrape::aws
