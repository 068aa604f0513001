// DefaultCredentialChain end to end over in-memory STS / container / IMDS: botocore's provider
// order, role chaining, loops and configuration errors, caching and refresh.
#include "awscrape/aws/auth/credential_chain.h"

#include <gtest/gtest.h>

#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::FakeSts;
using testing::FakeTransport;
using testing::ManualTime;
using testing::Respond;
using testing::ScopedEnv;
using testing::TempDir;

constexpr int64_t kNow = 1700000000;
constexpr char kRole[] = "arn:aws:iam::123456789012:role/";

// Routes STS, container and IMDS requests to their imitations.
struct World {
  FakeSts sts;
  bool container_up = true;
  bool imds_up = true;
  int metadata_calls = 0;
  ManualTime time{kNow};
  std::map<std::string, std::string, std::less<>> env;
  std::string config_text;
  std::string credentials_text;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>(
      [this](const HttpRequest& request) -> Result<HttpResponse> { return Route(request); });

  Result<HttpResponse> Route(const HttpRequest& request) {
    std::string document = R"({"AccessKeyId": "ASIA-)" + request.host +
                           R"(", "SecretAccessKey": "s", "Token": "t",
                               "Expiration": "2030-01-01T00:00:00Z"})";
    if (request.host.starts_with("sts")) return sts(request);
    ++metadata_calls;
    if (request.host == "169.254.170.2") {
      return container_up ? Respond(200, document) : Respond(500, "");
    }
    if (request.host == "169.254.169.254") {
      if (!imds_up) return Status(StatusCode::kTimeout, "timed out");
      if (request.method == "PUT") return Respond(200, "tok");
      if (request.path.ends_with("/security-credentials/")) return Respond(200, "role");
      return Respond(200, document);
    }
    return Respond(404, "");
  }

  Result<std::shared_ptr<CredentialProvider>> Chain(std::string profile = "") {
    CredentialChainOptions options;
    options.profile = std::move(profile);
    options.transport = transport;
    options.env = MapEnvironment(env);
    auto config = SharedConfig::FromText(config_text, credentials_text);
    if (!config.ok()) return config.status();
    options.config = std::make_shared<const SharedConfig>(std::move(config).value());
    options.now = time.Source();
    options.container_retry_delay = std::chrono::milliseconds(0);
    return DefaultCredentialChain(std::move(options));
  }

  // Resolves a fresh chain; "" on error with the message in `error`.
  std::string Resolve(std::string profile = "", Status* error = nullptr) {
    auto chain = Chain(std::move(profile));
    if (!chain.ok()) {
      if (error) *error = chain.status();
      return "";
    }
    auto credentials = (*chain)->Resolve();
    if (!credentials.ok()) {
      if (error) *error = credentials.status();
      return "";
    }
    return credentials->access_key_id + "@" + credentials->source;
  }
};

TEST(CredentialChain, EnvironmentComesFirstUnlessAProfileIsGivenOnTheCommandLine) {
  World world;
  world.env = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
  world.credentials_text =
      "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n"
      "[p]\naws_access_key_id = AKIDP\naws_secret_access_key = s\n";
  EXPECT_EQ(world.Resolve(), "AKIDENV@env");
  EXPECT_EQ(world.Resolve("p"), "AKIDP@shared-credentials-file");
  world.env["AWS_PROFILE"] = "p";  // a profile from the environment does not outrank env keys
  EXPECT_EQ(world.Resolve(), "AKIDENV@env");
  world.env.erase("AWS_ACCESS_KEY_ID");
  EXPECT_EQ(world.Resolve(), "AKIDP@shared-credentials-file");
}

TEST(CredentialChain, CredentialsFileThenProcessThenConfigFile) {
  World world;
  TempDir dir;
  auto script = dir.Write("creds.sh",
                          "echo '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\","
                          "\"SecretAccessKey\":\"s\"}'\n");
  std::string config_keys = "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n";
  std::string process = "credential_process = /bin/sh " + script.string() + "\n";
  world.config_text = "[default]\n" + config_keys + process;
  world.credentials_text = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n";
  EXPECT_EQ(world.Resolve(), "AKIDFILE@shared-credentials-file");
  world.credentials_text = "";
  EXPECT_EQ(world.Resolve(), "AKIDPROC@custom-process");
  world.config_text = "[default]\n" + config_keys;
  EXPECT_EQ(world.Resolve(), "AKIDCONFIG@config-file");
  // credential_process may also sit in the credentials file (botocore reads the merged view).
  world.config_text = "";
  world.credentials_text = "[default]\n" + process;
  EXPECT_EQ(world.Resolve(), "AKIDPROC@custom-process");
}

