// The AWS shared configuration: ~/.aws/config and ~/.aws/credentials, with botocore's rules for
// which file a profile comes from, plus profile and region selection.
//
// - The config file names profiles "[profile NAME]" (and "[default]"); the credentials file names
//   them "[NAME]". botocore splits the config header with shlex, so "[profile "a b"]" is "a b".
// - Merged() is botocore's session.full_config: config-file profiles, each key overridden by the
//   same profile's key in the credentials file; profiles only in the credentials file are added.
//   The assume-role and credential_process providers read the merged view; the static-key
//   providers read each file alone, as botocore's SharedCredentialProvider / ConfigProvider do.
// - "[sso-session NAME]" sections of the config file (botocore's sso_sessions) are kept apart
//   for IAM Identity Center profiles that name one with `sso_session = NAME`.
// - A missing file is an empty file. A malformed file is an error naming the file and line.
//
// Immutable after loading; safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/auth/ini_parser.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct SharedConfigPaths {
  std::filesystem::path config_file;       // AWS_CONFIG_FILE or ~/.aws/config
  std::filesystem::path credentials_file;  // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials
};

// Paths from the environment, with "~" expanded from HOME.
SharedConfigPaths DefaultSharedConfigPaths(const EnvLookup& env);

using ProfileMap = std::map<std::string, ConfigSection, std::less<>>;

class SharedConfig {
 public:
  SharedConfig() = default;

  static Result<SharedConfig> Load(const SharedConfigPaths& paths);
  static Result<SharedConfig> FromText(std::string_view config_text,
                                       std::string_view credentials_text);

  // Profiles of the config file alone ("[profile x]" and "[default]").
  const ProfileMap& config_profiles() const { return config_profiles_; }
  // Sections of the credentials file alone, by their verbatim names.
  const ProfileMap& credentials_profiles() const { return credentials_profiles_; }
  // botocore's full_config profiles: both files, credentials-file keys winning.
  const ProfileMap& merged_profiles() const { return merged_profiles_; }

  // "[sso-session NAME]" sections of the config file, by NAME.
  const ProfileMap& sso_sessions() const { return sso_sessions_; }
  const ConfigSection* FindSsoSession(std::string_view name) const;

  // Finders over the merged view; nullptr when absent.
  const ConfigSection* FindProfile(std::string_view name) const;
  // A key of a profile in the merged view; nullptr when the profile or key is absent.
  const std::string* FindValue(std::string_view profile, std::string_view key) const;

 private:
  Status AddConfigFile(std::string_view text);
  Status AddCredentialsFile(std::string_view text);
  void Merge();

  ProfileMap config_profiles_;
  ProfileMap credentials_profiles_;
  ProfileMap merged_profiles_;
  ProfileMap sso_sessions_;
};

// The profile to use: `explicit_profile` (--profile) > AWS_PROFILE > AWS_DEFAULT_PROFILE >
// "default". (botocore 1.29 reads AWS_DEFAULT_PROFILE before AWS_PROFILE; the AWS CLI v2 and the
// other SDKs prefer AWS_PROFILE, which is what users expect.)
struct ProfileSelection {
  std::string name;
  bool explicitly_chosen = false;  // from --profile or the environment, so it must exist
  bool from_command_line = false;  // --profile: botocore then skips environment credentials
};
ProfileSelection SelectProfile(std::string_view explicit_profile, const EnvLookup& env);

// Checks that an explicitly chosen profile exists (botocore's ProfileNotFound).
Status CheckProfileExists(const SharedConfig& config, const ProfileSelection& profile);

// The region: `explicit_region` (--region) > AWS_REGION > AWS_DEFAULT_REGION > the profile's
// `region`. Empty when none is configured.
std::string ResolveRegion(std::string_view explicit_region, const EnvLookup& env,
                          const SharedConfig& config, std::string_view profile);

// Splits a section header the way Python's shlex.split does for the cases that matter here:
// whitespace-separated words, single or double quotes grouping words. Unbalanced quotes give
// an empty vector (botocore skips such sections).
std::vector<std::string> ShlexSplit(std::string_view text);

}  // namespace awscrape::aws
