#include "awscrape/scrape/paginator_info.h"

namespace awscrape::scrape {
namespace {

// A paginator field is a string or a list of strings.
Result<std::vector<std::string>> StringOrList(const JsonValue& entry, std::string_view key,
                                              std::string_view operation) {
  std::vector<std::string> out;
  const JsonValue* value = FindMember(entry, key);
  if (value == nullptr) return out;
  if (value->IsString()) {
    out.emplace_back(value->GetString(), value->GetStringLength());
    return out;
  }
  if (value->IsArray()) {
    for (const JsonValue& element : value->GetArray()) {
      if (!element.IsString()) break;
      out.emplace_back(element.GetString(), element.GetStringLength());
    }
    if (out.size() == value->Size()) return out;
  }
  return ParseError("paginator of " + std::string(operation) + ": \"" + std::string(key) +
                    "\" must be a string or a list of strings");
}

void AddList(JsonValue& out, std::string_view key, const std::vector<std::string>& values,
             JsonAllocator& alloc) {
  JsonValue list(rapidjson::kArrayType);
  for (const std::string& value : values) list.PushBack(MakeString(value, alloc), alloc);
  out.AddMember(MakeString(key, alloc), list, alloc);
}

}  // namespace

Result<std::optional<PaginatorInfo>> FindPaginator(const JsonValue& pagination,
                                                   std::string_view operation) {
  const JsonValue* entry = FindMember(pagination, operation);
  if (entry == nullptr) return std::optional<PaginatorInfo>();
  if (!entry->IsObject()) {
    return ParseError("paginator of " + std::string(operation) + " is not an object");
  }
  PaginatorInfo info;
  AWSCRAPE_ASSIGN_OR_RETURN(info.input_token, StringOrList(*entry, "input_token", operation));
  AWSCRAPE_ASSIGN_OR_RETURN(info.output_token, StringOrList(*entry, "output_token", operation));
  AWSCRAPE_ASSIGN_OR_RETURN(info.result_key, StringOrList(*entry, "result_key", operation));
  AWSCRAPE_ASSIGN_OR_RETURN(info.non_aggregate_keys,
                            StringOrList(*entry, "non_aggregate_keys", operation));
  info.limit_key = std::string(GetString(*entry, "limit_key"));
  info.more_results = std::string(GetString(*entry, "more_results"));
  if (info.input_token.empty() || info.input_token.size() != info.output_token.size()) {
    return ParseError("paginator of " + std::string(operation) +
                      ": input_token and output_token must be non-empty and of equal length");
  }
  return std::optional<PaginatorInfo>(std::move(info));
}

void PaginatorToJson(const PaginatorInfo& info, JsonValue& out, JsonAllocator& alloc) {
  out.SetObject();
  AddList(out, "input_token", info.input_token, alloc);
  AddList(out, "output_token", info.output_token, alloc);
  if (!info.limit_key.empty()) {
    out.AddMember("limit_key", MakeString(info.limit_key, alloc), alloc);
  }
  AddList(out, "result_key", info.result_key, alloc);
  if (!info.more_results.empty()) {
    out.AddMember("more_results", MakeString(info.more_results, alloc), alloc);
  }
  if (!info.non_aggregate_keys.empty()) {
    AddList(out, "non_aggregate_keys", info.non_aggregate_keys, alloc);
  }
}

}  // namespace awscrape::scrape
