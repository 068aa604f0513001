#include "awscrape/scrape/iam_actions.h"

#include <algorithm>
#include <cctype>

#include "awscrape/scrape/data_file.h"
#include "awscrape/scrape/operation_pattern.h"

namespace awscrape::scrape {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Result<IamActionNames> IamActionNames::Parse(std::string_view file, std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  IamActionNames names;

  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* prefixes, DataArray(file, doc, "prefixes", true));
  for (rapidjson::SizeType i = 0; i < prefixes->Size(); ++i) {
    std::string where = EntryName("prefixes", i);
    const JsonValue& entry = (*prefixes)[i];
    AWSCRAPE_ASSIGN_OR_RETURN(std::string service, RequiredString(file, where, entry, "service"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string prefix, RequiredString(file, where, entry, "prefix"));
    AWSCRAPE_RETURN_IF_ERROR(RequiredString(file, where, entry, "reason").status());
    names.prefixes_[service] = prefix;
  }

  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* methods,
                            DataArray(file, doc, "http_method_actions", true));
  for (rapidjson::SizeType i = 0; i < methods->Size(); ++i) {
    std::string where = EntryName("http_method_actions", i);
    const JsonValue& entry = (*methods)[i];
    AWSCRAPE_ASSIGN_OR_RETURN(std::string service, RequiredString(file, where, entry, "service"));
    AWSCRAPE_RETURN_IF_ERROR(RequiredString(file, where, entry, "reason").status());
    names.http_method_services_.insert(service);
  }

  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* actions, DataArray(file, doc, "actions", true));
  for (rapidjson::SizeType i = 0; i < actions->Size(); ++i) {
    std::string where = EntryName("actions", i);
    const JsonValue& entry = (*actions)[i];
    AWSCRAPE_ASSIGN_OR_RETURN(std::string operation,
                              RequiredString(file, where, entry, "operation"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string action, RequiredString(file, where, entry, "action"));
    AWSCRAPE_RETURN_IF_ERROR(RequiredString(file, where, entry, "reason").status());
    auto pattern = OperationPattern::Parse(operation);
    if (!pattern.ok() || pattern->Specificity() != 2) {
      return DataFileError(file, where, "\"operation\" must be SERVICE:OPERATION");
    }
    if (action.find(':') == std::string::npos) {
      return DataFileError(file, where, "\"action\" must be PREFIX:ACTION");
    }
    names.actions_[operation] = action;
  }
  return names;
}

std::string IamActionNames::Prefix(std::string_view service,
                                   const aws::model::ServiceMetadata& metadata) const {
  if (auto it = prefixes_.find(service); it != prefixes_.end()) return it->second;
  return Lower(metadata.signing_name.empty() ? metadata.endpoint_prefix : metadata.signing_name);
}

std::string IamActionNames::Action(std::string_view service,
                                   const aws::model::ServiceMetadata& metadata,
                                   const aws::model::Operation& operation) const {
  std::string key = std::string(service) + ":" + operation.name;
  if (auto it = actions_.find(key); it != actions_.end()) return it->second;
  std::string prefix = Prefix(service, metadata);
  if (http_method_services_.count(service) != 0) return prefix + ":" + operation.http_method;
  return prefix + ":" + operation.name;
}

}  // namespace awscrape::scrape
