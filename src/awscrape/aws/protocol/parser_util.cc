#include "awscrape/aws/protocol/parser_util.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "awscrape/core/encoding.h"
#include "awscrape/core/time.h"

namespace awscrape::aws::parsing {
namespace {

using model::ShapeType;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Canonical base64: alphabet characters, then at most two '=', length a multiple of four.
bool IsCanonicalBase64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  size_t end = text.size();
  if (end > 0 && text[end - 1] == '=') --end;
  if (end > 0 && text[end - 1] == '=') --end;
  for (size_t i = 0; i < end; ++i) {
    if (!IsBase64Char(text[i])) return false;
  }
  return true;
}

std::string Shorten(std::string_view text) {
  constexpr size_t kMax = 40;
  return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

// Python's int() also accepts '_' between digits.
std::string WithoutUnderscores(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '_') out += c;
  }
  return out;
}

}  // namespace

std::optional<Protocol> ProtocolFromName(std::string_view name) {
  if (name == "query") return Protocol::kQuery;
  if (name == "ec2") return Protocol::kEc2;
  if (name == "json") return Protocol::kJson;
  if (name == "rest-json") return Protocol::kRestJson;
  if (name == "rest-xml") return Protocol::kRestXml;
  return std::nullopt;
}

std::string_view StripWhitespace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

Status ParseIntegerText(std::string_view text, JsonValue& out) {
  std::string_view s = StripWhitespace(text);
  std::string cleaned;
  if (s.find('_') != std::string_view::npos) {
    cleaned = WithoutUnderscores(s);
    s = cleaned;
  }
  bool negative = false;
  std::string_view digits = s;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return ParseError("invalid integer '" + Shorten(text) + "'");
  for (char c : digits) {
    if (c < '0' || c > '9') return ParseError("invalid integer '" + Shorten(text) + "'");
  }
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec == std::errc() && ptr == digits.data() + digits.size()) {
    if (!negative) {
      if (magnitude <= uint64_t(INT64_MAX)) {
        out.SetInt64(int64_t(magnitude));
      } else {
        out.SetUint64(magnitude);
      }
      return Status::Ok();
    }
    if (magnitude <= uint64_t(INT64_MAX) + 1) {
      out.SetInt64(magnitude == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -int64_t(magnitude));
      return Status::Ok();
    }
  }
  // Beyond 64 bits: Python keeps an exact int; JSON consumers get the nearest double.
  std::string copy(s);
  out.SetDouble(std::strtod(copy.c_str(), nullptr));
  return Status::Ok();
}

Status ParseFloatText(std::string_view text, JsonValue& out) {
  std::string_view s = StripWhitespace(text);
  std::string copy = s.find('_') != std::string_view::npos ? WithoutUnderscores(s) : std::string(s);
  std::string_view body = copy;
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (EqualsIgnoreCase(body, "nan")) {
    out.SetDouble(std::nan(""));
    return Status::Ok();
  }
  if (EqualsIgnoreCase(body, "inf") || EqualsIgnoreCase(body, "infinity")) {
    out.SetDouble(negative ? -HUGE_VAL : HUGE_VAL);
    return Status::Ok();
  }
  // Only decimal notation: strtod would also take hex floats and "nan(...)".
  bool digit_seen = false;
  for (char c : body) {
    if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
      digit_seen = false;
      break;
    }
  }
  char* end = nullptr;
  double value = digit_seen ? std::strtod(copy.c_str(), &end) : 0;
  if (!digit_seen || end != copy.c_str() + copy.size()) {
    return ParseError("invalid number '" + Shorten(text) + "'");
  }
  out.SetDouble(value);
  return Status::Ok();
}

