#include "awscrape/sim/value_generator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "awscrape/core/time.h"
#include "awscrape/sim/sim_hash.h"

namespace awscrape::sim {
namespace {

using aws::model::Member;
using aws::model::Shape;
using aws::model::ShapeType;

// Beyond this depth structures keep only scalar members (shapes can be recursive).
constexpr int kMaxDepth = 6;

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "RouteTableId" → "route-table"; "DBInstance" → "db-instance".
std::string Kebab(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool upper = std::isupper(static_cast<unsigned char>(c));
    bool next_lower = i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]));
    bool prev_lower = i > 0 && std::islower(static_cast<unsigned char>(s[i - 1]));
    if (upper && i > 0 && (prev_lower || next_lower) && !out.empty() && out.back() != '-') {
      out += '-';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.empty() ? "resource" : out;
}

std::string FirstWord(std::string_view s) {
  std::string kebab = Kebab(s);
  return kebab.substr(0, kebab.find('-'));
}

// The singular of a list member's name, for its items: "SecurityGroupIds" → "SecurityGroupId".
std::string_view Singular(std::string_view name) {
  if (EndsWith(name, "ies") || EndsWith(name, "ses")) return name;
  if (EndsWith(name, "s") && name.size() > 1) return name.substr(0, name.size() - 1);
  return name;
}

std::string Uuid(uint64_t h) {
  std::string hex = HexDigits(h, 32);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

std::string FriendlyName(uint64_t h) {
  static constexpr std::array<std::string_view, 12> kFirst = {"prod",   "dev",  "staging", "shared",
                                                              "legacy", "blue", "green",   "test",
                                                              "ops",    "data", "edge",    "core"};
  static constexpr std::array<std::string_view, 12> kSecond = {
      "web",  "api",     "worker", "batch",   "etl",    "cache",
      "auth", "billing", "search", "reports", "ingest", "frontend"};
  return std::string(kFirst[h % kFirst.size()]) + '-' +
         std::string(kSecond[(h >> 8) % kSecond.size()]) + '-' + std::to_string((h >> 16) % 100);
}

bool IsScalar(const Shape& shape) {
  return shape.type != ShapeType::kStructure && shape.type != ShapeType::kList &&
         shape.type != ShapeType::kMap;
}

int64_t Bounded(const Shape& shape, uint64_t h, int64_t default_lo, int64_t default_span) {
  // Models use bounds up to 2^63 - 1: clamp before converting so the cast stays defined.
  auto clamp = [](double d) { return static_cast<int64_t>(std::clamp(d, -1e15, 1e15)); };
  int64_t lo = shape.min ? clamp(*shape.min) : default_lo;
  int64_t hi = shape.max ? clamp(*shape.max) : lo + default_span;
  if (hi < lo) std::swap(hi, lo);
  if (hi - lo > default_span) hi = lo + default_span;
  return lo + static_cast<int64_t>(h % static_cast<uint64_t>(hi - lo + 1));
}

}  // namespace

size_t ListTotal(const GeneratorContext& context, std::string_view operation, uint64_t list_hash) {
  uint64_t h = Derive(list_hash, 0x1157);
  bool empty = h % 10 < 3;  // about a third of lists are empty in a real account
  switch (context.size) {
    case AccountSize::kSmall:
      return empty ? 0 : 1 + (h >> 8) % 3;
    case AccountSize::kMedium:
      return empty ? 0 : 1 + (h >> 8) % 30;
    case AccountSize::kLarge:
      if (context.rules && context.rules->IsBigList(context.service, operation)) {
        return 1000 + (h >> 8) % 4001;
      }
      return empty ? 0 : 1 + (h >> 8) % 100;
  }
  return 0;
}

std::vector<PlannedItem> PlanItems(size_t total, const ChangeSpec& changes, uint64_t list_hash,
                                   size_t stable_prefix) {
  std::vector<PlannedItem> items;
  items.reserve(total);
  const int g = std::max(0, changes.generation);
  for (size_t i = 0; i < total; ++i) {
    uint64_t key = i;
    if (g > 0 && i >= stable_prefix) {
      uint64_t h = Derive(list_hash, i);
      if (static_cast<int>(h % 100) < changes.removed_percent) continue;
      if (static_cast<int>((h >> 8) % 100) < changes.modified_percent) {
        key |= static_cast<uint64_t>(g) << 40;  // same position, new data
      }
    }
    items.push_back({key});
  }
  if (g > 0 && total > 0) {
    size_t added = (total * static_cast<size_t>(changes.added_percent) + 99) / 100;
    for (size_t i = 0; i < added * static_cast<size_t>(g); ++i) {
      items.push_back({static_cast<uint64_t>(total + i)});
    }
  }
  return items;
}

