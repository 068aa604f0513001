#include "awscrape/sim/pagination.h"

#include <algorithm>
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

TokenLength TokenLength::Of(const aws::model::Shape* token_shape) {
  TokenLength length;
  if (!token_shape) return length;
  if (token_shape->min && *token_shape->min > 0)
    length.min = static_cast<size_t>(*token_shape->min);
  // A max below the min (proton's "max": 0) is a model slip, not a constraint.
  if (token_shape->max && *token_shape->max >= std::max<double>(1, length.min)) {
    length.max = static_cast<size_t>(*token_shape->max);
  }
  return length;
}

std::string EncodePageToken(uint64_t binding, uint64_t offset, TokenLength length) {
  // "sim1|<offset>|<check>", then "|" and filler up to the length the model asks for. Base64
  // turns every 3 bytes (or fewer, at the end) into 4 characters: a raw size of 3k-2 bytes
  // encodes to 4k, so a target that is a multiple of 4 is met exactly, any other one just over.
  std::string raw = "sim1|" + std::to_string(offset) + '|' + TokenCheck(binding, offset);
  size_t target = length.min;
  if (length.max) target = std::min(target, *length.max);
  const size_t needed = target == 0 ? 0 : 3 * ((target + 3) / 4) - 2;
  if (needed > raw.size()) {
    raw += '|';
    raw.append(needed - raw.size(), 'p');
  }
  return Base64Encode(raw);
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
  std::string_view check = rest.substr(bar + 1);
  const std::string expected = TokenCheck(binding, offset);
  // The filler after the check carries nothing.
  if (check.size() > expected.size() && check[expected.size()] == '|') {
    check = check.substr(0, expected.size());
  }
  if (check != expected) return std::nullopt;
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
