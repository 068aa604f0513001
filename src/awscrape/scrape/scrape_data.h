// ScrapeData: every data file the planner and scraper run on, parsed and checked.
//
// The files are data/*.json: skip_operations, parameter_overrides, iam_actions,
// service_regions and default_resources. By default the copies embedded in the binary are used;
// a directory (--data-dir / AWSCRAPE_DATA_DIR) replaces any file it holds, so a user can edit
// one list without rebuilding. A malformed file is an InvalidArgument error naming the file and
// the entry. Immutable after loading; safe to share between threads.
#pragma once

#include <filesystem>
#include <string>

#include "awscrape/core/result.h"
#include "awscrape/scrape/default_resources.h"
#include "awscrape/scrape/iam_actions.h"
#include "awscrape/scrape/parameter_overrides.h"
#include "awscrape/scrape/service_regions.h"
#include "awscrape/scrape/skip_list.h"

namespace awscrape::scrape {

struct ScrapeData {
  SkipList skip;
  ParameterOverrides overrides;
  IamActionNames iam;
  DefaultResourceRules defaults;
  GlobalServiceData global_services;
};

// Embedded files, each replaced by `<dir>/<name>` when `dir` is non-empty and holds it.
Result<ScrapeData> LoadScrapeData(const std::filesystem::path& dir = {});

}  // namespace awscrape::scrape