TEST(CredentialChain, ContainerThenInstanceMetadataThenNothing) {
  World world;
  world.env = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}};
  EXPECT_EQ(world.Resolve(), "ASIA-169.254.170.2@container-role");
  world.env.clear();
  EXPECT_EQ(world.Resolve(), "ASIA-169.254.169.254@iam-role");
  world.env = {{"AWS_EC2_METADATA_DISABLED", "true"}};
  Status error;
  EXPECT_EQ(world.Resolve("", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(error.message().find("Unable to locate credentials"), std::string::npos);
  for (const char* name : {"env", "assume-role", "shared-credentials-file", "config-file",
                           "container-role", "iam-role: instance metadata service: disabled"}) {
    EXPECT_NE(error.message().find(name), std::string::npos) << name << "\n" << error.message();
  }
  // A broken container endpoint stops the chain, as in botocore.
  world.env = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}};
  world.container_up = false;
  EXPECT_EQ(world.Resolve("", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kUnavailable);
}

TEST(CredentialChain, AssumesARoleWithSourceProfileAndItsParameters) {
  World world;
  world.config_text = std::string("[profile dev]\nrole_arn = ") + kRole +
                      "dev\nsource_profile = base\nexternal_id = ext-9\n"
                      "role_session_name = me\nduration_seconds = 900\nregion = eu-west-1\n"
                      "[profile bare]\nrole_arn = " +
                      kRole + "bare\nsource_profile = base\n";
  world.credentials_text = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = bs\n";
  EXPECT_EQ(world.Resolve("dev"), "ASIA-dev@assume-role");
  ASSERT_EQ(world.sts.bodies.size(), 1u);
  EXPECT_EQ(world.sts.bodies[0],
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=me&ExternalId=ext-9"
            "&DurationSeconds=900&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev");
  EXPECT_EQ(world.sts.signing_key_ids[0], "AKIDBASE");
  auto requests = world.transport->requests();
  EXPECT_EQ(requests.back().Url(), "https://sts.amazonaws.com/");  // eu-west-1 is a legacy region
  EXPECT_NE(
      FindHeader(requests.back().headers, "Authorization")->find("/us-east-1/sts/aws4_request"),
      std::string::npos);

  world.time.Set(kNow + 42);
  EXPECT_EQ(world.Resolve("bare"), "ASIA-bare@assume-role");
  EXPECT_EQ(world.sts.bodies[1],
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012"
            "%3Arole%2Fbare&RoleSessionName=awscrape-session-1700000042");
}

TEST(CredentialChain, RegionalStsWhenAskedOrForNewRegions) {
  World world;
  world.config_text = std::string("[profile dev]\nrole_arn = ") + kRole +
                      "dev\nsource_profile = base\nregion = ap-east-1\n";
  world.credentials_text = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = bs\n";
  EXPECT_EQ(world.Resolve("dev"), "ASIA-dev@assume-role");
  EXPECT_EQ(world.transport->requests().back().host, "sts.ap-east-1.amazonaws.com");
  world.env = {{"AWS_REGION", "eu-west-1"}, {"AWS_STS_REGIONAL_ENDPOINTS", "regional"}};
  EXPECT_EQ(world.Resolve("dev"), "ASIA-dev@assume-role");
  EXPECT_EQ(world.transport->requests().back().host, "sts.eu-west-1.amazonaws.com");
}

TEST(CredentialChain, ChainsRolesThroughSourceProfiles) {
  World world;
  world.config_text = std::string("[profile a]\nrole_arn = ") + kRole +
                      "a\nsource_profile = b\n[profile b]\nrole_arn = " + kRole +
                      "b\nsource_profile = c\n[profile c]\naws_access_key_id = AKIDC\n"
                      "aws_secret_access_key = cs\n";
  EXPECT_EQ(world.Resolve("a"), "ASIA-a@assume-role");
  ASSERT_EQ(world.sts.bodies.size(), 2u);
  // Role b first, with c's keys; then role a, with b's temporary credentials.
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies[0], "RoleArn"), std::string(kRole) + "b");
  EXPECT_EQ(world.sts.signing_key_ids[0], "AKIDC");
  EXPECT_EQ(world.sts.security_tokens[0], "");
  EXPECT_EQ(FakeSts::FormValue(world.sts.bodies[1], "RoleArn"), std::string(kRole) + "a");
  EXPECT_EQ(world.sts.signing_key_ids[1], "ASIA-b");
  EXPECT_EQ(world.sts.security_tokens[1], "token-b");
}

