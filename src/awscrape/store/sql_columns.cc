#include "awscrape/store/sql_columns.h"

#include "awscrape/core/json.h"

namespace awscrape::store {

std::string EncodeStrings(const std::vector<std::string>& values) {
  JsonDocument doc(rapidjson::kArrayType);
  for (const auto& v : values) doc.PushBack(MakeString(v, doc.GetAllocator()), doc.GetAllocator());
  return ToJson(doc);
}

std::vector<std::string> DecodeStrings(std::string_view text) {
  std::vector<std::string> out;
  auto doc = ParseJson(text);
  if (!doc.ok() || !doc->IsArray()) return out;
  for (const auto& v : doc->GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

}  // namespace awscrape::store
