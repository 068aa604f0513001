#include "awscrape/aws/protocol/serializer_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "awscrape/core/encoding.h"

namespace awscrape::aws::internal {
namespace {

using model::Member;
using model::Shape;
using model::ShapeType;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view JsonTypeName(const JsonValue& v) {
  if (v.IsString()) return "string";
  if (v.IsBool()) return "boolean";
  if (v.IsInt64() || v.IsUint64()) return "integer";
  if (v.IsNumber()) return "float";
  if (v.IsArray()) return "list";
  if (v.IsObject()) return "object";
  return "null";
}

// Code points, as Python's len() counts a str.
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string ShortValue(const JsonValue& v) {
  std::string text = v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : ToJson(v);
  if (text.size() > 64) text = text.substr(0, 61) + "...";
  return text;
}

// Walks parameters the way botocore's ParamValidator does, stopping at the first problem.
class Validator {
 public:
  explicit Validator(const model::Operation& operation) : operation_(operation) {}

  Status Structure(const Shape& shape, const JsonValue& value, std::string& path) {
    if (!value.IsObject()) return InvalidType(path, value, "object");
    // The structure's own path; `path` grows and shrinks back while members are checked.
    auto where = [&path] { return path.empty() ? std::string("input") : path; };
    size_t set_members = 0;
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      const Member* member = shape.FindMember(name);
      if (!member) {
        std::string names;
        for (const Member& m : shape.members) {
          if (!names.empty()) names += ", ";
          names += m.name;
        }
        return Error("Unknown parameter in " + where() + ": \"" + std::string(name) +
                     "\", must be one of: " + names);
      }
      if (it->value.IsNull()) continue;
      ++set_members;
      const size_t mark = path.size();
      if (!path.empty()) path += '.';
      path += name;
      AWSCRAPE_RETURN_IF_ERROR(Value(*member->shape, member->traits, it->value, path));
      path.resize(mark);
    }
    for (const Member& m : shape.members) {
      if (!m.required) continue;
      const JsonValue* v = FindMember(value, m.name);
      if (!v || v->IsNull()) {
        return Error("Missing required parameter in " + where() + ": \"" + m.name + "\"");
      }
    }
    if (shape.is_union && set_members != 1) {
      return Error("Invalid number of parameters set for tagged union structure " + where() +
                   ": exactly one member must be set");
    }
    return Status::Ok();
  }