void ValueGenerator::GenerateOutput(const Shape& output, uint64_t seed, const ListPlans& plans,
                                    size_t unplanned_top_level, JsonValue& out) {
  std::string path;
  Structure(output, seed, 0, &path, &plans, unplanned_top_level, out);
}

void ValueGenerator::Structure(const Shape& shape, uint64_t hash, int depth,
                               const std::string* path, const ListPlans* plans, size_t unplanned,
                               JsonValue& out) {
  out.SetObject();
  if (shape.is_document) {
    out.AddMember("simulated", true, alloc_);
    out.AddMember("index", static_cast<uint64_t>(hash % 1000), alloc_);
    return;
  }
  if (shape.is_union && !shape.members.empty()) {
    // A union holds exactly one member: the first scalar one when there is one, for shallowness.
    const Member* chosen = &shape.members[hash % shape.members.size()];
    for (const Member& m : shape.members) {
      if (IsScalar(*m.shape)) {
        chosen = &m;
        break;
      }
    }
    JsonValue value;
    GenerateValue(*chosen->shape, chosen->name, Derive(hash, 1), depth + 1, value);
    out.AddMember(MakeString(chosen->name, alloc_), value, alloc_);
    return;
  }
  for (size_t i = 0; i < shape.members.size(); ++i) {
    const Member& member = shape.members[i];
    current_struct_ = shape.name;
    const Shape& target = *member.shape;
    if (target.is_event_stream || member.traits.event_stream) continue;
    if (member.traits.location == aws::model::Location::kStatusCode) continue;
    uint64_t h = Hasher(hash).Add(member.name).Value();
    bool scalar = IsScalar(target);
    if (depth >= kMaxDepth && !scalar) continue;
    // Optional members thin out with depth, as real resources leave most nested fields unset.
    const bool thin = !member.required && shape.members.size() > 4;
    if (depth >= 3 && thin && h % 4 == 0) continue;
    if (depth >= 5 && thin && h % 2 == 0) continue;

    JsonValue value;
    std::string member_path;
    if (path) member_path = path->empty() ? member.name : *path + '.' + member.name;
    const std::vector<PlannedItem>* planned = nullptr;
    if (plans && path) {
      if (auto it = plans->find(member_path); it != plans->end()) planned = &it->second;
    }
    if (target.type == ShapeType::kList && planned) {
      value.SetArray();
      value.Reserve(static_cast<rapidjson::SizeType>(planned->size()), alloc_);
      const Member& item = target.list_member;
      uint64_t list_hash = Hasher(hash).Add(member.name).Add("items").Value();
      for (const PlannedItem& p : *planned) {
        JsonValue v;
        GenerateValue(*item.shape, Singular(member.name), Hasher(list_hash).Add(p.key).Value(),
                      depth + 1, v);
        if (p.overlay) MergeOverlay(v, *p.overlay);
        value.PushBack(v, alloc_);
      }
    } else if (target.type == ShapeType::kList && depth == 0) {
      List(target, member.name, h, depth, h % (unplanned + 1), value);
    } else if (target.type == ShapeType::kStructure && path && depth < 2 && plans &&
               !plans->empty()) {
      // Keep following the path: result keys like "DistributionList.Items" live one level down.
      Structure(target, h, depth + 1, &member_path, plans, unplanned, value);
    } else {
      GenerateValue(target, member.name, h, depth + 1, value);
    }
    out.AddMember(MakeString(member.name, alloc_), value, alloc_);
  }
}

void ValueGenerator::List(const Shape& shape, std::string_view name, uint64_t hash, int depth,
                          size_t count, JsonValue& out) {
  out.SetArray();
  const Shape& item = *shape.list_member.shape;
  if (item.type == ShapeType::kStructure && depth >= kMaxDepth) count = 0;
  std::string_view singular = Singular(name);
  for (size_t i = 0; i < count; ++i) {
    JsonValue v;
    GenerateValue(item, singular, Derive(hash, i + 1), depth + 1, v);
    out.PushBack(v, alloc_);
  }
}

