// Where the CLI reads botocore models from: --models, else the catalogue's default; and the
// catalogue a short-lived command keeps for the rest of the process.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/cli/command.h"

namespace awscrape::cli {

inline std::filesystem::path ModelsDir(const GlobalOptions& globals) {
  return globals.models_dir.empty() ? aws::model::ModelCatalogue::DefaultDataDir()
                                    : std::filesystem::path(globals.models_dir);
}

// Opens the catalogue for a command that exits when it is done (plan, scrape): the catalogue
// lives until the process ends and is never destroyed, because freeing hundreds of loaded
// models at exit is pure cost (it was ~10% of `awscrape plan --services all`). It stays
// reachable from a static holder, so leak checkers do not report it. Library code and tests
// own their catalogues as usual.
inline Result<aws::model::ModelCatalogue*> OpenProcessCatalogue(const GlobalOptions& globals) {
  auto catalogue = aws::model::ModelCatalogue::Open(ModelsDir(globals));
  if (!catalogue.ok()) return catalogue.status();
  static std::mutex mutex;
  static auto* const kept = new std::vector<std::unique_ptr<aws::model::ModelCatalogue>>();
  std::lock_guard lock(mutex);
  kept->push_back(std::move(catalogue).value());
  return kept->back().get();
}

}  // namespace awscrape::cli
