// The CLI's command registry: each command lives in its own file and adds itself to the app.
//
// A command registers its flags on a CLI11 subcommand and sets `run` to the function that
// executes it once parsing succeeded; `run` returns the process exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace awscrape::cli {

struct GlobalOptions {
  std::string models_dir;  // --models, else AWSCRAPE_MODELS_DIR, else Debian's botocore data
};

using CommandRunner = std::function<int()>;

void AddCallCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddCompareCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddDeleteCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddImportCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddIngestCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddListCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddMaintenanceCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddModelsCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddPlanCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddQueryCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddSimulateCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddScrapeCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddServeCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddShowCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void AddStatsCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);

}  // namespace awscrape::cli