TEST(CredentialChain, DetectsSourceProfileLoops) {
  World world;
  world.config_text = std::string("[profile a]\nrole_arn = ") + kRole +
                      "a\nsource_profile = b\n[profile b]\nrole_arn = " + kRole +
                      "b\nsource_profile = a\n[profile self]\nrole_arn = " + kRole +
                      "self\nsource_profile = self\n";
  Status error;
  EXPECT_EQ(world.Resolve("a", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(error.message().find("Infinite loop"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("Visited profiles: a, b"), std::string::npos) << error.message();
  EXPECT_EQ(world.Resolve("self", &error), "");
  EXPECT_NE(error.message().find("Infinite loop"), std::string::npos) << error.message();
  EXPECT_TRUE(world.sts.bodies.empty());

  // Naming itself is allowed when the profile holds static keys (botocore's special case).
  world.config_text = std::string("[profile self]\nrole_arn = ") + kRole +
                      "self\nsource_profile = self\naws_access_key_id = AKIDSELF\n"
                      "aws_secret_access_key = s\n";
  EXPECT_EQ(world.Resolve("self"), "ASIA-self@assume-role");
  EXPECT_EQ(world.sts.signing_key_ids.back(), "AKIDSELF");
}

TEST(CredentialChain, CredentialSourceNamesAProvider) {
  World world;
  world.config_text = std::string("[profile env]\nrole_arn = ") + kRole +
                      "env\ncredential_source = Environment\n[profile ecs]\nrole_arn = " + kRole +
                      "ecs\ncredential_source = EcsContainer\n[profile ec2]\nrole_arn = " + kRole +
                      "ec2\ncredential_source = Ec2InstanceMetadata\n";
  world.env = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
               {"AWS_SECRET_ACCESS_KEY", "s"},
               {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}};
  EXPECT_EQ(world.Resolve("env"), "ASIA-env@assume-role");
  EXPECT_EQ(world.sts.signing_key_ids.back(), "AKIDENV");
  EXPECT_EQ(world.Resolve("ecs"), "ASIA-ecs@assume-role");
  EXPECT_EQ(world.sts.signing_key_ids.back(), "ASIA-169.254.170.2");
  EXPECT_EQ(world.Resolve("ec2"), "ASIA-ec2@assume-role");
  EXPECT_EQ(world.sts.signing_key_ids.back(), "ASIA-169.254.169.254");

  world.env.clear();
  Status error;
  EXPECT_EQ(world.Resolve("env", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kUnauthenticated);  // configured but empty: no fall-through
  EXPECT_NE(error.message().find("source credentials for role"), std::string::npos);
}

TEST(CredentialChain, RoleConfigurationMistakesAreClearErrors) {
  struct Case {
    std::string profile_body;
    std::string expected;
  };
  std::string role = std::string("role_arn = ") + kRole + "x\n";
  for (const Case& c : {
           Case{role, "neither source_profile nor credential_source"},
           Case{role + "source_profile = base\ncredential_source = Environment\n",
                "contains both source_profile and credential_source"},
           Case{role + "credential_source = environment\n", "is not valid"},
           Case{role + "source_profile = ghost\n",
                "The source_profile \"ghost\" referenced in the profile \"x\" does not exist."},
           Case{role + "source_profile = empty\n",
                "The source profile \"empty\" must have credentials."},
           Case{role + "source_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n",
                "not supported in non-interactive mode"},
           Case{role + "source_profile = base\nduration_seconds = 1h\n", "duration_seconds"},
       }) {
    World world;
    world.config_text = "[profile x]\n" + c.profile_body + "[profile empty]\nregion = x\n";
    world.credentials_text = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = bs\n";
    Status error;
    EXPECT_EQ(world.Resolve("x", &error), "") << c.profile_body;
    EXPECT_NE(error.code(), StatusCode::kNotFound);
    EXPECT_NE(error.message().find(c.expected), std::string::npos) << error.message();
    EXPECT_TRUE(world.sts.bodies.empty());
  }
}

TEST(CredentialChain, ABrokenRoleProfileDoesNotMatterWhenEnvironmentKeysAnswerFirst) {
  World world;
  world.config_text = std::string("[default]\nrole_arn = ") + kRole + "x\n";
  world.env = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
  EXPECT_EQ(world.Resolve(), "AKIDENV@env");
}

TEST(CredentialChain, StsErrorsStopTheChainWithoutSecrets) {
  World world;
  world.sts.fail_code = "AccessDenied";
  world.config_text =
      std::string("[profile dev]\nrole_arn = ") + kRole + "dev\nsource_profile = base\n";
  world.credentials_text =
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BaseSecretValue123\n";
  Status error;
  EXPECT_EQ(world.Resolve("dev", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kAwsError);
  EXPECT_NE(error.message().find("AccessDenied"), std::string::npos);
  EXPECT_EQ(error.message().find("BaseSecretValue123"), std::string::npos);
  EXPECT_EQ(world.metadata_calls, 0);  // did not fall through to container/IMDS
}

TEST(CredentialChain, BrokenWebIdentityOrSsoStopsTheChainInsteadOfFallingThrough) {
  World world;
  world.config_text = std::string(
                          "[profile sso]\nsso_start_url = https://x.awsapps.com/start\n"
                          "sso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\n"
                          "[profile wi]\nrole_arn = ") +
                      kRole + "wi\nweb_identity_token_file = /nonexistent/awscrape/token\n";
  Status error;
  for (const char* profile : {"sso", "wi"}) {
    EXPECT_EQ(world.Resolve(profile, &error), "") << profile;
    EXPECT_EQ(error.code(), StatusCode::kUnauthenticated) << error.message();
  }
  world.env = {{"AWS_ROLE_ARN", std::string(kRole) + "irsa"},
               {"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/awscrape/token"}};
  EXPECT_EQ(world.Resolve("", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(error.message().find("/nonexistent/awscrape/token"), std::string::npos);
  EXPECT_EQ(world.metadata_calls, 0);  // never fell through to the instance role
  EXPECT_TRUE(world.sts.bodies.empty());
}

TEST(CredentialChain, AnExplicitProfileMustExist) {
  World world;
  Status error;
  EXPECT_EQ(world.Resolve("nope", &error), "");
  EXPECT_EQ(error.code(), StatusCode::kNotFound);
  EXPECT_EQ(error.message(), "The config profile (nope) could not be found");
}

TEST(CredentialChain, CachesRoleCredentialsAndRefreshesThemBeforeExpiry) {
  World world;
  world.sts.expiration = kNow + 3600;
  world.config_text =
      std::string("[profile dev]\nrole_arn = ") + kRole + "dev\nsource_profile = base\n";
  world.credentials_text = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = bs\n";
  auto chain = world.Chain("dev");
  ASSERT_TRUE(chain.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*chain)->Resolve().ok());
  EXPECT_EQ(world.sts.bodies.size(), 1u);
  world.sts.expiration = kNow + 7200;
  world.time.Advance(3600 - 14 * 60);  // inside the advisory window
  auto refreshed = (*chain)->Resolve();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->expiration->seconds, kNow + 7200);
  EXPECT_EQ(world.sts.bodies.size(), 2u);
  EXPECT_EQ((*chain)->name(), "assume-role");
}

TEST(CredentialChain, ReadsTheRealEnvironmentAndHomeByDefault) {
  ScopedEnv env;
  TempDir dir;
  dir.Write(".aws/credentials",
            "[default]\naws_access_key_id = AKIDHOME\n"
            "aws_secret_access_key = s\n[other]\naws_access_key_id = "
            "AKIDOTHER\naws_secret_access_key = s\n");
  env.Set("HOME", dir.path().string());
  env.Set("AWS_EC2_METADATA_DISABLED", "true");
  CredentialChainOptions options;
  auto chain = DefaultCredentialChain(options);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "AKIDHOME");

  env.Set("AWS_PROFILE", "other");
  chain = DefaultCredentialChain(options);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "AKIDOTHER");

  env.Set("AWS_SHARED_CREDENTIALS_FILE", dir.Write("bad", "[other\nx\n").string());
  EXPECT_EQ(DefaultCredentialChain(options).status().code(), StatusCode::kParseError);
}

}  // namespace
}  // namespace awscrape::aws
