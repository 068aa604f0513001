#include "awscrape/scrape/default_resources.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "awscrape/scrape/data_file.h"

namespace awscrape::scrape {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsListSegment(std::string_view segment) {
  return segment.size() > 2 && segment.substr(segment.size() - 2) == "[]";
}

// Collects every value the path reaches from `value`, descending into lists marked "[]".
void Collect(const JsonValue& value, const std::vector<std::string>& path, size_t depth,
             std::vector<const JsonValue*>& out) {
  if (depth == path.size()) {
    out.push_back(&value);
    return;
  }
  std::string_view segment = path[depth];
  bool list = IsListSegment(segment);
  if (list) segment.remove_suffix(2);
  const JsonValue* member = FindMember(value, segment);
  if (member == nullptr) return;
  if (!list) {
    Collect(*member, path, depth + 1, out);
    return;
  }
  if (!member->IsArray()) return;
  for (const JsonValue& element : member->GetArray()) Collect(element, path, depth + 1, out);
}

Result<std::vector<std::string>> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    std::string_view segment = path.substr(start, dot - start);
    if (segment.empty() || segment == "[]") {
      return InvalidArgument("\"" + std::string(path) + "\" has an empty segment");
    }
    segments.emplace_back(segment);
    start = dot + 1;
  }
  return segments;
}

}  // namespace

bool DefaultResourceRule::Matches(const JsonValue& item) const {
  std::vector<const JsonValue*> values;
  Collect(item, path, 0, values);
  for (const JsonValue* value : values) {
    switch (test) {
      case Test::kEquals:
        if (JsonEquals(*value, *equals)) return true;
        break;
      case Test::kPrefix: {
        if (!value->IsString()) break;
        std::string_view s(value->GetString(), value->GetStringLength());
        if (ignore_case ? Lower(s).starts_with(Lower(text)) : s.starts_with(text)) return true;
        break;
      }
      case Test::kRegex: {
        if (!value->IsString()) break;
        std::string s(value->GetString(), value->GetStringLength());
        if (std::regex_search(s, *regex)) return true;
        break;
      }
    }
  }
  return false;
}

Result<DefaultResourceRules> DefaultResourceRules::Parse(std::string_view file,
                                                         std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* rules, DataArray(file, doc, "rules"));
  DefaultResourceRules result;
  std::set<std::string> ids;
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    const JsonValue& entry = (*rules)[i];
    std::string where = EntryName("rules", i);
    DefaultResourceRule rule;
    AWSCRAPE_ASSIGN_OR_RETURN(rule.id, RequiredString(file, where, entry, "id"));
    AWSCRAPE_ASSIGN_OR_RETURN(std::string operation,
                              RequiredString(file, where, entry, "operation"));
    AWSCRAPE_ASSIGN_OR_RETURN(rule.items, RequiredString(file, where, entry, "items"));
    AWSCRAPE_ASSIGN_OR_RETURN(rule.reason, RequiredString(file, where, entry, "reason"));
    if (!ids.insert(rule.id).second) {
      return DataFileError(file, where, "the id \"" + rule.id + "\" is used twice");
    }
    auto pattern = OperationPattern::Parse(operation);
    if (!pattern.ok() || pattern->Specificity() != 2) {
      return DataFileError(file, where, "\"operation\" must be SERVICE:OPERATION");
    }
    rule.operation = std::move(pattern).value();

    const JsonValue* when = FindMember(entry, "when");
    if (when == nullptr || !when->IsObject()) {
      return DataFileError(file, where, "needs an object \"when\"");
    }
    AWSCRAPE_ASSIGN_OR_RETURN(std::string path, RequiredString(file, where, *when, "path"));
    auto segments = SplitPath(path);
    if (!segments.ok()) return DataFileError(file, where, segments.status().message());
    rule.path = std::move(segments).value();
    rule.ignore_case = GetBool(*when, "ignore_case");

    const JsonValue* equals = FindMember(*when, "equals");
    const JsonValue* prefix = FindMember(*when, "prefix");
    const JsonValue* regex = FindMember(*when, "regex");
    if ((equals != nullptr) + (prefix != nullptr) + (regex != nullptr) != 1) {
      return DataFileError(file, where, "\"when\" needs exactly one of equals, prefix, regex");
    }
    if (equals != nullptr) {
      auto copy = std::make_shared<JsonDocument>();
      copy->CopyFrom(*equals, copy->GetAllocator());
      rule.equals = std::move(copy);
    } else if (prefix != nullptr) {
      if (!prefix->IsString()) return DataFileError(file, where, "\"prefix\" must be a string");
      rule.test = DefaultResourceRule::Test::kPrefix;
      rule.text = prefix->GetString();
    } else {
      if (!regex->IsString()) return DataFileError(file, where, "\"regex\" must be a string");
      rule.test = DefaultResourceRule::Test::kRegex;
      rule.text = regex->GetString();
      // std::regex reports a bad pattern by throwing: convert at this edge.
      try {
        auto flags = std::regex::ECMAScript;
        if (rule.ignore_case) flags |= std::regex::icase;
        rule.regex = std::make_shared<const std::regex>(rule.text, flags);
      } catch (const std::regex_error& e) {
        return DataFileError(file, where, "bad regex \"" + rule.text + "\": " + e.what());
      }
    }
    result.rules_.push_back(std::move(rule));
  }
  return result;
}

std::vector<const DefaultResourceRule*> DefaultResourceRules::RulesFor(
    std::string_view service, std::string_view operation) const {
  std::vector<const DefaultResourceRule*> out;
  for (const DefaultResourceRule& rule : rules_) {
    if (rule.operation.Matches(service, operation)) out.push_back(&rule);
  }
  return out;
}

std::vector<DefaultResourceFlag> DefaultResourceRules::Flag(std::string_view service,
                                                            std::string_view operation,
                                                            const JsonValue& response) const {
  std::vector<DefaultResourceFlag> flags;
  std::set<std::pair<std::string, size_t>> flagged;
  for (const DefaultResourceRule* rule : RulesFor(service, operation)) {
    const JsonValue* items = FindMember(response, rule->items);
    if (items == nullptr || !items->IsArray()) continue;
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
      if (!rule->Matches((*items)[i])) continue;
      if (flagged.emplace(rule->items, i).second) flags.push_back({rule->items, i, rule});
    }
  }
  return flags;
}

}  // namespace awscrape::scrape
