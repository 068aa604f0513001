// The local credential sources: environment variables, static profile keys and
// credential_process.
#include <gtest/gtest.h>

#include "awscrape/aws/auth/env_provider.h"
#include "awscrape/aws/auth/process_provider.h"
#include "awscrape/aws/auth/profile_providers.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
constexpr char kToken[] = "FwoGZXIvYXdzTOKENTOKENTOKEN";

TEST(EnvironmentProvider, ReadsKeysTokenAndExpirationFromTheProcessEnvironment) {
  ScopedEnv env;
  EnvironmentCredentialProvider provider(ProcessEnvironment());
  auto none = provider.Resolve();
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);

  env.Set("AWS_ACCESS_KEY_ID", "AKIDENV000000000000");
  env.Set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIDENV000000000000");
  EXPECT_EQ(credentials->secret_access_key, kSecret);
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source, "env");

  env.Set("AWS_SESSION_TOKEN", "session");
  EXPECT_EQ(provider.Resolve()->session_token, "session");
  env.Set("AWS_SECURITY_TOKEN", "security");  // botocore looks at this one first
  EXPECT_EQ(provider.Resolve()->session_token, "security");

  env.Set("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z");
  credentials = provider.Resolve();
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(FormatIso8601(*credentials->expiration, false), "2030-01-02T03:04:05Z");
}

