// DefaultCredentialChain: the AWS CLI's credential resolution, as botocore 1.29 orders it.
//
//   1. environment variables   (skipped when a profile is given on the command line)
//   2. assume-role             the profile's role_arn (source_profile / credential_source)
//   3. assume-role-with-web-identity
//                              AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (environment skipped
//                              as in 1), else the profile's web_identity_token_file + role_arn
//   4. sso                     the profile's IAM Identity Center role (sso_account_id,
//                              sso_role_name; legacy or [sso-session]), from the token
//                              `aws sso login` cached in ~/.aws/sso/cache
//   5. shared-credentials-file the profile's keys in ~/.aws/credentials
//   6. custom-process          the profile's credential_process
//   7. config-file             the profile's keys in ~/.aws/config
//   8. container-role          AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI
//   9. iam-role                EC2 instance metadata (IMDSv2)
//
// The result caches and refreshes (RefreshingCredentialProvider over a sticky
// ChainCredentialProvider): call Resolve() before each signature; it is cheap while the
// credentials are fresh. Loading reads the shared files once; a malformed file or an explicitly
// chosen profile that does not exist is an error here, as in botocore. Settings read from the
// environment or else the profile: AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints,
// AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout, AWS_METADATA_SERVICE_NUM_ATTEMPTS /
// metadata_service_num_attempts, AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE) /
// ec2_metadata_service_endpoint(_mode).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "awscrape/aws/auth/container_provider.h"
#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/auth/refreshing_provider.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

struct CredentialChainOptions {
  std::string profile;  // --profile; empty: AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"
  std::string region;   // --region, for the STS endpoint; empty: resolved like the CLI
  std::shared_ptr<HttpTransport> transport;  // STS, container and IMDS calls
  EnvLookup env;                             // default: the process environment
  // The shared files: `config` if given, else loaded from `config_paths`, else from the
  // environment's AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE / HOME.
  std::shared_ptr<const SharedConfig> config;
  std::optional<SharedConfigPaths> config_paths;
  // Test and emulator overrides.
  std::string sts_endpoint_url;
  std::string imds_endpoint_url;
  std::string sso_endpoint_url;  // the IAM Identity Center portal, for every sso_region
  std::filesystem::path sso_token_cache_dir;  // default: $HOME/.aws/sso/cache
  TimeSource now;                             // default: SystemTime
  RefreshWindows refresh;
  std::chrono::milliseconds container_retry_delay{1000};
  SleepFunction sleep;  // between container attempts; default: SleepFor
  std::chrono::milliseconds process_timeout{std::chrono::minutes(2)};
};

Result<std::shared_ptr<CredentialProvider>> DefaultCredentialChain(CredentialChainOptions options);

}  // namespace awscrape::aws
