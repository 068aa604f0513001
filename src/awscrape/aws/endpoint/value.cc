#include "awscrape/aws/endpoint/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace awscrape::aws::endpoint {
namespace {

// Python's repr() of a str: single quotes unless the text holds ' and no ", escapes for
// backslash, quotes and control characters.
std::string PythonStringRepr(const std::string& s) {
  char quote = '\'';
  if (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) quote = '"';
  std::string out(1, quote);
  for (unsigned char c : s) {
    if (c == '\\' || c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::string PythonFloatRepr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

EndpointValue EndpointValue::FromJson(const JsonValue& json) {
  switch (json.GetType()) {
    case rapidjson::kNullType:
      return {};
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return Bool(json.GetBool());
    case rapidjson::kNumberType:
      if (json.IsInt64()) return Int(json.GetInt64());
      return Double(json.GetDouble());
    case rapidjson::kStringType:
      return String(std::string(json.GetString(), json.GetStringLength()));
    case rapidjson::kArrayType: {
      Array items;
      items.reserve(json.Size());
      for (const auto& item : json.GetArray()) items.push_back(FromJson(item));
      return MakeArray(std::move(items));
    }
    case rapidjson::kObjectType: {
      Object members;
      members.reserve(json.MemberCount());
      for (const auto& m : json.GetObject()) {
        members.emplace_back(std::string(m.name.GetString(), m.name.GetStringLength()),
                             FromJson(m.value));
      }
      return MakeObject(std::move(members));
    }
  }
  return {};
}

const EndpointValue* EndpointValue::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [name, value] : object()) {
    if (name == key) return &value;
  }
  return nullptr;
}

void EndpointValue::Set(std::string key, EndpointValue value) {
  if (!is_object()) storage_ = Object{};
  for (auto& [name, existing] : mutable_object()) {
    if (name == key) {
      existing = std::move(value);
      return;
    }
  }
  mutable_object().emplace_back(std::move(key), std::move(value));
}

bool EndpointValue::Truthy() const {
  switch (kind()) {
    case Kind::kNone:
      return false;
    case Kind::kBool:
      return boolean();
    case Kind::kInt:
      return integer() != 0;
    case Kind::kDouble:
      return number() != 0.0;
    case Kind::kString:
      return !string().empty();
    case Kind::kArray:
      return !array().empty();
    case Kind::kObject:
      return !object().empty();
  }
  return false;
}

std::string EndpointValue::PythonStr() const { return is_string() ? string() : PythonRepr(); }

std::string EndpointValue::PythonRepr() const {
  switch (kind()) {
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return boolean() ? "True" : "False";
    case Kind::kInt:
      return std::to_string(integer());
    case Kind::kDouble:
      return PythonFloatRepr(number());
    case Kind::kString:
      return PythonStringRepr(string());
    case Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < array().size(); ++i) {
        if (i) out += ", ";
        out += array()[i].PythonRepr();
      }
      return out + "]";
    }
    case Kind::kObject: {
      std::string out = "{";
      bool first = true;
      for (const auto& [name, value] : object()) {
        if (!first) out += ", ";
        first = false;
        out += PythonStringRepr(name) + ": " + value.PythonRepr();
      }
      return out + "}";
    }
  }
  return "None";
}

std::string EndpointValue::PythonTypeName() const {
  static constexpr const char* kNames[] = {"NoneType", "bool", "int", "float",
                                           "str",      "list", "dict"};
  return std::string("<class '") + kNames[storage_.index()] + "'>";
}

JsonValue EndpointValue::ToJson(JsonAllocator& alloc) const {
  switch (kind()) {
    case Kind::kNone:
      return JsonValue(rapidjson::kNullType);
    case Kind::kBool:
      return JsonValue(boolean());
    case Kind::kInt:
      return JsonValue(static_cast<int64_t>(integer()));
    case Kind::kDouble:
      return JsonValue(number());
    case Kind::kString:
      return MakeString(string(), alloc);
    case Kind::kArray: {
      JsonValue out(rapidjson::kArrayType);
      for (const auto& item : array()) out.PushBack(item.ToJson(alloc), alloc);
      return out;
    }
    case Kind::kObject: {
      JsonValue out(rapidjson::kObjectType);
      for (const auto& [name, value] : object()) {
        out.AddMember(MakeString(name, alloc), value.ToJson(alloc), alloc);
      }
      return out;
    }
  }
  return JsonValue(rapidjson::kNullType);
}

}  // namespace awscrape::aws::endpoint
