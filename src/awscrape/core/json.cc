#include "awscrape/core/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstring>

namespace awscrape {

Status ParseJsonInto(std::string_view text, JsonDocument& doc) {
  // kParseNanAndInfFlag: AWS bodies and protocol vectors may carry NaN/Infinity literals.
  doc.Parse<rapidjson::kParseNanAndInfFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return ParseError("invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Status::Ok();
}

Status ParseJsonInPlace(char* text, size_t size, JsonDocument& doc) {
  // In place, RapidJSON reads up to the NUL: one inside the text would end it early and hide
  // whatever follows. No JSON text holds a raw NUL (not even inside a string).
  if (const void* nul = std::memchr(text, '\0', size)) {
    return ParseError("invalid JSON at offset " +
                      std::to_string(static_cast<const char*>(nul) - text) + ": a NUL byte");
  }
  doc.ParseInsitu<rapidjson::kParseNanAndInfFlag>(text);
  if (doc.HasParseError()) {
    return ParseError("invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Status::Ok();
}

Result<JsonDocument> ParseJson(std::string_view text) {
  JsonDocument doc;
  AWSCRAPE_RETURN_IF_ERROR(ParseJsonInto(text, doc));
  return doc;
}

std::string ToJson(const JsonValue& value, bool pretty) {
  rapidjson::StringBuffer buffer;
  if (pretty) {
    // RapidJSON 1.1's PrettyWriter drops custom write flags, so NaN is written only compactly.
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    value.Accept(writer);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                      rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>
        writer(buffer);
    value.Accept(writer);
  }
  return {buffer.GetString(), buffer.GetSize()};
}

const JsonValue* FindMember(const JsonValue& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  // A non-owning string Value carries the length; a bare StringRef would fall back to strlen()
  // and misread views that are not NUL-terminated.
  // An empty view may have a null data() that RapidJSON's StringRef asserts against.
  JsonValue key(rapidjson::StringRef(name.empty() ? "" : name.data(),
                                     static_cast<rapidjson::SizeType>(name.size())));
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view GetString(const JsonValue& object, std::string_view name,
                           std::string_view fallback) {
  const JsonValue* v = FindMember(object, name);
  if (!v || !v->IsString()) return fallback;
  return {v->GetString(), v->GetStringLength()};
}

bool GetBool(const JsonValue& object, std::string_view name, bool fallback) {
  const JsonValue* v = FindMember(object, name);
  return v && v->IsBool() ? v->GetBool() : fallback;
}

bool JsonEquals(const JsonValue& a, const JsonValue& b) {
  if (a.IsNumber() && b.IsNumber()) {
    if (a.IsInt64() && b.IsInt64()) return a.GetInt64() == b.GetInt64();
    if (a.IsUint64() && b.IsUint64()) return a.GetUint64() == b.GetUint64();
    double x = a.GetDouble(), y = b.GetDouble();
    if (std::isnan(x) && std::isnan(y)) return true;
    return x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.GetType() != b.GetType()) {
    // true and false are distinct RapidJSON types; anything else differing is unequal.
    return false;
  }
  switch (a.GetType()) {
    case rapidjson::kNullType:
    case rapidjson::kTrueType:
    case rapidjson::kFalseType:
      return true;
    case rapidjson::kStringType:
      return a.GetStringLength() == b.GetStringLength() &&
             std::string_view(a.GetString(), a.GetStringLength()) ==
                 std::string_view(b.GetString(), b.GetStringLength());
    case rapidjson::kArrayType:
      if (a.Size() != b.Size()) return false;
      for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
        if (!JsonEquals(a[i], b[i])) return false;
      }
      return true;
    case rapidjson::kObjectType: {
      if (a.MemberCount() != b.MemberCount()) return false;
      for (auto it = a.MemberBegin(); it != a.MemberEnd(); ++it) {
        auto other = b.FindMember(it->name);
        if (other == b.MemberEnd() || !JsonEquals(it->value, other->value)) return false;
      }
      return true;
    }
    case rapidjson::kNumberType:
      return false;  // handled above
  }
  return false;
}

}  // namespace awscrape
