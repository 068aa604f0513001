// `awscrape models`: what the model catalogue holds — services, protocols, operations.
#include <chrono>
#include <cstdio>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"

namespace awscrape::cli {
namespace {

struct ModelsArgs {
  std::string service;
};

int RunModels(const GlobalOptions& globals, const ModelsArgs& args) {
  auto catalogue = aws::model::ModelCatalogue::Open(ModelsDir(globals));
  if (!catalogue.ok()) {
    std::fprintf(stderr, "awscrape: %s\n", catalogue.status().ToString().c_str());
    return 2;
  }
  if (!args.service.empty()) {
    auto service = (*catalogue)->GetService(args.service);
    if (!service.ok()) {
      std::fprintf(stderr, "awscrape: %s\n", service.status().ToString().c_str());
      return 2;
    }
    const auto& model = *(*service)->model;
    std::printf("%s %s (%s)\n", (*service)->name.c_str(), (*service)->api_version.c_str(),
                model.metadata().protocol.c_str());
    for (const auto& op : model.operations()) std::printf("  %s\n", op.name.c_str());
    return 0;
  }
  for (const auto& name : (*catalogue)->ServiceNames()) {
    std::printf("%-40s %s\n", name.c_str(), (*catalogue)->ApiVersion(name).c_str());
  }
  return 0;
}

}  // namespace

void AddModelsCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<ModelsArgs>();
  CLI::App* cmd = app.add_subcommand("models",
                                     "List the services (or one service's operations) "
                                     "in the botocore models");
  cmd->add_option("--service", args->service, "list this service's operations");
  cmd->callback(
      [&globals, &run, args] { run = [&globals, args] { return RunModels(globals, *args); }; });
}

}  // namespace awscrape::cli
