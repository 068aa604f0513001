#include "awscrape/aws/protocol/json_response_parser.h"

#include <cmath>
#include <memory>
#include <string>

namespace awscrape::aws::parsing {
namespace {

using model::Member;
using model::Shape;
using model::ShapeType;

std::string_view JsonName(const Member& m) {
  return m.traits.location_name.empty() ? std::string_view(m.name)
                                        : std::string_view(m.traits.location_name);
}

std::string_view Str(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

Status WrongKind(const Shape& shape, const char* expected) {
  return ParseError("expected " + std::string(expected) + " for " + shape.name);
}

// botocore's tagged-union check: exactly one non-null member (ignoring "__type"); a member this
// model does not know becomes {"SDK_UNKNOWN_MEMBER": {"name": tag}}. Returns true when `out`
// was set that way.
Result<bool> CheckUnion(const Shape& shape, const JsonValue& in, ParseContext& ctx,
                        JsonValue& out) {
  int set = 0;
  std::string_view tag;
  for (auto it = in.MemberBegin(); it != in.MemberEnd(); ++it) {
    if (it->value.IsNull() || Str(it->name) == "__type") continue;
    ++set;
    tag = Str(it->name);
  }
  if (set == 0) return false;
  if (set > 1) return ParseError("invalid response: union " + shape.name + " has several members");
  for (const Member& m : shape.members) {
    if (JsonName(m) == tag) return false;
  }
  out.SetObject();
  JsonValue unknown(rapidjson::kObjectType);
  unknown.AddMember("name", CopyString(tag, ctx.alloc), ctx.alloc);
  out.AddMember("SDK_UNKNOWN_MEMBER", unknown, ctx.alloc);
  return true;
}

Status ParseJsonStructure(const Shape& shape, const JsonValue& in, ParseContext& ctx,
                          JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  if (shape.is_document) return CopyJson(in, ctx, out);
  if (in.IsNull()) {
    out.SetNull();
    return Status::Ok();
  }
  if (!in.IsObject()) return WrongKind(shape, "an object");
  if (shape.is_union) {
    AWSCRAPE_ASSIGN_OR_RETURN(bool unknown, CheckUnion(shape, in, ctx, out));
    if (unknown) return Status::Ok();
  }
  out.SetObject();
  const size_t count = shape.members.size();
  constexpr size_t kStack = 48;
  const JsonValue* stack_slots[kStack] = {};
  std::unique_ptr<const JsonValue*[]> heap_slots;
  const JsonValue** slots = stack_slots;
  if (count > kStack) {
    heap_slots = std::make_unique<const JsonValue*[]>(count);
    slots = heap_slots.get();
  }
  // Keys usually come in model order: start each search after the previous match.
  size_t hint = 0;
  for (auto it = in.MemberBegin(); it != in.MemberEnd(); ++it) {
    std::string_view key = Str(it->name);
    for (size_t n = 0; n < count; ++n) {
      size_t i = hint + n < count ? hint + n : hint + n - count;
      if (JsonName(shape.members[i]) == key) {
        slots[i] = &it->value;  // a repeated key: the last one wins, as with json.loads
        hint = i;
        break;
      }
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (!slots[i] || slots[i]->IsNull()) continue;
    const Member& m = shape.members[i];
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(
        ParseJsonValue(*m.shape, m.traits, *slots[i], ctx, value).WithContext(m.name));
    out.AddMember(CopyString(m.name, ctx.alloc), value, ctx.alloc);
  }
  return Status::Ok();
}

Status ParseJsonList(const Shape& shape, const JsonValue& in, ParseContext& ctx, JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  if (in.IsNull()) {
    out.SetNull();
    return Status::Ok();
  }
  if (!in.IsArray()) return WrongKind(shape, "an array");
  out.SetArray();
  out.Reserve(in.Size(), ctx.alloc);
  const Member& member = shape.list_member;
  for (const JsonValue& item : in.GetArray()) {
    JsonValue value;
    if (!item.IsNull()) {
      AWSCRAPE_RETURN_IF_ERROR(ParseJsonValue(*member.shape, member.traits, item, ctx, value));
    }
    out.PushBack(value, ctx.alloc);
  }
  return Status::Ok();
}

Status ParseJsonMap(const Shape& shape, const JsonValue& in, ParseContext& ctx, JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  if (in.IsNull()) {
    out.SetNull();
    return Status::Ok();
  }
  if (!in.IsObject()) return WrongKind(shape, "an object");
  out.SetObject();
  const Member& value_member = shape.map_value;
  for (auto it = in.MemberBegin(); it != in.MemberEnd(); ++it) {
    JsonValue value;
    if (!it->value.IsNull()) {
      AWSCRAPE_RETURN_IF_ERROR(
          ParseJsonValue(*value_member.shape, value_member.traits, it->value, ctx, value));
    }
    out.AddMember(JsonValue(it->name, ctx.alloc), value, ctx.alloc);
  }
  return Status::Ok();
}

// RestJSONParser's int(value).
Status RestJsonInteger(const JsonValue& in, JsonValue& out) {
  if (in.IsInt64()) {
    out.SetInt64(in.GetInt64());
    return Status::Ok();
  }
  if (in.IsUint64()) {
    out.SetUint64(in.GetUint64());
    return Status::Ok();
  }
  if (in.IsNumber()) {
    double d = in.GetDouble();
    if (!std::isfinite(d)) return ParseError("integer member is not finite");
    double t = std::trunc(d);
    if (std::fabs(t) < 9.2e18) {
      out.SetInt64(int64_t(t));
    } else {
      out.SetDouble(t);
    }
    return Status::Ok();
  }
  if (in.IsString()) return ParseIntegerText(Str(in), out);
  if (in.IsBool()) {
    out.SetInt(in.GetBool() ? 1 : 0);
    return Status::Ok();
  }
  return ParseError("integer member is not a number");
}

}  // namespace

Status LoadJsonBody(std::string_view body, JsonDocument& doc) {
  if (StripWhitespace(body).empty()) {
    doc.SetObject();
    return Status::Ok();
  }
  return ParseJsonText(body, doc);
}

Status ParseJsonValue(const Shape& shape, const model::Traits& traits, const JsonValue& in,
                      ParseContext& ctx, JsonValue& out) {
  (void)traits;
  switch (shape.type) {
    case ShapeType::kStructure:
      return ParseJsonStructure(shape, in, ctx, out);
    case ShapeType::kList:
      return ParseJsonList(shape, in, ctx, out);
    case ShapeType::kMap:
      return ParseJsonMap(shape, in, ctx, out);
    case ShapeType::kTimestamp:
      if (in.IsNumber()) {
        ParseTimestampEpoch(in.GetDouble(), ctx, out);
        return Status::Ok();
      }
      if (in.IsString()) {
        ParseTimestampText(Str(in), ctx, out);
        return Status::Ok();
      }
      break;
    case ShapeType::kBlob:
      if (in.IsString()) return ParseBase64Blob(Str(in), ctx, out);
      break;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (ctx.protocol == Protocol::kRestJson) return RestJsonInteger(in, out);
      break;
    case ShapeType::kBoolean:
      if (ctx.protocol == Protocol::kRestJson && in.IsString()) {
        // rest-json's ensure_boolean.
        std::string_view s = Str(in);
        out.SetBool(s.size() == 4 && (s[0] == 't' || s[0] == 'T') && (s[1] == 'r' || s[1] == 'R') &&
                    (s[2] == 'u' || s[2] == 'U') && (s[3] == 'e' || s[3] == 'E'));
        return Status::Ok();
      }
      break;
    default:
      break;
  }
  // botocore's default handler: the value as received.
  return CopyJson(in, ctx, out);
}

}  // namespace awscrape::aws::parsing
