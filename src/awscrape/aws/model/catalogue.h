// ModelCatalogue: the botocore data directory, loaded per service on demand.
//
// Opening a catalogue only lists directories (which services exist and their newest
// api-version). A service is loaded the first time it is asked for and cached: its
// service-2.json is indexed (a lazy ServiceModel: operations and shapes are parsed when first
// used), its paginators-1.json parsed; its endpoint-rule-set-1.json is parsed the first time
// EndpointRuleSet() is called (planning never needs it). Files may be plain .json or .json.gz.
// Thread-safe: concurrent GetService() calls for one service load it once.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/service_model.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::model {

// Everything awscrape knows of one service.
struct ServiceEntry {
  std::string name;         // the data directory name: "ec2", "s3", "elbv2"
  std::string api_version;  // the newest api-version directory
  std::unique_ptr<ServiceModel> model;
  JsonDocument paginators;  // paginators-1.json's "pagination" object, or {} when absent
  std::filesystem::path endpoint_rule_set_file;  // empty when the service has none

  // endpoint-rule-set-1.json, parsed once on first use; a null document when absent.
  Result<std::shared_ptr<const JsonDocument>> EndpointRuleSet() const;

 private:
  mutable std::mutex rule_set_mutex_;
  mutable std::shared_ptr<const JsonDocument> rule_set_;
  mutable Status rule_set_status_;
};

class ModelCatalogue {
 public:
  // --models DIR, else AWSCRAPE_MODELS_DIR, else Debian's python3-botocore data directory.
  static std::filesystem::path DefaultDataDir();
  static Result<std::unique_ptr<ModelCatalogue>> Open(const std::filesystem::path& data_dir);

  const std::filesystem::path& data_dir() const { return data_dir_; }
  // "botocore 1.29.27" when the directory is a botocore package's `data` (its __init__.py names
  // the version); empty for a models directory that says nothing about its version. Recorded
  // with every scrape, so a stored response can be traced to the models that planned it.
  const std::string& models_version() const { return models_version_; }
  // Sorted service names.
  std::vector<std::string> ServiceNames() const;
  bool HasService(std::string_view name) const;
  std::string ApiVersion(std::string_view name) const;

  // Loads (once) and returns the service; NotFound for an unknown name.
  Result<std::shared_ptr<const ServiceEntry>> GetService(std::string_view name) const;

  // A top-level data file, parsed once: "partitions" (the partitions endpoint rule sets use),
  // "endpoints" (the legacy endpoints.json botocore's signer consults).
  Result<std::shared_ptr<const JsonDocument>> DataFile(std::string_view stem) const;
  Result<std::shared_ptr<const JsonDocument>> Partitions() const { return DataFile("partitions"); }

 private:
  explicit ModelCatalogue(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}

  std::filesystem::path data_dir_;
  std::string models_version_;
  std::map<std::string, std::string, std::less<>> newest_version_;  // service -> api-version
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const ServiceEntry>, std::less<>> loaded_;
  mutable std::map<std::string, std::shared_ptr<const JsonDocument>, std::less<>> data_files_;
};

// Finds `<dir>/<stem>.json` or `<dir>/<stem>.json.gz`; empty path when neither exists.
std::filesystem::path FindJsonFile(const std::filesystem::path& dir, std::string_view stem);
Result<JsonDocument> ReadJsonFile(const std::filesystem::path& path);

}  // namespace awscrape::aws::model