TEST(EnvironmentProvider, PartialOrBadValuesAreErrorsThatStopTheChain) {
  auto partial = EnvironmentCredentialProvider(MapEnvironment({{"AWS_ACCESS_KEY_ID", "AKID"}}));
  auto result = partial.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);

  auto bad_expiry =
      EnvironmentCredentialProvider(MapEnvironment({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                    {"AWS_SECRET_ACCESS_KEY", kSecret},
                                                    {"AWS_CREDENTIAL_EXPIRATION", "soon"}}));
  result = bad_expiry.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message().find(kSecret), std::string::npos);

  // An empty access key is no access key, as in botocore.
  auto empty = EnvironmentCredentialProvider(
      MapEnvironment({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", kSecret}}));
  EXPECT_EQ(empty.Resolve().status().code(), StatusCode::kNotFound);
}

std::shared_ptr<const SharedConfig> Config(const char* config, const char* credentials) {
  auto loaded = SharedConfig::FromText(config, credentials);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::make_shared<const SharedConfig>(std::move(loaded).value());
}

TEST(ProfileKeyProviders, EachReadsItsOwnFile) {
  auto config = Config(
      "[profile p]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s1\n"
      "aws_session_token = t1\n",
      "[p]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = s2\n"
      "aws_security_token = legacy\naws_session_token = t2\n[q]\nregion = x\n");
  SharedCredentialsFileProvider from_credentials(config, "p");
  auto a = from_credentials.Resolve();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->access_key_id, "AKIDCREDS");
  EXPECT_EQ(a->secret_access_key, "s2");
  EXPECT_EQ(a->session_token, "legacy");  // aws_security_token wins, as in botocore
  EXPECT_EQ(a->source, "shared-credentials-file");

  SharedConfigFileProvider from_config(config, "p");
  auto b = from_config.Resolve();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->access_key_id, "AKIDCONFIG");
  EXPECT_EQ(b->session_token, "t1");
  EXPECT_EQ(b->source, "config-file");

  EXPECT_EQ(SharedCredentialsFileProvider(config, "q").Resolve().status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(SharedConfigFileProvider(config, "q").Resolve().status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SharedConfigFileProvider(config, "missing").Resolve().status().code(),
            StatusCode::kNotFound);
}

TEST(ProfileKeyProviders, AKeyIdWithoutItsSecretIsAnError) {
  auto config = Config("",
                       "[p]\naws_access_key_id = AKID\n[r]\naws_access_key_id =\n"
                       "aws_secret_access_key = s\n");
  EXPECT_EQ(SharedCredentialsFileProvider(config, "p").Resolve().status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SharedCredentialsFileProvider(config, "r").Resolve().status().code(),
            StatusCode::kInvalidArgument);
}

std::string Script(const TempDir& dir, const std::string& body) {
  static int counter = 0;
  auto path = dir.Write("script" + std::to_string(++counter) + ".sh", body);
  return "/bin/sh " + path.string();
}

TEST(ProcessProvider, ParsesVersion1Output) {
  TempDir dir;
  std::string command = Script(dir, std::string("echo '{\"Version\": 1, \"AccessKeyId\": "
                                                "\"AKIDPROC\", \"SecretAccessKey\": \"") +
                                        kSecret + "\", \"SessionToken\": \"" + kToken +
                                        "\", \"Expiration\": \"2030-05-06T07:08:09Z\"}'\n");
  ProcessCredentialProvider provider(command, "p");
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIDPROC");
  EXPECT_EQ(credentials->secret_access_key, kSecret);
  EXPECT_EQ(credentials->session_token, kToken);
  EXPECT_EQ(FormatIso8601(*credentials->expiration, false), "2030-05-06T07:08:09Z");
  EXPECT_EQ(credentials->source, "custom-process");
}

TEST(ProcessProvider, RunsThroughTheShellWithArgumentsAndQuotes) {
  TempDir dir;
  std::string out = (dir.path() / "args").string();
  ProcessCredentialProvider provider(
      "printf '%s|' \"a b\" c > " + out +
          " && echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'",
      "p");
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
}

TEST(ProcessProvider, FailuresAreClearAndNeverEchoTheSecret) {
  TempDir dir;
  std::string json = std::string(
                         "{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                         "\"SecretAccessKey\": \"") +
                     kSecret + "\", \"SessionToken\": \"" + kToken + "\"}";
  struct Case {
    std::string script;
    std::string expected;
  };
  std::vector<Case> cases = {
      // Prints good credentials, also to stderr, but exits non-zero.
      {"echo '" + json + "'\necho \"token is " + kToken + " key " + kSecret +
           "\" >&2\necho 'sso session expired' >&2\nexit 3\n",
       "exited with status 3"},
      {"echo '" + json.substr(0, json.size() - 5) + "'\n", "not a JSON object"},
      {"echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" +
           std::string(kSecret) + "\"}'\n",
       "Unsupported version '2'"},
      {"echo '{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" + std::string(kSecret) + "\"}'\n",
       "<Version key not provided>"},
      {"echo '{\"Version\": 1, \"SecretAccessKey\": \"" + std::string(kSecret) + "\"}'\n",
       "Missing required key in response: 'AccessKeyId'"},
      {"echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" +
           std::string(kSecret) + "\", \"Expiration\": \"never\"}'\n",
       "Expiration is not a timestamp"},
  };
  for (const Case& c : cases) {
    ProcessCredentialProvider provider(Script(dir, c.script), "my-profile");
    auto result = provider.Resolve();
    ASSERT_FALSE(result.ok()) << c.script;
    const std::string& message = result.status().message();
    EXPECT_NE(result.status().code(), StatusCode::kNotFound);
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    EXPECT_NE(message.find("my-profile"), std::string::npos) << message;
    EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
    EXPECT_EQ(message.find(kToken), std::string::npos) << message;
  }
  // stderr is quoted for diagnosis, with the secrets scrubbed.
  ProcessCredentialProvider provider(Script(dir, cases[0].script), "my-profile");
  EXPECT_NE(provider.Resolve().status().message().find("sso session expired"), std::string::npos);
}

TEST(ProcessProvider, ReportsDeathBySignal) {
  ProcessCredentialProvider provider("kill -9 $$", "p");
  auto result = provider.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status().message().find("killed by signal 9"), std::string::npos)
      << result.status().message();
}

TEST(ProcessProvider, TimesOut) {
  ProcessCredentialProvider provider("sleep 5", "p", std::chrono::milliseconds(200));
  auto started = std::chrono::steady_clock::now();
  auto result = provider.Resolve();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(result.status().code(), StatusCode::kTimeout);
}

TEST(ProcessProvider, MissingCommandIsAnError) {
  ProcessCredentialProvider provider("/nonexistent/credential-helper", "p");
  auto result = provider.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status().message().find("exited with status 127"), std::string::npos);
}

}  // namespace
}  // namespace awscrape::aws
