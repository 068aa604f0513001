// The shared config files: the INI dialect, profile naming, the merge of the two files, and
// profile/region selection. Expected values were produced by botocore 1.29's configloader.
#include "awscrape/aws/auth/shared_config.h"

#include <gtest/gtest.h>

#include "awscrape/aws/auth/ini_parser.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

// botocore 1.29.27's raw_config_parse / load_config of this text is in the assertions below.
constexpr char kTrickyConfig[] = R"(# comment
[default]
region = us-west-2 # not a comment
AWS_Access_Key_ID=AKIDDEFAULT
; another comment
s3 =
  addressing_style = path

  signature_version = s3v4
cli_pager:
multi = first
  second line
   # comment inside
  third
[profile "with space"]
region=eu-west-1
[profiles quirk]
region = ap-south-1
[profile]
region = nope
[sso-session s]
sso_region = us-east-1
[preview]
x = 1
[DEFAULT]
output = json
[profile default]
output = text
)";

TEST(IniParser, MatchesBotocoreRawConfigParse) {
  auto sections = ParseIni(kTrickyConfig);
  ASSERT_TRUE(sections.ok()) << sections.status().ToString();
  ASSERT_EQ(sections->size(), 7u);
  const IniSection& def = (*sections)[0];
  EXPECT_EQ(def.name, "default");
  EXPECT_EQ(*def.content.Find("region"), "us-west-2 # not a comment");
  EXPECT_EQ(*def.content.Find("aws_access_key_id"), "AKIDDEFAULT");  // keys are lower-cased
  EXPECT_EQ(*def.content.Find("cli_pager"), "");
  EXPECT_EQ(*def.content.Find("multi"), "first\nsecond line\nthird");
  EXPECT_EQ(*def.content.Find("output"), "json");  // from [DEFAULT]
  EXPECT_EQ(def.content.Find("s3"), nullptr);      // nested, not a value
  ASSERT_TRUE(def.content.nested.contains("s3"));
  EXPECT_EQ(def.content.nested.at("s3").at("addressing_style"), "path");
  EXPECT_EQ(def.content.nested.at("s3").at("signature_version"), "s3v4");
  EXPECT_EQ((*sections)[1].name, "profile \"with space\"");
  EXPECT_EQ((*sections)[6].name, "profile default");
  EXPECT_EQ(*(*sections)[6].content.Find("output"), "text");
}

