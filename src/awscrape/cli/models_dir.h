// Where the CLI reads botocore models from: --models, else the catalogue's default.
#pragma once

#include <filesystem>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/cli/command.h"

namespace awscrape::cli {

inline std::filesystem::path ModelsDir(const GlobalOptions& globals) {
  return globals.models_dir.empty() ? aws::model::ModelCatalogue::DefaultDataDir()
                                    : std::filesystem::path(globals.models_dir);
}

}  // namespace awscrape::cli