 private:
  Status Value(const Shape& shape, const model::Traits& traits, const JsonValue& value,
               std::string& path) {
    if (shape.is_document) return Status::Ok();  // any JSON
    switch (shape.type) {
      case ShapeType::kStructure:
        return Structure(shape, value, path);
      case ShapeType::kList: {
        if (!value.IsArray()) return InvalidType(path, value, "list");
        AWSCRAPE_RETURN_IF_ERROR(MinLength(shape, traits, value.Size(), path));
        const size_t mark = path.size();
        for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
          if (value[i].IsNull()) continue;
          path += '[';
          path += std::to_string(i);
          path += ']';
          AWSCRAPE_RETURN_IF_ERROR(
              Value(*shape.list_member.shape, shape.list_member.traits, value[i], path));
          path.resize(mark);
        }
        return Status::Ok();
      }
      case ShapeType::kMap: {
        if (!value.IsObject()) return InvalidType(path, value, "object");
        const size_t mark = path.size();
        for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
          if (it->value.IsNull()) continue;
          path += '.';
          path.append(it->name.GetString(), it->name.GetStringLength());
          AWSCRAPE_RETURN_IF_ERROR(
              Value(*shape.map_value.shape, shape.map_value.traits, it->value, path));
          path.resize(mark);
        }
        return Status::Ok();
      }
      case ShapeType::kString:
        // A jsonvalue member carries any JSON value, serialised by the protocol.
        if (traits.json_value) return Status::Ok();
        if (!value.IsString()) return InvalidType(path, value, "string");
        return MinLength(shape, traits, Utf8Length({value.GetString(), value.GetStringLength()}),
                         path);
      case ShapeType::kBlob:
        if (!value.IsString()) return InvalidType(path, value, "string (blob bytes)");
        return Status::Ok();
      case ShapeType::kBoolean:
        if (!value.IsBool()) return InvalidType(path, value, "boolean");
        return Status::Ok();
      case ShapeType::kInteger:
      case ShapeType::kLong:
      case ShapeType::kShort:
      case ShapeType::kByte:
      case ShapeType::kBigInteger:
        if (!value.IsInt64() && !value.IsUint64()) return InvalidType(path, value, "integer");
        return MinValue(shape, value, path);
      case ShapeType::kFloat:
      case ShapeType::kDouble:
      case ShapeType::kBigDecimal:
        if (IsSpecialFloat(value)) return Status::Ok();
        if (!value.IsNumber()) return InvalidType(path, value, "number");
        return MinValue(shape, value, path);
      case ShapeType::kTimestamp:
        if (!TimestampParam(value)) {
          return InvalidType(path, value, "epoch seconds or timestamp string");
        }
        return Status::Ok();
    }
    return Status::Ok();
  }

  Status MinLength(const Shape& shape, const model::Traits& traits, size_t length,
                   const std::string& path) {
    // Host labels have an implicit minimum of 1: an empty one would make a bad host name.
    double min = shape.min.value_or(traits.host_label ? 1 : 0);
    if (double(length) >= min) return Status::Ok();
    return Error("Invalid length for parameter " + path + ", value: " + std::to_string(length) +
                 ", valid min length: " + FormatMin(min));
  }

  Status MinValue(const Shape& shape, const JsonValue& value, const std::string& path) {
    if (!shape.min || value.GetDouble() >= *shape.min) return Status::Ok();
    return Error("Invalid range for parameter " + path + ", value: " + ShortValue(value) +
                 ", valid min value: " + FormatMin(*shape.min));
  }

  static std::string FormatMin(double min) {
    return min == std::floor(min) ? std::to_string(int64_t(min)) : FormatPythonFloat(min);
  }

  Status InvalidType(const std::string& path, const JsonValue& value, std::string_view expected) {
    return Error("Invalid type for parameter " + (path.empty() ? std::string("input") : path) +
                 ", value: " + ShortValue(value) + ", type: " + std::string(JsonTypeName(value)) +
                 ", valid types: " + std::string(expected));
  }

  Status Error(std::string message) {
    return InvalidArgument(operation_.name + ": " + std::move(message));
  }

  const model::Operation& operation_;
};

}  // namespace

TimestampFormat TimestampFormatOf(const model::Traits& traits, TimestampFormat fallback) {
  const std::string& f = traits.timestamp_format;
  if (f.empty()) return fallback;
  if (EqualsIgnoreCase(f, "iso8601")) return TimestampFormat::kIso8601;
  if (EqualsIgnoreCase(f, "rfc822")) return TimestampFormat::kRfc822;
  if (EqualsIgnoreCase(f, "unixTimestamp")) return TimestampFormat::kUnixTimestamp;
  return fallback;
}

std::optional<Timestamp> TimestampParam(const JsonValue& value) {
  if (value.IsInt64()) return Timestamp{value.GetInt64(), 0};
  if (value.IsNumber()) {
    double epoch = value.GetDouble();
    if (!std::isfinite(epoch)) return std::nullopt;
    return Timestamp::FromEpochSeconds(epoch);
  }
  if (value.IsString()) return ParseAnyTimestamp({value.GetString(), value.GetStringLength()});
  return std::nullopt;
}