TEST(IniParser, RejectsWhatConfigparserRejectsWithoutQuotingTheLine) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c : {
           Case{"aws_secret_access_key = hunter2secret\n", "before the first"},
           Case{"[a]\nkey = 1\n[a]\n", "more than once"},
           Case{"[a]\nkey = 1\nKEY = hunter2secret\n", "repeated"},
           Case{"[a]\nhunter2secret\n", "expected 'key = value'"},
           Case{"[a]\n= hunter2secret\n", "without a key"},
           Case{"[a]\ns3 =\n  hunter2secret\n", "without '='"},
       }) {
    auto parsed = ParseIni(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kParseError);
    EXPECT_NE(parsed.status().message().find(c.why), std::string::npos)
        << parsed.status().message();
    EXPECT_EQ(parsed.status().message().find("hunter2secret"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(IniParser, AcceptsCrLfTabsAndEmptyFiles) {
  auto parsed = ParseIni("[p]\r\n\tkey\t=\tvalue \r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*(*parsed)[0].content.Find("key"), "value");
  auto empty = ParseIni("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(SharedConfig, NamesProfilesLikeBotocoreBuildProfileMap) {
  auto config = SharedConfig::FromText(kTrickyConfig, "");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const ProfileMap& profiles = config->config_profiles();
  EXPECT_EQ(profiles.size(), 3u);
  ASSERT_TRUE(profiles.contains("with space"));
  ASSERT_TRUE(profiles.contains("quirk"));  // "[profiles quirk]": botocore's startswith quirk
  ASSERT_TRUE(profiles.contains("default"));
  // "[profile default]" comes later than "[default]" and replaces it.
  EXPECT_EQ(*profiles.at("default").Find("output"), "text");
  EXPECT_EQ(profiles.at("default").Find("region"), nullptr);
  EXPECT_FALSE(profiles.contains("profile"));
  EXPECT_FALSE(profiles.contains("s"));
  EXPECT_FALSE(profiles.contains("preview"));
}

TEST(SharedConfig, CredentialsFileKeysOverrideConfigFileKeys) {
  auto config = SharedConfig::FromText(
      "[default]\nregion = us-west-2\naws_access_key_id = AKIDCONFIG\n"
      "[profile other]\nregion = eu-west-1\n",
      "[default]\naws_secret_access_key = SECRET\nregion = eu-central-1\n"
      "[profile other]\naws_access_key_id = X\n[creds-only]\naws_access_key_id = AKIDCREDS\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(*config->FindValue("default", "region"), "eu-central-1");
  EXPECT_EQ(*config->FindValue("default", "aws_access_key_id"), "AKIDCONFIG");
  EXPECT_EQ(*config->FindValue("default", "aws_secret_access_key"), "SECRET");
  EXPECT_EQ(*config->FindValue("creds-only", "aws_access_key_id"), "AKIDCREDS");
  // The credentials file names sections verbatim: "[profile other]" there is "profile other".
  EXPECT_EQ(config->FindValue("other", "aws_access_key_id"), nullptr);
  EXPECT_NE(config->FindProfile("profile other"), nullptr);
  // Each file alone is still available to the static-key providers.
  EXPECT_EQ(config->config_profiles().at("default").Find("aws_secret_access_key"), nullptr);
  EXPECT_EQ(config->credentials_profiles().at("default").Find("aws_access_key_id"), nullptr);
}

TEST(SharedConfig, LoadsPathsFromEnvironmentAndHome) {
  TempDir dir;
  dir.Write("home/.aws/config", "[profile p]\nregion = sa-east-1\n");
  dir.Write("home/.aws/credentials", "[p]\naws_access_key_id = AKIDHOME\n");
  auto home_env = MapEnvironment({{"HOME", (dir.path() / "home").string()}});
  SharedConfigPaths paths = DefaultSharedConfigPaths(home_env);
  EXPECT_EQ(paths.config_file, dir.path() / "home/.aws/config");
  auto config = SharedConfig::Load(paths);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(*config->FindValue("p", "region"), "sa-east-1");
  EXPECT_EQ(*config->FindValue("p", "aws_access_key_id"), "AKIDHOME");

  auto override_env = MapEnvironment({{"HOME", "/nonexistent"},
                                      {"D", dir.path().string()},
                                      {"AWS_CONFIG_FILE", "${D}/elsewhere/cfg"},
                                      {"AWS_SHARED_CREDENTIALS_FILE", "$D/elsewhere/creds"}});
  paths = DefaultSharedConfigPaths(override_env);
  EXPECT_EQ(paths.config_file, dir.path() / "elsewhere/cfg");
  EXPECT_EQ(paths.credentials_file, dir.path() / "elsewhere/creds");
  // Missing files are empty files.
  auto empty = SharedConfig::Load(paths);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->merged_profiles().empty());
}

TEST(SharedConfig, MalformedFileNamesTheFileButNotTheSecret) {
  TempDir dir;
  auto creds = dir.Write("credentials", "[default]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG\n");
  auto config = SharedConfig::Load({dir.path() / "config", creds});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(creds.string()), std::string::npos);
  EXPECT_NE(config.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(config.status().message().find("wJalrXUtnFEMI"), std::string::npos);
}

TEST(ProfileSelection, ExplicitThenAwsProfileThenAwsDefaultProfileThenDefault) {
  auto both = MapEnvironment({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}});
  EXPECT_EQ(SelectProfile("cli", both).name, "cli");
  EXPECT_TRUE(SelectProfile("cli", both).from_command_line);
  EXPECT_EQ(SelectProfile("", both).name, "a");
  EXPECT_FALSE(SelectProfile("", both).from_command_line);
  EXPECT_TRUE(SelectProfile("", both).explicitly_chosen);
  EXPECT_EQ(SelectProfile("", MapEnvironment({{"AWS_DEFAULT_PROFILE", "b"}})).name, "b");
  ProfileSelection fallback = SelectProfile("", MapEnvironment({{"AWS_PROFILE", ""}}));
  EXPECT_EQ(fallback.name, "default");
  EXPECT_FALSE(fallback.explicitly_chosen);
}

TEST(ProfileSelection, ExplicitProfileMustExistButDefaultNeedNot) {
  auto config = SharedConfig::FromText("[profile a]\nregion = x\n", "[b]\n");
  ASSERT_TRUE(config.ok());
  auto env = MapEnvironment({});
  EXPECT_TRUE(CheckProfileExists(*config, SelectProfile("a", env)).ok());
  EXPECT_TRUE(CheckProfileExists(*config, SelectProfile("b", env)).ok());
  EXPECT_TRUE(CheckProfileExists(*config, SelectProfile("", env)).ok());
  Status missing = CheckProfileExists(*config, SelectProfile("nope", env));
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "The config profile (nope) could not be found");
  EXPECT_FALSE(
      CheckProfileExists(*config, SelectProfile("", MapEnvironment({{"AWS_PROFILE", "zz"}}))).ok());
}

TEST(Region, ExplicitThenAwsRegionThenAwsDefaultRegionThenProfile) {
  auto config = SharedConfig::FromText("[default]\nregion = eu-west-1\n[profile p]\n", "");
  ASSERT_TRUE(config.ok());
  auto env = MapEnvironment({{"AWS_REGION", "us-east-2"}, {"AWS_DEFAULT_REGION", "us-west-1"}});
  EXPECT_EQ(ResolveRegion("ap-south-1", env, *config, "default"), "ap-south-1");
  EXPECT_EQ(ResolveRegion("", env, *config, "default"), "us-east-2");
  EXPECT_EQ(
      ResolveRegion("", MapEnvironment({{"AWS_DEFAULT_REGION", "us-west-1"}}), *config, "default"),
      "us-west-1");
  EXPECT_EQ(ResolveRegion("", MapEnvironment({}), *config, "default"), "eu-west-1");
  EXPECT_EQ(ResolveRegion("", MapEnvironment({}), *config, "p"), "");
}

TEST(Shlex, SplitsWordsAndQuotes) {
  EXPECT_EQ(ShlexSplit("profile  a"), (std::vector<std::string>{"profile", "a"}));
  EXPECT_EQ(ShlexSplit("profile 'a b'"), (std::vector<std::string>{"profile", "a b"}));
  EXPECT_EQ(ShlexSplit("profile \"a\"b"), (std::vector<std::string>{"profile", "ab"}));
  EXPECT_TRUE(ShlexSplit("profile \"a").empty());
}

}  // namespace
}  // namespace awscrape::aws
