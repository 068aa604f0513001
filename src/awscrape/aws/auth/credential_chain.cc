#include "awscrape/aws/auth/credential_chain.h"

#include <charconv>
#include <utility>
#include <vector>

#include "awscrape/aws/auth/chain_provider.h"
#include "awscrape/aws/auth/profile_credential_builder.h"
#include "awscrape/aws/auth/sso_token_cache.h"
#include "awscrape/aws/auth/sts_assume_role.h"

namespace awscrape::aws {
namespace {

// A setting from the environment, else from the profile; "" when neither has it.
std::string Setting(const EnvLookup& env, const SharedConfig& config, const std::string& profile,
                    std::string_view variable, std::string_view key) {
  std::string value = GetEnvOrEmpty(env, variable);
  if (!value.empty()) return value;
  const std::string* configured = config.FindValue(profile, key);
  return configured == nullptr ? std::string() : *configured;
}

Result<double> ParseNumber(const std::string& text, std::string_view what) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return InvalidArgument(std::string(what) + " must be a positive number, not '" + text + "'");
  }
  return value;
}

}  // namespace

Result<std::shared_ptr<CredentialProvider>> DefaultCredentialChain(CredentialChainOptions options) {
  EnvLookup env = options.env ? options.env : ProcessEnvironment();
  std::shared_ptr<const SharedConfig> config = options.config;
  if (!config) {
    SharedConfigPaths paths = options.config_paths.value_or(DefaultSharedConfigPaths(env));
    AWSCRAPE_ASSIGN_OR_RETURN(SharedConfig loaded, SharedConfig::Load(paths));
    config = std::make_shared<const SharedConfig>(std::move(loaded));
  }
  ProfileSelection profile = SelectProfile(options.profile, env);
  AWSCRAPE_RETURN_IF_ERROR(CheckProfileExists(*config, profile));
  auto setting = [&](std::string_view variable, std::string_view key) {
    return Setting(env, *config, profile.name, variable, key);
  };

  CredentialContext context;
  context.config = config;
  context.env = env;
  context.transport = options.transport;
  context.now = options.now ? options.now : TimeSource(SystemTime);
  context.refresh = options.refresh;
  context.process_timeout = options.process_timeout;
  context.sso_token_cache_dir = !options.sso_token_cache_dir.empty() ? options.sso_token_cache_dir
                                                                     : DefaultSsoTokenCacheDir(env);
  context.sso_endpoint_url = options.sso_endpoint_url;

  std::string region = ResolveRegion(options.region, env, *config, profile.name);
  bool regional_sts = setting("AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints") == "regional";
  context.sts = ResolveStsEndpoint(region, regional_sts, options.sts_endpoint_url);

  context.container.retry_delay = options.container_retry_delay;
  context.container.sleep = options.sleep;

  context.imds.endpoint =
      !options.imds_endpoint_url.empty()
          ? options.imds_endpoint_url
          : ResolveImdsEndpoint(env, setting("", "ec2_metadata_service_endpoint"),
                                setting("", "ec2_metadata_service_endpoint_mode"));
  if (std::string timeout = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout");
      !timeout.empty()) {
    AWSCRAPE_ASSIGN_OR_RETURN(double seconds, ParseNumber(timeout, "metadata_service_timeout"));
    context.imds.timeout = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  }
  if (std::string attempts =
          setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts");
      !attempts.empty()) {
    AWSCRAPE_ASSIGN_OR_RETURN(double count, ParseNumber(attempts, "metadata_service_num_attempts"));
    context.imds.attempts = static_cast<int>(count);
  }

  auto builder = std::make_shared<const ProfileCredentialBuilder>(std::move(context));
  std::vector<std::shared_ptr<CredentialProvider>> providers;
  // An explicit --profile outranks environment keys (botocore's disable_env_vars).
  if (!profile.from_command_line) providers.push_back(builder->EnvironmentProvider());
  providers.push_back(std::make_shared<ProfileRoleProvider>(builder, profile.name));
  for (auto& provider : builder->ProfileProviders(profile.name, !profile.from_command_line)) {
    providers.push_back(std::move(provider));
  }
  providers.push_back(builder->ContainerProvider());
  providers.push_back(builder->ImdsProvider());

  return std::shared_ptr<CredentialProvider>(std::make_shared<RefreshingCredentialProvider>(
      std::make_shared<ChainCredentialProvider>(std::move(providers)), builder->context().now,
      options.refresh));
}

}  // namespace awscrape::aws