void ValueGenerator::GenerateValue(const Shape& shape, std::string_view name, uint64_t hash,
                                   int depth, JsonValue& out) {
  switch (shape.type) {
    case ShapeType::kStructure:
      Structure(shape, hash, depth, nullptr, nullptr, 0, out);
      return;
    case ShapeType::kList: {
      // Nested lists: a few items, more near the top so resources look populated.
      size_t count = depth <= 2 ? 1 + hash % 3 : hash % 3;
      if (shape.min && *shape.min <= 5 && count < static_cast<size_t>(*shape.min))
        count = static_cast<size_t>(*shape.min);
      List(shape, name, hash, depth, std::min<size_t>(count, 5), out);
      return;
    }
    case ShapeType::kMap: {
      out.SetObject();
      size_t count = depth >= kMaxDepth ? 0 : hash % 3;
      const Shape& key_shape = *shape.map_key.shape;
      for (size_t i = 0; i < count; ++i) {
        std::string key;
        if (!key_shape.enum_values.empty()) {
          key = key_shape.enum_values[(hash + i) % key_shape.enum_values.size()];
        } else {
          key = (name.find("Tag") != std::string_view::npos ? "team-" : "key-") + std::to_string(i);
        }
        if (out.HasMember(AsRef(key))) continue;
        JsonValue v;
        GenerateValue(*shape.map_value.shape, "Value", Derive(hash, i + 7), depth + 1, v);
        out.AddMember(MakeString(key, alloc_), v, alloc_);
      }
      return;
    }
    case ShapeType::kString: {
      std::string s = String(shape, name, hash);
      out = MakeString(s, alloc_);
      return;
    }
    case ShapeType::kBoolean: {
      // Default resources are flagged by rules; generated ones are never the default.
      bool is_default_flag = name.starts_with("IsDefault") || name.starts_with("Default");
      out.SetBool(!is_default_flag && (hash & 1));
      return;
    }
    case ShapeType::kInteger:
    case ShapeType::kLong:
    case ShapeType::kBigInteger:
      out.SetInt64(Bounded(shape, hash, 0, 1000));
      return;
    case ShapeType::kShort:
    case ShapeType::kByte:
      out.SetInt64(Bounded(shape, hash, 0, 100));
      return;
    case ShapeType::kFloat:
    case ShapeType::kDouble:
    case ShapeType::kBigDecimal: {
      // Quarters are exact in binary and print the same in every language.
      double v = static_cast<double>(hash % 4000) / 4.0;
      if (shape.min && v < *shape.min) v = *shape.min;
      if (shape.max && v > *shape.max) v = *shape.max;
      out.SetDouble(v);
      return;
    }
    case ShapeType::kTimestamp: {
      int64_t seconds = kSimEpoch + static_cast<int64_t>(hash % (500 * 86400));
      // A quarter carry milliseconds, as many AWS timestamps do.
      if ((hash >> 40) % 4 == 0) {
        out.SetDouble(static_cast<double>(seconds) +
                      static_cast<double>((hash >> 20) % 1000) / 1000);
      } else {
        out.SetInt64(seconds);
      }
      return;
    }
    case ShapeType::kBlob: {
      std::string bytes = "sim-blob-" + HexDigits(hash, 8);
      out = MakeString(bytes, alloc_);
      return;
    }
  }
}

std::string ValueGenerator::Arn(std::string_view name, uint64_t hash) {
  std::string_view base = name;
  if (EndsWith(base, "Arns"))
    base.remove_suffix(4);
  else if (EndsWith(base, "Arn") || EndsWith(base, "ARN"))
    base.remove_suffix(3);
  // A bare "Arn" names the structure it sits in: Role.Arn → "role/...".
  std::string type = !base.empty()              ? Kebab(base)
                     : !current_struct_.empty() ? Kebab(current_struct_)
                                                : std::string("resource");
  std::string region = ctx_.global ? "" : std::string(ctx_.region);
  return "arn:" + std::string(ctx_.partition) + ':' + std::string(ctx_.arn_service) + ':' + region +
         ':' + std::string(ctx_.account_id) + ':' + type + '/' + FriendlyName(hash);
}

