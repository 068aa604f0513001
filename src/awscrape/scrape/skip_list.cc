#include "awscrape/scrape/skip_list.h"

#include <array>
#include <set>

#include "awscrape/scrape/data_file.h"

namespace awscrape::scrape {

bool IsSkipCategory(std::string_view category) {
  static constexpr std::array<std::string_view, 6> kCategories = {
      "service", "catalogue", "not_resource", "needs_parameter", "unavailable", "paid"};
  for (std::string_view known : kCategories) {
    if (known == category) return true;
  }
  return false;
}

Result<SkipList> SkipList::Parse(std::string_view file, std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* rules, DataArray(file, doc, "rules"));
  SkipList list;
  std::set<std::string> seen;
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    const JsonValue& entry = (*rules)[i];
    std::string where = EntryName("rules", i);
    AWSCRAPE_ASSIGN_OR_RETURN(std::string match, RequiredString(file, where, entry, "match"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string category, RequiredString(file, where, entry, "category"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string reason, RequiredString(file, where, entry, "reason"));
    auto pattern = OperationPattern::Parse(match);
    if (!pattern.ok()) return DataFileError(file, where, pattern.status().message());
    if (!IsSkipCategory(category)) {
      return DataFileError(file, where, "unknown category \"" + category + "\"");
    }
    // A duplicate is almost always a copy-paste slip that hides one of the two reasons.
    if (!seen.insert(match).second) {
      return DataFileError(file, where, "\"" + match + "\" is listed twice");
    }
    list.rules_.push_back(
        SkipRule{std::move(pattern).value(), std::move(category), std::move(reason)});
  }
  return list;
}

const SkipRule* SkipList::Find(std::string_view service, std::string_view operation) const {
  const SkipRule* best = nullptr;
  for (const SkipRule& rule : rules_) {
    if (!rule.match.Matches(service, operation)) continue;
    if (best == nullptr || rule.match.Specificity() > best->match.Specificity()) best = &rule;
  }
  return best;
}

}  // namespace awscrape::scrape
