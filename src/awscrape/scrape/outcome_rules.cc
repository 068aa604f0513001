#include "awscrape/scrape/outcome_rules.h"

#include <curl/curl.h>

#include "awscrape/core/file.h"
#include "awscrape/scrape/data_file.h"
#include "awscrape/scrape/embedded_data.h"

namespace awscrape::scrape {
namespace {

constexpr std::string_view kFileName = "outcome_rules.json";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Result<std::vector<std::string>> StringList(std::string_view file, std::string_view where,
                                            const JsonValue& entry, std::string_view key,
                                            bool allow_empty_string) {
  std::vector<std::string> out;
  const JsonValue* list = FindMember(entry, key);
  if (list == nullptr) return out;
  if (!list->IsArray() || list->Empty()) {
    return DataFileError(file, where, "\"" + std::string(key) + "\" must be a non-empty array");
  }
  for (const JsonValue& item : list->GetArray()) {
    if (!item.IsString() || (!allow_empty_string && item.GetStringLength() == 0)) {
      return DataFileError(file, where, "\"" + std::string(key) + "\" must hold strings");
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

Result<OutcomeRule> ParseRule(std::string_view file, std::string_view where,
                              const JsonValue& entry) {
  OutcomeRule rule;
  AWSCRAPE_ASSIGN_OR_RETURN(rule.id, RequiredString(file, where, entry, "id"));
  AWSCRAPE_ASSIGN_OR_RETURN(rule.reason, RequiredString(file, where, entry, "reason"));
  AWSCRAPE_ASSIGN_OR_RETURN(std::string outcome, RequiredString(file, where, entry, "outcome"));
  auto parsed = ParseCallOutcome(outcome);
  if (!parsed || *parsed == CallOutcome::kOk || *parsed == CallOutcome::kEmpty) {
    return DataFileError(
        file, where,
        "outcome must be denied, not_available, throttled or error, not \"" + outcome + "\"");
  }
  rule.outcome = *parsed;
  AWSCRAPE_ASSIGN_OR_RETURN(rule.codes, StringList(file, where, entry, "codes", true));
  AWSCRAPE_ASSIGN_OR_RETURN(rule.code_prefixes,
                            StringList(file, where, entry, "code_prefixes", false));
  AWSCRAPE_ASSIGN_OR_RETURN(rule.code_suffixes,
                            StringList(file, where, entry, "code_suffixes", false));
  if (const JsonValue* statuses = FindMember(entry, "http_status")) {
    if (!statuses->IsArray() || statuses->Empty()) {
      return DataFileError(file, where, "\"http_status\" must be a non-empty array");
    }
    for (const JsonValue& s : statuses->GetArray()) {
      if (!s.IsInt() || s.GetInt() < 100 || s.GetInt() > 599) {
        return DataFileError(file, where, "\"http_status\" must hold HTTP status codes");
      }
      rule.http_status.push_back(s.GetInt());
    }
  }
  if (const JsonValue* kind = FindMember(entry, "error_kind")) {
    if (!kind->IsString() || std::string_view(kind->GetString()) != "throttling") {
      return DataFileError(file, where, "\"error_kind\" must be \"throttling\"");
    }
    rule.error_kind = aws::ErrorKind::kThrottling;
  }
  if (const JsonValue* opt_in = FindMember(entry, "opt_in_region")) {
    if (!opt_in->IsBool()) return DataFileError(file, where, "\"opt_in_region\" must be a bool");
    rule.opt_in_region = opt_in->GetBool();
  }
  if (const JsonValue* transport = FindMember(entry, "transport")) {
    if (!transport->IsString() || std::string_view(transport->GetString()) != "unresolved_host") {
      return DataFileError(file, where, "\"transport\" must be \"unresolved_host\"");
    }
    rule.unresolved_host = true;
  }
  for (const auto& member : entry.GetObject()) {
    static constexpr std::string_view kKnown[] = {
        "id",          "outcome",    "reason",        "codes",    "code_prefixes", "code_suffixes",
        "http_status", "error_kind", "opt_in_region", "transport"};
    std::string_view name(member.name.GetString(), member.name.GetStringLength());
    bool known = false;
    for (std::string_view k : kKnown) known = known || k == name;
    // An unknown key is most likely a misspelt condition: refusing it keeps a rule from
    // silently matching more than its author meant.
    if (!known) return DataFileError(file, where, "unknown key \"" + std::string(name) + "\"");
  }
  bool has_condition = !rule.codes.empty() || !rule.code_prefixes.empty() ||
                       !rule.code_suffixes.empty() || !rule.http_status.empty() ||
                       rule.error_kind || rule.unresolved_host;
  if (!has_condition) {
    return DataFileError(file, where,
                         "needs a condition: codes, code_prefixes, code_suffixes, http_status, "
                         "error_kind or transport");
  }
  return rule;
}

}  // namespace

FailedCall FailedCall::From(const aws::CallResult& result, bool opt_in_region) {
  FailedCall call;
  call.error_code = result.error_code;
  call.http_status = result.http_status;
  call.error_kind = result.error_kind;
  call.unresolved_host = IsUnresolvedHost(result.status);
  call.opt_in_region = opt_in_region;
  return call;
}

bool OutcomeRule::Matches(const FailedCall& call) const {
  if (error_kind && call.error_kind != *error_kind) return false;
  if (unresolved_host && !call.unresolved_host) return false;
  if (opt_in_region && call.opt_in_region != *opt_in_region) return false;
  if (!http_status.empty() &&
      std::find(http_status.begin(), http_status.end(), call.http_status) == http_status.end()) {
    return false;
  }
  // The code conditions are alternatives of one another: any of them may match.
  if (!codes.empty() || !code_prefixes.empty() || !code_suffixes.empty()) {
    bool any = std::find(codes.begin(), codes.end(), call.error_code) != codes.end();
    for (const std::string& p : code_prefixes) any = any || StartsWith(call.error_code, p);
    for (const std::string& s : code_suffixes) any = any || EndsWith(call.error_code, s);
    if (!any) return false;
  }
  return true;
}

Result<OutcomeRules> OutcomeRules::Parse(std::string_view file, std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseDataFile(file, text));
  OutcomeRules rules;
  if (const JsonValue* opt_in = FindMember(doc, "opt_in_regions")) {
    AWSCRAPE_ASSIGN_OR_RETURN(std::string reason,
                              RequiredString(file, "opt_in_regions", *opt_in, "reason"));
    AWSCRAPE_ASSIGN_OR_RETURN(auto regions,
                              StringList(file, "opt_in_regions", *opt_in, "regions", false));
    rules.opt_in_regions_.insert(regions.begin(), regions.end());
  }
  AWSCRAPE_ASSIGN_OR_RETURN(const JsonValue* list, DataArray(file, doc, "rules"));
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    std::string where = EntryName("rules", i);
    if (!(*list)[i].IsObject()) return DataFileError(file, where, "must be an object");
    AWSCRAPE_ASSIGN_OR_RETURN(OutcomeRule rule, ParseRule(file, where, (*list)[i]));
    for (const OutcomeRule& other : rules.rules_) {
      if (other.id == rule.id) return DataFileError(file, where, "duplicate id " + rule.id);
    }
    rules.rules_.push_back(std::move(rule));
  }
  return rules;
}

Result<OutcomeRules> OutcomeRules::Load(const std::filesystem::path& dir) {
  if (!dir.empty()) {
    std::filesystem::path path = dir / std::string(kFileName);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
      return Parse(path.string(), text);
    }
  }
  std::optional<std::string_view> embedded = FindEmbeddedDataFile(kFileName);
  if (!embedded) return NotFound("data file outcome_rules.json is not embedded");
  return Parse("data/outcome_rules.json", *embedded);
}

OutcomeDecision OutcomeRules::Decide(const FailedCall& call) const {
  for (const OutcomeRule& rule : rules_) {
    if (rule.Matches(call)) return {rule.outcome, &rule};
  }
  return {CallOutcome::kError, nullptr};
}

bool OutcomeRules::IsOptInRegion(std::string_view region) const {
  return opt_in_regions_.find(region) != opt_in_regions_.end();
}

bool IsUnresolvedHost(const Status& status) {
  if (status.code() != StatusCode::kUnavailable) return false;
  static const std::string kText =
      std::string(": ") + curl_easy_strerror(CURLE_COULDNT_RESOLVE_HOST);
  return status.message().find(kText) != std::string::npos;
}

}  // namespace awscrape::scrape