std::string ValueGenerator::String(const Shape& shape, std::string_view name, uint64_t hash) {
  std::string s;
  std::string lname = Lower(name);
  if (!shape.enum_values.empty()) {
    s = shape.enum_values[hash % shape.enum_values.size()];
  } else if (EndsWith(name, "Arn") || EndsWith(name, "ARN") || EndsWith(name, "Arns")) {
    s = Arn(name, hash);
  } else if (name == "AccountId" || EndsWith(name, "OwnerId") || name == "Account" ||
             EndsWith(name, "AccountId")) {
    s = std::string(ctx_.account_id);
  } else if (std::string_view prefix = ctx_.rules ? ctx_.rules->IdPrefix(name) : "";
             !prefix.empty()) {
    s = std::string(prefix) + HexDigits(hash, 17);
  } else if (EndsWith(name, "Id") || EndsWith(name, "ID") || EndsWith(name, "Ids") ||
             EndsWith(name, "Identifier")) {
    s = ctx_.service == "ec2" ? FirstWord(name) + '-' + HexDigits(hash, 17) : Uuid(hash);
  } else if (name == "Region" || EndsWith(name, "Region") || name == "RegionName") {
    s = std::string(ctx_.region);
  } else if (Contains(name, "AvailabilityZone") && !Contains(name, "Id")) {
    s = std::string(ctx_.region) + static_cast<char>('a' + hash % 3);
  } else if (Contains(lname, "cidr")) {
    s = "10." + std::to_string(hash % 256) + '.' + std::to_string((hash >> 8) % 256) + ".0/24";
  } else if (Contains(lname, "email")) {
    s = "user" + std::to_string(hash % 1000) + "@example.com";
  } else if (Contains(lname, "macaddress")) {
    std::string hex = HexDigits(hash, 10);
    s = "0e";
    for (int i = 0; i < 5; ++i) s += ':' + hex.substr(static_cast<size_t>(i) * 2, 2);
  } else if (EndsWith(name, "Ip") || EndsWith(name, "IpAddress") || EndsWith(name, "Address") ||
             EndsWith(name, "Ips")) {
    s = "10.0." + std::to_string(hash % 256) + '.' + std::to_string(1 + (hash >> 8) % 254);
  } else if (Contains(lname, "url") || Contains(lname, "uri") || Contains(lname, "endpoint")) {
    s = "https://" + std::string(ctx_.arn_service) + '.' + std::string(ctx_.region) +
        ".amazonaws.com/" + HexDigits(hash, 8);
  } else if (Contains(lname, "dnsname") || Contains(lname, "domain") || Contains(lname, "host")) {
    s = FriendlyName(hash) + '.' + std::string(ctx_.region) + ".example.com";
  } else if (EndsWith(name, "Name") || name == "Name" || EndsWith(name, "Names") || name == "Key" ||
             EndsWith(name, "Alias")) {
    s = FriendlyName(hash);
  } else if (Contains(lname, "description") || Contains(lname, "message") ||
             Contains(lname, "reason") || Contains(lname, "comment")) {
    s = "Simulated " + Kebab(name) + ' ' + std::to_string(hash % 1000);
  } else if (Contains(lname, "version")) {
    s = "1." + std::to_string(hash % 20);
  } else if (Contains(lname, "date") || Contains(lname, "time")) {
    s = FormatIso8601(Timestamp{kSimEpoch + static_cast<int64_t>(hash % (500 * 86400)), 0}, false);
  } else if (lname == "status" || lname == "state" || EndsWith(name, "Status") ||
             EndsWith(name, "State")) {
    s = "available";
  } else if (lname == "path") {
    s = "/";
  } else if (Contains(lname, "policy") || Contains(lname, "document")) {
    s = R"({"Version":"2012-10-17","Statement":[]})";
  } else {
    std::string word = FirstWord(name.empty() ? "value" : name);
    s = word.substr(0, 12) + '-' + HexDigits(hash, 8);
  }
  // Keep to the model's length bounds.
  if (shape.min && *shape.min <= 256 && s.size() < static_cast<size_t>(*shape.min)) {
    s.append(static_cast<size_t>(*shape.min) - s.size(), 'x');
  }
  if (shape.max && *shape.max >= 1 && s.size() > static_cast<size_t>(*shape.max)) {
    s.resize(static_cast<size_t>(*shape.max));
  }
  return s;
}

void ValueGenerator::MergeOverlay(JsonValue& target, const JsonValue& overlay) {
  if (overlay.IsObject()) {
    if (!target.IsObject()) target.SetObject();
    for (const auto& m : overlay.GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      auto it = target.FindMember(m.name);
      if (it == target.MemberEnd()) {
        JsonValue fresh;
        MergeOverlay(fresh, m.value);
        target.AddMember(MakeString(key, alloc_), fresh, alloc_);
      } else {
        MergeOverlay(it->value, m.value);
      }
    }
  } else if (overlay.IsArray()) {
    if (!target.IsArray()) target.SetArray();
    rapidjson::SizeType i = 0;
    for (const auto& element : overlay.GetArray()) {
      if (i < target.Size()) {
        MergeOverlay(target[i], element);
      } else {
        JsonValue fresh;
        MergeOverlay(fresh, element);
        target.PushBack(fresh, alloc_);
      }
      ++i;
    }
  } else if (overlay.IsString()) {
    std::string text =
        ExpandPlaceholders(std::string_view(overlay.GetString(), overlay.GetStringLength()),
                           ctx_.seed, ctx_.account_id, ctx_.region, ctx_.partition);
    target = MakeString(text, alloc_);
  } else {
    target.CopyFrom(overlay, alloc_);
  }
}

}  // namespace awscrape::sim
