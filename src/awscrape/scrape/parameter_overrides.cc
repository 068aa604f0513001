#include "awscrape/scrape/parameter_overrides.h"

#include <set>

#include "awscrape/scrape/data_file.h"

namespace awscrape::scrape {
namespace {

std::shared_ptr<const JsonDocument> CopyOf(const JsonValue& value) {
  auto doc = std::make_shared<JsonDocument>();
  doc->CopyFrom(value, doc->GetAllocator());
  return doc;
}

}  // namespace

Result<ParameterOverrides> ParameterOverrides::Parse(std::string_view file, std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  ParameterOverrides result;

  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* fillers,
                            DataArray(file, doc, "fill_required", /*optional=*/true));
  for (rapidjson::SizeType i = 0; i < fillers->Size(); ++i) {
    const JsonValue& entry = (*fillers)[i];
    std::string where = EntryName("fill_required", i);
    AWSCRAPE_ASSIGN_OR_RETURN(std::string member, RequiredString(file, where, entry, "member"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string reason, RequiredString(file, where, entry, "reason"));
    const JsonValue* value = FindMember(entry, "value");
    if (value == nullptr) return DataFileError(file, where, "needs a \"value\"");
    result.fillers_.push_back(RequiredFiller{std::move(member), CopyOf(*value),
                                             GetBool(entry, "use_model_max"), std::move(reason)});
  }

  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* overrides, DataArray(file, doc, "overrides"));
  std::set<std::string> seen;
  for (rapidjson::SizeType i = 0; i < overrides->Size(); ++i) {
    const JsonValue& entry = (*overrides)[i];
    std::string where = EntryName("overrides", i);
    AWSCRAPE_ASSIGN_OR_RETURN(std::string name, RequiredString(file, where, entry, "operation"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string reason, RequiredString(file, where, entry, "reason"));
    auto pattern = OperationPattern::Parse(name);
    if (!pattern.ok()) return DataFileError(file, where, pattern.status().message());
    if (pattern->Specificity() != 2) {
      return DataFileError(file, where, "an override names one operation, not a wildcard");
    }
    const JsonValue* params = FindMember(entry, "params");
    if (params == nullptr || !params->IsObject() || params->MemberCount() == 0) {
      return DataFileError(file, where, "needs a non-empty object \"params\"");
    }
    if (!seen.insert(name).second) {
      return DataFileError(file, where, "\"" + name + "\" is listed twice");
    }
    result.overrides_.push_back(
        ParameterOverride{std::move(pattern).value(), CopyOf(*params), std::move(reason)});
  }
  return result;
}

const ParameterOverride* ParameterOverrides::Find(std::string_view service,
                                                  std::string_view operation) const {
  for (const ParameterOverride& entry : overrides_) {
    if (entry.operation.Matches(service, operation)) return &entry;
  }
  return nullptr;
}

const RequiredFiller* ParameterOverrides::FindFiller(std::string_view member) const {
  for (const RequiredFiller& filler : fillers_) {
    if (filler.member == member) return &filler;
  }
  return nullptr;
}

}  // namespace awscrape::scrape
