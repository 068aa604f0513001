#include "awscrape/scrape/scrape_data.h"

#include "awscrape/core/file.h"
#include "awscrape/scrape/embedded_data.h"

namespace awscrape::scrape {
namespace {

struct Source {
  std::string label;  // the name errors use: "data/x.json" or the file's path
  std::string text;
};

Result<Source> ReadDataFile(const std::filesystem::path& dir, std::string_view name) {
  if (!dir.empty()) {
    std::filesystem::path path = dir / std::string(name);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
      return Source{path.string(), std::move(text)};
    }
  }
  std::optional<std::string_view> embedded = FindEmbeddedDataFile(name);
  if (!embedded) return NotFound("data file " + std::string(name) + " is not embedded");
  return Source{"data/" + std::string(name), std::string(*embedded)};
}

}  // namespace

Result<ScrapeData> LoadScrapeData(const std::filesystem::path& dir) {
  ScrapeData data;
  AWSCRAPE_ASSIGN_OR_RETURN(Source skip, ReadDataFile(dir, "skip_operations.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(data.skip, SkipList::Parse(skip.label, skip.text));
  AWSCRAPE_ASSIGN_OR_RETURN(Source overrides, ReadDataFile(dir, "parameter_overrides.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(data.overrides,
                            ParameterOverrides::Parse(overrides.label, overrides.text));
  AWSCRAPE_ASSIGN_OR_RETURN(Source iam, ReadDataFile(dir, "iam_actions.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(data.iam, IamActionNames::Parse(iam.label, iam.text));
  AWSCRAPE_ASSIGN_OR_RETURN(Source defaults, ReadDataFile(dir, "default_resources.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(data.defaults,
                            DefaultResourceRules::Parse(defaults.label, defaults.text));
  AWSCRAPE_ASSIGN_OR_RETURN(Source regions, ReadDataFile(dir, "service_regions.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(data.global_services,
                            ParseServiceRegionData(regions.label, regions.text));
  return data;
}

}  // namespace awscrape::scrape