std::string FormatTimestamp(Timestamp t, TimestampFormat format) {
  switch (format) {
    case TimestampFormat::kRfc822:
      return FormatHttpDate(t);
    case TimestampFormat::kUnixTimestamp:
      // botocore sends whole seconds: int(calendar.timegm(value.timetuple())).
      return std::to_string(t.seconds);
    case TimestampFormat::kIso8601:
      break;
  }
  std::string text = FormatIso8601(t, false);
  if (t.microseconds > 0) {
    // botocore's ISO8601_MICRO: six fractional digits, only when there is a fraction.
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06d", int(t.microseconds));
    text.insert(text.size() - 1, fraction);
  }
  return text;
}

std::string FormatPythonFloat(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  // The shortest round-tripping digits, then Python's float_repr_style rules: fixed notation
  // when the decimal exponent is in (-4, 16], scientific otherwise.
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (ec != std::errc()) return "0.0";
  std::string_view sci(buffer, size_t(end - buffer));
  std::string out;
  if (!sci.empty() && sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  const int decpt = exponent + 1;  // digits are 0.d1d2... x 10^decpt
  const int ndigits = int(digits.size());
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out.append(size_t(-decpt), '0');
      out += digits;
    } else if (decpt >= ndigits) {
      out += digits;
      out.append(size_t(decpt - ndigits), '0');
      out += ".0";
    } else {
      out.append(digits, 0, size_t(decpt));
      out += '.';
      out.append(digits, size_t(decpt));
    }
    return out;
  }
  out += digits[0];
  if (ndigits > 1) {
    out += '.';
    out.append(digits, 1);
  }
  char exp_text[16];
  std::snprintf(exp_text, sizeof exp_text, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  out += exp_text;
  return out;
}

bool IsSpecialFloat(const JsonValue& value) {
  if (!value.IsString()) return false;
  std::string_view s(value.GetString(), value.GetStringLength());
  return s == "NaN" || s == "Infinity" || s == "-Infinity";
}

std::string NumberText(const JsonValue& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsUint64()) return std::to_string(value.GetUint64());
  return FormatPythonFloat(value.GetDouble());
}

std::string ScalarText(const Shape& shape, const model::Traits& traits, const JsonValue& value,
                       TimestampFormat default_timestamps) {
  switch (shape.type) {
    case ShapeType::kBoolean:
      return value.GetBool() ? "true" : "false";
    case ShapeType::kTimestamp: {
      auto t = TimestampParam(value);
      return t ? FormatTimestamp(*t, TimestampFormatOf(traits, default_timestamps)) : "";
    }
    case ShapeType::kBlob:
      return Base64Encode({value.GetString(), value.GetStringLength()});
    case ShapeType::kInteger:
    case ShapeType::kLong:
    case ShapeType::kShort:
    case ShapeType::kByte:
    case ShapeType::kFloat:
    case ShapeType::kDouble:
    case ShapeType::kBigInteger:
    case ShapeType::kBigDecimal:
      return NumberText(value);
    default:
      break;
  }
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsNumber()) return NumberText(value);
  return ToJson(value);
}

Status ValidateParams(const model::Operation& operation, const JsonValue& params) {
  if (!operation.input) {
    if (params.IsNull() || (params.IsObject() && params.MemberCount() == 0)) return Status::Ok();
    return InvalidArgument(operation.name + ": the operation takes no parameters");
  }
  if (params.IsNull()) {
    JsonValue empty(rapidjson::kObjectType);
    std::string path;
    return Validator(operation).Structure(*operation.input, empty, path);
  }
  std::string path;
  return Validator(operation).Structure(*operation.input, params, path);
}

bool NeedsIdempotencyToken(const Shape& input, const JsonValue& params) {
  for (const Member& m : input.members) {
    if (!m.traits.idempotency_token) continue;
    const JsonValue* v = params.IsObject() ? FindMember(params, m.name) : nullptr;
    if (!v || v->IsNull()) return true;
  }
  return false;
}

std::string NewUuidV4() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t hi = engine(), lo = engine();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32),
                unsigned((hi >> 16) & 0xFFFF), unsigned(hi & 0xFFFF), unsigned(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buffer;
}

}  // namespace awscrape::aws::internal