void ParseTimestampEpoch(double epoch, ParseContext& ctx, JsonValue& out) {
  switch (ctx.options.timestamps) {
    case TimestampOutput::kRaw:
      out.SetDouble(epoch);
      if (epoch == std::floor(epoch) && std::fabs(epoch) < 9e15) out.SetInt64(int64_t(epoch));
      return;
    case TimestampOutput::kEpochSeconds:
    case TimestampOutput::kIsoformat: {
      if (!std::isfinite(epoch)) {
        out.SetDouble(epoch);
        return;
      }
      Timestamp t = Timestamp::FromEpochSeconds(epoch);
      if (ctx.options.timestamps == TimestampOutput::kIsoformat) {
        out = CopyString(FormatPythonIsoformat(t), ctx.alloc);
      } else if (t.microseconds == 0) {
        out.SetInt64(t.seconds);
      } else {
        out.SetDouble(t.ToEpochSeconds());
      }
      return;
    }
  }
}

void ParseTimestampText(std::string_view text, ParseContext& ctx, JsonValue& out) {
  if (ctx.options.timestamps == TimestampOutput::kRaw) {
    out = CopyString(text, ctx.alloc);
    return;
  }
  std::optional<Timestamp> t = ParseAnyTimestamp(StripWhitespace(text));
  if (!t) {
    out = CopyString(text, ctx.alloc);
    return;
  }
  if (ctx.options.timestamps == TimestampOutput::kIsoformat) {
    out = CopyString(FormatPythonIsoformat(*t), ctx.alloc);
  } else if (t->microseconds == 0) {
    out.SetInt64(t->seconds);
  } else {
    out.SetDouble(t->ToEpochSeconds());
  }
}

Status ParseBase64Blob(std::string_view text, ParseContext& ctx, JsonValue& out) {
  if (ctx.options.blobs == BlobOutput::kBase64 && IsCanonicalBase64(text)) {
    out = CopyString(text, ctx.alloc);  // already in the product's form: no decode/encode
    return Status::Ok();
  }
  // Python's b64decode (non-validating) skips characters outside the alphabet, e.g. line breaks.
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) {
    if (IsBase64Char(c) || c == '=') cleaned += c;
  }
  std::optional<std::string> bytes = Base64Decode(cleaned);
  if (!bytes) return ParseError("invalid base64 blob '" + Shorten(text) + "'");
  RawBlob(*bytes, ctx, out);
  return Status::Ok();
}

void RawBlob(std::string_view bytes, ParseContext& ctx, JsonValue& out) {
  if (ctx.options.blobs == BlobOutput::kBase64) {
    out = CopyString(Base64Encode(bytes), ctx.alloc);
  } else {
    out = CopyString(bytes, ctx.alloc);
  }
}

Status ParseTextScalar(const model::Shape& shape, const model::Traits& traits,
                       std::string_view text, TextSource source, ParseContext& ctx,
                       JsonValue& out) {
  switch (shape.type) {
    case ShapeType::kBoolean:
      out.SetBool(source == TextSource::kHeader ? EqualsIgnoreCase(text, "true") : text == "true");
      return Status::Ok();
    case ShapeType::kInteger:
    case ShapeType::kLong:
    case ShapeType::kShort:
    case ShapeType::kByte:
      return ParseIntegerText(text, out);
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      return ParseFloatText(text, out);
    case ShapeType::kTimestamp:
      ParseTimestampText(text, ctx, out);
      return Status::Ok();
    case ShapeType::kBlob:
      return ParseBase64Blob(text, ctx, out);
    case ShapeType::kString:
      if (source == TextSource::kHeader && traits.json_value) {
        std::optional<std::string> decoded = Base64Decode(StripWhitespace(text));
        if (!decoded) return ParseError("jsonvalue header is not base64");
        JsonDocument doc;
        AWSCRAPE_RETURN_IF_ERROR(ParseJsonText(*decoded, doc).WithContext("jsonvalue header"));
        return CopyJson(doc, ctx, out);
      }
      out = CopyString(text, ctx.alloc);
      return Status::Ok();
    default:
      // bigInteger, bigDecimal and aggregates met as text: botocore has no handler, keeps text.
      out = CopyString(text, ctx.alloc);
      return Status::Ok();
  }
}

