#include "awscrape/sim/pagination.h"

#include <cstdlib>

#include "awscrape/core/encoding.h"
#include "awscrape/sim/sim_hash.h"

namespace awscrape::sim {
namespace {

std::vector<std::string> StringOrList(const JsonValue* value) {
  std::vector<std::string> out;
  if (!value) return out;
  if (value->IsString()) out.emplace_back(value->GetString());
  if (value->IsArray()) {
    for (const auto& v : value->GetArray()) {
      if (v.IsString()) out.emplace_back(v.GetString());
    }
  }
  return out;
}

// "NextMarker || Contents[-1].Key" → "NextMarker".
std::string FirstAlternative(std::string_view expression) {
  std::string_view first = expression.substr(0, expression.find("||"));
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  return std::string(first);
}

std::string TokenCheck(uint64_t binding, uint64_t offset) {
  return HexDigits(Hasher(binding).Add(offset).Add("page-token").Value(), 12);
}

}  // namespace

std::optional<Paginator> FindPaginator(const aws::model::ServiceEntry& service,
                                       std::string_view operation) {
  const JsonValue* config = FindMember(service.paginators, operation);
  if (!config || !config->IsObject()) return std::nullopt;
  Paginator p;
  p.input_tokens = StringOrList(FindMember(*config, "input_token"));
  for (const std::string& token : StringOrList(FindMember(*config, "output_token"))) {
    p.output_tokens.push_back(FirstAlternative(token));
  }
  p.limit_key = GetString(*config, "limit_key");
  p.result_keys = StringOrList(FindMember(*config, "result_key"));
  p.more_results = GetString(*config, "more_results");
  if (p.input_tokens.empty() || p.output_tokens.empty()) return std::nullopt;
  return p;
}

std::string EncodePageToken(uint64_t binding, uint64_t offset) {
  return Base64Encode("sim1|" + std::to_string(offset) + '|' + TokenCheck(binding, offset));
}

std::optional<uint64_t> DecodePageToken(std::string_view token, uint64_t binding) {
  auto raw = Base64Decode(token);
  if (!raw || !raw->starts_with("sim1|")) return std::nullopt;
  std::string_view rest = std::string_view(*raw).substr(5);
  size_t bar = rest.find('|');
  if (bar == std::string_view::npos || bar == 0 || bar > 12) return std::nullopt;
  uint64_t offset = 0;
  for (char c : rest.substr(0, bar)) {
    if (c < '0' || c > '9') return std::nullopt;
    offset = offset * 10 + static_cast<uint64_t>(c - '0');
  }
  if (rest.substr(bar + 1) != TokenCheck(binding, offset)) return std::nullopt;
  return offset;
}

const aws::model::Shape* ShapeAtPath(const aws::model::Shape& root, std::string_view path) {
  const aws::model::Shape* shape = &root;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view name = path.substr(0, dot);
    const aws::model::Member* member = shape->FindMember(name);
    if (!member) return nullptr;
    shape = member->shape;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return shape;
}

// A member look-up by a length-delimited name (the char* overload would call strlen()).
JsonValue::MemberIterator FindIn(JsonValue& object, std::string_view name) {
  JsonValue key(rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  return object.FindMember(key);
}

void SetAtPath(JsonValue& root, std::string_view path, JsonValue value, JsonAllocator& alloc) {
  JsonValue* node = &root;
  while (true) {
    if (!node->IsObject()) node->SetObject();
    size_t dot = path.find('.');
    std::string_view name = path.substr(0, dot);
    auto it = FindIn(*node, name);
    if (dot == std::string_view::npos) {
      if (it != node->MemberEnd()) {
        it->value = value;
      } else {
        node->AddMember(MakeString(name, alloc), value, alloc);
      }
      return;
    }
    if (it == node->MemberEnd()) {
      node->AddMember(MakeString(name, alloc), JsonValue(rapidjson::kObjectType), alloc);
      it = FindIn(*node, name);
    }
    node = &it->value;
    path = path.substr(dot + 1);
  }
}

}  // namespace awscrape::sim
