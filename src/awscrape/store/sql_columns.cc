#include "awscrape/store/sql_columns.h"

#include <algorithm>
#include <tuple>

#include "awscrape/core/json.h"

namespace awscrape::store {

std::vector<const CallOutcome*> LatestOutcomePerCall(std::span<const CallOutcome> outcomes) {
  std::vector<const CallOutcome*> rows;
  rows.reserve(outcomes.size());
  for (const CallOutcome& o : outcomes) rows.push_back(&o);
  auto key = [](const CallOutcome* o) {
    return std::make_tuple(std::string_view(o->scrape_id), std::string_view(o->service),
                           o->region ? std::string_view(*o->region) : std::string_view(),
                           std::string_view(o->operation));
  };
  // Stable: among outcomes with one key, the caller's order stays, and the last is kept.
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const CallOutcome* a, const CallOutcome* b) { return key(a) < key(b); });
  auto last_of_each =
      std::unique(rows.rbegin(), rows.rend(),
                  [&](const CallOutcome* a, const CallOutcome* b) { return key(a) == key(b); });
  rows.erase(rows.begin(), last_of_each.base());
  return rows;
}

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