std::optional<std::string> HeaderValue(const HttpHeaders& headers, std::string_view name) {
  std::optional<std::string> value;
  for (const HttpHeader& h : headers) {
    if (!HeaderNameEquals(h.name, name)) continue;
    if (value) {
      *value += ", ";
      *value += h.value;
    } else {
      value = h.value;
    }
  }
  return value;
}

void SetMember(JsonValue& object, std::string_view name, JsonValue&& value, JsonAllocator& alloc) {
  auto it = object.FindMember(AsRef(name));
  if (it != object.MemberEnd()) {
    it->value = std::move(value);
  } else {
    object.AddMember(CopyString(name, alloc), value, alloc);
  }
}

JsonValue& EnsureObjectMember(JsonValue& object, std::string_view name, JsonAllocator& alloc) {
  auto it = object.FindMember(AsRef(name));
  if (it != object.MemberEnd()) {
    if (!it->value.IsObject()) it->value.SetObject();
    return it->value;
  }
  object.AddMember(CopyString(name, alloc), JsonValue(rapidjson::kObjectType), alloc);
  return (object.MemberEnd() - 1)->value;
}

void FinishResponseMetadata(JsonValue& parsed, const HttpResponse& response, ParseContext& ctx) {
  if (!parsed.IsObject()) return;
  if (!ctx.options.include_response_metadata) {
    parsed.RemoveMember("ResponseMetadata");
    return;
  }
  JsonValue& metadata = EnsureObjectMember(parsed, "ResponseMetadata", ctx.alloc);
  SetMember(metadata, "HTTPStatusCode", JsonValue(response.status), ctx.alloc);
  JsonValue headers(rapidjson::kObjectType);
  for (const HttpHeader& h : response.headers) {
    std::string lower(h.name);
    for (char& c : lower) c = ToLower(c);
    auto it = headers.FindMember(AsRef(lower));
    if (it != headers.MemberEnd()) {
      std::string joined(it->value.GetString(), it->value.GetStringLength());
      joined += ", ";
      joined += h.value;
      it->value = CopyString(joined, ctx.alloc);
    } else {
      headers.AddMember(CopyString(lower, ctx.alloc), CopyString(h.value, ctx.alloc), ctx.alloc);
    }
  }
  SetMember(metadata, "HTTPHeaders", std::move(headers), ctx.alloc);
  SetMember(metadata, "RetryAttempts", JsonValue(ctx.options.retry_attempts), ctx.alloc);
}

Status CopyJson(const JsonValue& in, ParseContext& ctx, JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  switch (in.GetType()) {
    case rapidjson::kObjectType:
      out.SetObject();
      for (auto it = in.MemberBegin(); it != in.MemberEnd(); ++it) {
        JsonValue value;
        AWSCRAPE_RETURN_IF_ERROR(CopyJson(it->value, ctx, value));
        out.AddMember(JsonValue(it->name, ctx.alloc), value, ctx.alloc);
      }
      return Status::Ok();
    case rapidjson::kArrayType:
      out.SetArray();
      out.Reserve(in.Size(), ctx.alloc);
      for (const JsonValue& item : in.GetArray()) {
        JsonValue value;
        AWSCRAPE_RETURN_IF_ERROR(CopyJson(item, ctx, value));
        out.PushBack(value, ctx.alloc);
      }
      return Status::Ok();
    default:
      out.CopyFrom(in, ctx.alloc);
      return Status::Ok();
  }
}

Status ParseJsonText(std::string_view text, JsonDocument& doc) {
  constexpr unsigned kFlags = rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag |
                              rapidjson::kParseIterativeFlag;
  doc.Parse<kFlags>(text.data(), text.size());
  if (doc.HasParseError()) {
    return ParseError("invalid JSON at offset " + std::to_string(doc.GetErrorOffset()));
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::parsing
