#include "awscrape/aws/model/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>

#include "awscrape/core/file.h"

namespace awscrape::aws::model {
namespace fs = std::filesystem;

fs::path FindJsonFile(const fs::path& dir, std::string_view stem) {
  std::error_code ec;
  fs::path plain = dir / (std::string(stem) + ".json");
  if (fs::exists(plain, ec)) return plain;
  fs::path gz = dir / (std::string(stem) + ".json.gz");
  if (fs::exists(gz, ec)) return gz;
  return {};
}

Result<JsonDocument> ReadJsonFile(const fs::path& path) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto doc = ParseJson(text);
  if (!doc.ok()) return doc.status().WithContext(path.string());
  return doc;
}

fs::path ModelCatalogue::DefaultDataDir() {
  if (const char* env = std::getenv("AWSCRAPE_MODELS_DIR"); env && *env) return env;
  return AWSCRAPE_DEFAULT_MODELS_DIR;
}

namespace {

// botocore's `__version__ = '1.29.27'` in the package above its data directory.
std::string BotocoreVersion(const fs::path& data_dir) {
  std::ifstream init(data_dir.parent_path() / "__init__.py");
  std::string line;
  for (int n = 0; n < 200 && std::getline(init, line); ++n) {
    if (line.rfind("__version__", 0) != 0) continue;
    size_t open = line.find_first_of("'\"");
    size_t close = open == std::string::npos ? open : line.find(line[open], open + 1);
    if (close == std::string::npos) return "";
    return "botocore " + line.substr(open + 1, close - open - 1);
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<ModelCatalogue>> ModelCatalogue::Open(const fs::path& data_dir) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    return NotFound("models directory " + data_dir.string() +
                    " does not exist (install python3-botocore or pass --models DIR)");
  }
  std::unique_ptr<ModelCatalogue> catalogue(new ModelCatalogue(data_dir));
  fs::path normal = fs::absolute(data_dir, ec).lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();  // "…/data/" names "…/data"
  catalogue->models_version_ = BotocoreVersion(normal);
  for (const auto& service_dir : fs::directory_iterator(data_dir, ec)) {
    if (!service_dir.is_directory()) continue;
    // botocore picks the lexicographically greatest api-version that has a service model:
    // look from the greatest down (one file check per service, not one per version).
    std::vector<std::string> versions;
    for (const auto& version_dir : fs::directory_iterator(service_dir.path(), ec)) {
      if (version_dir.is_directory()) versions.push_back(version_dir.path().filename().string());
    }
    std::sort(versions.begin(), versions.end(), std::greater<>());
    std::string newest;
    for (const std::string& version : versions) {
      if (!FindJsonFile(service_dir.path() / version, "service-2").empty()) {
        newest = version;
        break;
      }
    }
    if (!newest.empty()) {
      catalogue->newest_version_[service_dir.path().filename().string()] = newest;
    }
  }
  if (ec) return IoError("cannot list " + data_dir.string() + ": " + ec.message());
  if (catalogue->newest_version_.empty()) {
    return NotFound("no service models (service-2.json) under " + data_dir.string());
  }
  return catalogue;
}

std::vector<std::string> ModelCatalogue::ServiceNames() const {
  std::vector<std::string> names;
  names.reserve(newest_version_.size());
  for (const auto& [name, version] : newest_version_) names.push_back(name);
  return names;
}

bool ModelCatalogue::HasService(std::string_view name) const {
  return newest_version_.find(name) != newest_version_.end();
}

std::string ModelCatalogue::ApiVersion(std::string_view name) const {
  auto it = newest_version_.find(name);
  return it == newest_version_.end() ? std::string() : it->second;
}

Result<std::shared_ptr<const ServiceEntry>> ModelCatalogue::GetService(
    std::string_view name) const {
  auto version = newest_version_.find(name);
  if (version == newest_version_.end()) {
    return NotFound("unknown service '" + std::string(name) + "'");
  }
  {
    std::lock_guard lock(mutex_);
    if (auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  }
  // Parse outside the lock so services load in parallel; the first to finish wins.
  fs::path dir = data_dir_ / version->first / version->second;
  auto entry = std::make_shared<ServiceEntry>();
  entry->name = version->first;
  entry->api_version = version->second;
  fs::path service_file = FindJsonFile(dir, "service-2");
  AWSCRAPE_ASSIGN_OR_RETURN(ModelText text, ModelText::Read(service_file));
  auto model = ServiceModel::FromText(std::move(text));
  if (!model.ok()) {
    // The index's scan refuses what it does not understand (a malformed file, an escaped
    // name): the full parser builds it, or says precisely what is wrong with it.
    AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument service_json, ReadJsonFile(service_file));
    model = ServiceModel::FromJson(service_json);
  }
  if (!model.ok()) return model.status().WithContext("service " + entry->name);
  entry->model = std::move(model).value();

  entry->paginators.SetObject();
  if (fs::path file = FindJsonFile(dir, "paginators-1"); !file.empty()) {
    AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument paginators, ReadJsonFile(file));
    if (const JsonValue* pagination = FindMember(paginators, "pagination")) {
      entry->paginators.CopyFrom(*pagination, entry->paginators.GetAllocator());
    }
  }
  entry->endpoint_rule_set_file = FindJsonFile(dir, "endpoint-rule-set-1");
  std::lock_guard lock(mutex_);
  auto [it, inserted] = loaded_.emplace(std::string(name), std::move(entry));
  return it->second;
}

Result<std::shared_ptr<const JsonDocument>> ServiceEntry::EndpointRuleSet() const {
  std::lock_guard lock(rule_set_mutex_);
  if (rule_set_ || !rule_set_status_.ok()) {
    if (!rule_set_status_.ok()) return rule_set_status_;
    return rule_set_;
  }
  if (endpoint_rule_set_file.empty()) {
    rule_set_ = std::make_shared<const JsonDocument>();
    return rule_set_;
  }
  auto doc = ReadJsonFile(endpoint_rule_set_file);
  if (!doc.ok()) {
    rule_set_status_ = doc.status().WithContext("service " + name);
    return rule_set_status_;
  }
  rule_set_ = std::make_shared<const JsonDocument>(std::move(doc).value());
  return rule_set_;
}

Result<std::shared_ptr<const JsonDocument>> ModelCatalogue::DataFile(std::string_view stem) const {
  std::lock_guard lock(mutex_);
  if (auto it = data_files_.find(stem); it != data_files_.end()) return it->second;
  fs::path file = FindJsonFile(data_dir_, stem);
  if (file.empty()) {
    return NotFound(std::string(stem) + ".json not found in " + data_dir_.string());
  }
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ReadJsonFile(file));
  auto shared = std::make_shared<const JsonDocument>(std::move(doc));
  data_files_.emplace(std::string(stem), shared);
  return shared;
}

}  // namespace awscrape::aws::model
