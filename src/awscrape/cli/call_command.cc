// `awscrape call SERVICE OPERATION`: one AWS API call, printed as JSON like `aws` prints it.
#include <cstdio>
#include <memory>

#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/client/aws_client.h"
#include "awscrape/aws/http/curl_transport.h"
#include "awscrape/cli/call_params.h"
#include "awscrape/cli/cli_common.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"

namespace awscrape::cli {
namespace {

struct CallArgs {
  std::string service;
  std::string operation;
  std::vector<std::string> params;
  std::string input_json;
  std::string region;
  std::string profile;
  std::string endpoint_url;
  bool include_metadata = false;
  int max_attempts = 3;
};

int Fail(const Status& status) { return ReportFailure("", status); }

int RunCall(const GlobalOptions& globals, const CallArgs& args) {
  auto catalogue = aws::model::ModelCatalogue::Open(ModelsDir(globals));
  if (!catalogue.ok()) return Fail(catalogue.status());
  auto service = (*catalogue)->GetService(args.service);
  if (!service.ok()) return Fail(service.status());
  const aws::model::Operation* operation = (*service)->model->FindOperation(args.operation);
  if (!operation) {
    return Fail(NotFound("service '" + args.service + "' has no operation '" + args.operation +
                         "' (see: awscrape models --service " + args.service + ")"));
  }
  auto input = BuildCallInput(*operation, args.input_json, args.params);
  if (!input.ok()) return Fail(input.status());

  aws::EnvLookup env = aws::ProcessEnvironment();
  auto config = aws::SharedConfig::Load(aws::DefaultSharedConfigPaths(env));
  if (!config.ok()) return Fail(config.status());
  aws::ProfileSelection profile = aws::SelectProfile(args.profile, env);
  std::string region = aws::ResolveRegion(args.region, env, *config, profile.name);
  if (region.empty()) region = "us-east-1";

  auto transport = std::make_shared<aws::CurlTransport>();
  aws::CredentialChainOptions chain_options;
  chain_options.profile = args.profile;
  chain_options.region = region;
  chain_options.transport = transport;
  chain_options.config = std::make_shared<const aws::SharedConfig>(*config);
  auto credentials = aws::DefaultCredentialChain(chain_options);
  if (!credentials.ok()) return Fail(credentials.status());

  aws::ClientConfig client_config;
  client_config.default_region = region;
  client_config.endpoint_url = args.endpoint_url;
  client_config.retry.max_attempts = args.max_attempts;
  aws::AwsClient client(**catalogue, *transport, **credentials, client_config);

  aws::CallRequest request;
  request.service = args.service;
  request.operation = args.operation;
  request.region = region;
  request.params = std::move(input).value();
  aws::CallResult result = client.Call(std::move(request));
  if (!result.status.ok()) {
    if (result.status.code() == StatusCode::kAwsError) {
      std::fprintf(stderr,
                   "awscrape: An error occurred (%s) when calling the %s operation: %s "
                   "(HTTP %d, request id %s, %d attempt%s)\n",
                   result.error_code.empty() ? "Unknown" : result.error_code.c_str(),
                   args.operation.c_str(), result.error_message.c_str(), result.http_status,
                   result.request_id.empty() ? "-" : result.request_id.c_str(), result.attempts,
                   result.attempts == 1 ? "" : "s");
      return 254;  // the aws CLI's status for a service error
    }
    return Fail(result.status);
  }
  if (!args.include_metadata) result.response.RemoveMember("ResponseMetadata");
  std::printf("%s\n", ToJson(result.response, /*pretty=*/true).c_str());
  return 0;
}

}  // namespace

void AddCallCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<CallArgs>();
  CLI::App* cmd = app.add_subcommand(
      "call",
      "Make one AWS API call and print the parsed response as JSON\n"
      "Examples:\n"
      "  awscrape call sts GetCallerIdentity\n"
      "  awscrape call ec2 DescribeImages --param 'Owners=[\"self\"]' --region eu-west-1\n"
      "  awscrape call s3 ListObjectsV2 --param Bucket=my-bucket --param Prefix=logs/");
  cmd->add_option("service", args->service, "service name as in the models (ec2, s3, elbv2)")
      ->required();
  cmd->add_option("operation", args->operation, "operation name (DescribeInstances)")->required();
  cmd->add_option("--param", args->params, "an input member: Name=Value (Value may be JSON)");
  cmd->add_option("--input", args->input_json, "the whole input as a JSON object");
  cmd->add_option("--region", args->region, "region (default: AWS_REGION, profile, us-east-1)");
  cmd->add_option("--profile", args->profile, "shared config profile");
  cmd->add_option("--endpoint-url", args->endpoint_url, "send the call to this URL");
  cmd->add_option("--max-attempts", args->max_attempts, "attempts including retries")
      ->check(CLI::Range(1, 20));
  cmd->add_flag("--include-metadata", args->include_metadata, "keep ResponseMetadata");
  cmd->callback(
      [&globals, &run, args] { run = [&globals, args] { return RunCall(globals, *args); }; });
}

}  // namespace awscrape::cli
