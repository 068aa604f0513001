// awscrape: discovers every resource in AWS accounts by calling every read-only operation the
// AWS service models describe. Entry point: global flags, then one file per command.
#include <cstdio>

#include "awscrape/cli/command.h"
#include "awscrape/store/mongo/mongo_client.h"

int main(int argc, char** argv) {
  awscrape::store::mongo::ForgetCountersFile();
  CLI::App app{"awscrape " AWSCRAPE_VERSION
               " - a native, model-driven AWS architecture scraper.\n\n"
               "Examples:\n"
               "  awscrape call sts GetCallerIdentity\n"
               "  awscrape call ec2 DescribeImages --param 'Owners=[\"self\"]' --region eu-west-1\n"
               "  awscrape call dynamodb ListTables --endpoint-url http://127.0.0.1:8000\n"
               "  awscrape models --service s3"};
  app.set_version_flag("--version", "awscrape " AWSCRAPE_VERSION);
  app.require_subcommand(1);

  awscrape::cli::GlobalOptions globals;
  app.add_option("--models", globals.models_dir,
                 "botocore data directory (default: $AWSCRAPE_MODELS_DIR or Debian's "
                 "python3-botocore data)");

  awscrape::cli::CommandRunner run;
  awscrape::cli::AddCallCommand(app, globals, run);
  awscrape::cli::AddCompareCommand(app, globals, run);
  awscrape::cli::AddDeleteCommand(app, globals, run);
  awscrape::cli::AddImportCommand(app, globals, run);
  awscrape::cli::AddIngestCommand(app, globals, run);
  awscrape::cli::AddListCommand(app, globals, run);
  awscrape::cli::AddMaintenanceCommand(app, globals, run);
  awscrape::cli::AddModelsCommand(app, globals, run);
  awscrape::cli::AddPlanCommand(app, globals, run);
  awscrape::cli::AddQueryCommand(app, globals, run);
  awscrape::cli::AddSimulateCommand(app, globals, run);
  awscrape::cli::AddScrapeCommand(app, globals, run);
  awscrape::cli::AddServeCommand(app, globals, run);
  awscrape::cli::AddShowCommand(app, globals, run);
  awscrape::cli::AddStatsCommand(app, globals, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return run ? run() : 0;
}
