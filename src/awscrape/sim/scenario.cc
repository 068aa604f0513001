#include "awscrape/sim/scenario.h"

#include <set>

#include "awscrape/core/json.h"

namespace awscrape::sim {
namespace {

Status CheckKeys(const JsonValue& object, const std::set<std::string_view>& allowed,
                 std::string_view where) {
  for (const auto& m : object.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    if (!allowed.count(key)) {
      return InvalidArgument("scenario: unknown key '" + std::string(key) + "' in " +
                             std::string(where));
    }
  }
  return Status::Ok();
}

Status ReadStrings(const JsonValue& value, std::string_view key, std::vector<std::string>& out) {
  if (!value.IsArray())
    return InvalidArgument("scenario: '" + std::string(key) + "' must be a list");
  out.clear();
  for (const auto& v : value.GetArray()) {
    if (!v.IsString()) {
      return InvalidArgument("scenario: '" + std::string(key) + "' must hold strings");
    }
    out.emplace_back(v.GetString());
  }
  return Status::Ok();
}

Status ReadNumber(const JsonValue& object, std::string_view key, double& out) {
  if (const JsonValue* v = FindMember(object, key)) {
    if (!v->IsNumber())
      return InvalidArgument("scenario: '" + std::string(key) + "' must be a number");
    out = v->GetDouble();
  }
  return Status::Ok();
}

Status ReadInt(const JsonValue& object, std::string_view key, int& out) {
  double d = out;
  AWSCRAPE_RETURN_IF_ERROR(ReadNumber(object, key, d));
  out = static_cast<int>(d);
  return Status::Ok();
}

Status ReadString(const JsonValue& object, std::string_view key, std::string& out) {
  if (const JsonValue* v = FindMember(object, key)) {
    if (!v->IsString())
      return InvalidArgument("scenario: '" + std::string(key) + "' must be a string");
    out = v->GetString();
  }
  return Status::Ok();
}

}  // namespace

Status ApplyScenario(std::string_view json, SimOptions& options) {
  auto parsed = ParseJson(json);
  if (!parsed.ok()) return parsed.status().WithContext("scenario");
  const JsonValue& root = *parsed;
  if (!root.IsObject()) return InvalidArgument("scenario: the document must be an object");
  AWSCRAPE_RETURN_IF_ERROR(CheckKeys(
      root,
      {"seed", "size", "account_id", "access_key_id", "secret_access_key", "verify_signatures",
       "latency_ms", "jitter_ms", "page_size", "throttle", "access_denied",
       "enabled_opt_in_regions", "faults", "pinned", "changes", "comment"},
      "the scenario"));
  if (const JsonValue* seed = FindMember(root, "seed")) {
    if (!seed->IsUint64())
      return InvalidArgument("scenario: 'seed' must be a non-negative integer");
    options.seed = seed->GetUint64();
  }
  std::string size;
  AWSCRAPE_RETURN_IF_ERROR(ReadString(root, "size", size));
  if (!size.empty() && !ParseAccountSize(size, options.size)) {
    return InvalidArgument("scenario: 'size' must be small, medium or large");
  }
  AWSCRAPE_RETURN_IF_ERROR(ReadString(root, "account_id", options.account_id));
  AWSCRAPE_RETURN_IF_ERROR(ReadString(root, "access_key_id", options.access_key_id));
  AWSCRAPE_RETURN_IF_ERROR(ReadString(root, "secret_access_key", options.secret_access_key));
  if (const JsonValue* v = FindMember(root, "verify_signatures")) {
    if (!v->IsBool()) return InvalidArgument("scenario: 'verify_signatures' must be a boolean");
    options.verify_signatures = v->GetBool();
  }
  AWSCRAPE_RETURN_IF_ERROR(ReadInt(root, "latency_ms", options.latency_ms));
  AWSCRAPE_RETURN_IF_ERROR(ReadInt(root, "jitter_ms", options.jitter_ms));
  AWSCRAPE_RETURN_IF_ERROR(ReadInt(root, "page_size", options.default_page_size));
  if (const JsonValue* v = FindMember(root, "access_denied")) {
    AWSCRAPE_RETURN_IF_ERROR(ReadStrings(*v, "access_denied", options.access_denied));
  }
  if (const JsonValue* v = FindMember(root, "enabled_opt_in_regions")) {
    AWSCRAPE_RETURN_IF_ERROR(
        ReadStrings(*v, "enabled_opt_in_regions", options.enabled_opt_in_regions));
  }
  if (const JsonValue* list = FindMember(root, "throttle")) {
    if (!list->IsArray()) return InvalidArgument("scenario: 'throttle' must be a list");
    for (const auto& r : list->GetArray()) {
      if (!r.IsObject()) return InvalidArgument("scenario: throttle rules must be objects");
      AWSCRAPE_RETURN_IF_ERROR(
          CheckKeys(r, {"match", "region", "rate", "burst"}, "a throttle rule"));
      ThrottleRule rule;
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "match", rule.match));
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "region", rule.region));
      AWSCRAPE_RETURN_IF_ERROR(ReadNumber(r, "rate", rule.rate));
      AWSCRAPE_RETURN_IF_ERROR(ReadNumber(r, "burst", rule.burst));
      if (rule.rate < 0 || rule.burst < 1) {
        return InvalidArgument("scenario: throttle rate must be >= 0 and burst >= 1");
      }
      options.throttles.push_back(rule);
    }
  }
  if (const JsonValue* list = FindMember(root, "faults")) {
    if (!list->IsArray()) return InvalidArgument("scenario: 'faults' must be a list");
    for (const auto& r : list->GetArray()) {
      if (!r.IsObject()) return InvalidArgument("scenario: fault rules must be objects");
      AWSCRAPE_RETURN_IF_ERROR(
          CheckKeys(r, {"kind", "match", "region", "rate", "burst"}, "a fault rule"));
      FaultRule rule;
      std::string kind = "server_error";
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "kind", kind));
      if (!ParseFaultKind(kind, rule.kind)) {
        return InvalidArgument("scenario: fault kind '" + kind +
                               "' is not server_error, malformed, truncated or hang");
      }
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "match", rule.match));
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "region", rule.region));
      AWSCRAPE_RETURN_IF_ERROR(ReadNumber(r, "rate", rule.rate));
      AWSCRAPE_RETURN_IF_ERROR(ReadInt(r, "burst", rule.burst));
      if (rule.rate < 0 || rule.rate > 1)
        return InvalidArgument("scenario: fault rate must be in [0, 1]");
      options.faults.push_back(rule);
    }
  }
  if (const JsonValue* list = FindMember(root, "pinned")) {
    if (!list->IsArray()) return InvalidArgument("scenario: 'pinned' must be a list");
    for (const auto& r : list->GetArray()) {
      if (!r.IsObject()) return InvalidArgument("scenario: pinned resources must be objects");
      AWSCRAPE_RETURN_IF_ERROR(
          CheckKeys(r, {"service", "operation", "regions", "item"}, "a pinned resource"));
      PinnedResource pinned;
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "service", pinned.service));
      AWSCRAPE_RETURN_IF_ERROR(ReadString(r, "operation", pinned.operation));
      if (const JsonValue* regions = FindMember(r, "regions")) {
        AWSCRAPE_RETURN_IF_ERROR(ReadStrings(*regions, "regions", pinned.regions));
      }
      const JsonValue* item = FindMember(r, "item");
      if (pinned.service.empty() || pinned.operation.empty() || !item || !item->IsObject()) {
        return InvalidArgument("scenario: a pinned resource needs service, operation and item");
      }
      pinned.item_json = ToJson(*item);
      options.pinned.push_back(std::move(pinned));
    }
  }
  if (const JsonValue* changes = FindMember(root, "changes")) {
    if (!changes->IsObject()) return InvalidArgument("scenario: 'changes' must be an object");
    AWSCRAPE_RETURN_IF_ERROR(
        CheckKeys(*changes, {"generation", "added_percent", "removed_percent", "modified_percent"},
                  "changes"));
    AWSCRAPE_RETURN_IF_ERROR(ReadInt(*changes, "generation", options.changes.generation));
    AWSCRAPE_RETURN_IF_ERROR(ReadInt(*changes, "added_percent", options.changes.added_percent));
    AWSCRAPE_RETURN_IF_ERROR(ReadInt(*changes, "removed_percent", options.changes.removed_percent));
    AWSCRAPE_RETURN_IF_ERROR(
        ReadInt(*changes, "modified_percent", options.changes.modified_percent));
  }
  return Status::Ok();
}

}  // namespace awscrape::sim
