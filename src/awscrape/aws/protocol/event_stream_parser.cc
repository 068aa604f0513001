#include "awscrape/aws/protocol/event_stream_parser.h"

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "awscrape/aws/protocol/json_response_parser.h"
#include "awscrape/aws/protocol/xml_response_parser.h"

namespace awscrape::aws::parsing {
namespace {

using model::Member;
using model::Shape;
using model::ShapeType;

enum class HeaderType : uint8_t {
  kTrue = 0,
  kFalse = 1,
  kByte = 2,
  kShort = 3,
  kInteger = 4,
  kLong = 5,
  kBytes = 6,
  kString = 7,
  kTimestamp = 8,
  kUuid = 9,
};

struct EventHeader {
  std::string_view name;
  HeaderType type;
  int64_t number = 0;      // booleans, integers, timestamps (milliseconds)
  std::string_view bytes;  // byte arrays, strings, uuids
};

struct Message {
  std::vector<EventHeader> headers;
  std::string_view payload;
  const EventHeader* Find(std::string_view name) const {
    for (const EventHeader& h : headers) {
      if (h.name == name) return &h;
    }
    return nullptr;
  }
  std::string_view Text(std::string_view name) const {
    const EventHeader* h = Find(name);
    return h && h->type == HeaderType::kString ? h->bytes : std::string_view();
  }
};

uint64_t BigEndian(std::string_view s, size_t pos, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | uint8_t(s[pos + i]);
  return v;
}

uint32_t Crc32(std::string_view s) {
  return uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(s.data()), uInt(s.size())));
}

Status DecodeHeaders(std::string_view s, std::vector<EventHeader>& out) {
  size_t pos = 0;
  auto need = [&](size_t n) { return pos + n <= s.size(); };
  while (pos < s.size()) {
    EventHeader h;
    size_t name_len = uint8_t(s[pos++]);
    if (!need(name_len + 1)) return ParseError("truncated event-stream header");
    h.name = s.substr(pos, name_len);
    pos += name_len;
    uint8_t type = uint8_t(s[pos++]);
    if (type > uint8_t(HeaderType::kUuid)) return ParseError("unknown event-stream header type");
    h.type = HeaderType(type);
    size_t fixed = 0;
    switch (h.type) {
      case HeaderType::kTrue:
        h.number = 1;
        break;
      case HeaderType::kFalse:
        break;
      case HeaderType::kByte:
        fixed = 1;
        break;
      case HeaderType::kShort:
        fixed = 2;
        break;
      case HeaderType::kInteger:
        fixed = 4;
        break;
      case HeaderType::kLong:
      case HeaderType::kTimestamp:
        fixed = 8;
        break;
      case HeaderType::kUuid:
        if (!need(16)) return ParseError("truncated event-stream header");
        h.bytes = s.substr(pos, 16);
        pos += 16;
        break;
      case HeaderType::kBytes:
      case HeaderType::kString: {
        if (!need(2)) return ParseError("truncated event-stream header");
        size_t len = BigEndian(s, pos, 2);
        pos += 2;
        if (!need(len)) return ParseError("truncated event-stream header");
        h.bytes = s.substr(pos, len);
        pos += len;
        break;
      }
    }
    if (fixed) {
      if (!need(fixed)) return ParseError("truncated event-stream header");
      uint64_t raw = BigEndian(s, pos, fixed);
      // Sign-extend the two's-complement value.
      int shift = int(64 - 8 * fixed);
      h.number = int64_t(raw << shift) >> shift;
      pos += fixed;
    }
    out.push_back(h);
  }
  return Status::Ok();
}

Status ParseEventHeader(const Member& m, const EventHeader& h, ParseContext& ctx, JsonValue& out) {
  switch (h.type) {
    case HeaderType::kTrue:
    case HeaderType::kFalse:
      out.SetBool(h.type == HeaderType::kTrue);
      return Status::Ok();
    case HeaderType::kTimestamp:
      ParseTimestampEpoch(double(h.number) / 1000.0, ctx, out);
      return Status::Ok();
    case HeaderType::kBytes:
    case HeaderType::kUuid:
      RawBlob(h.bytes, ctx, out);
      return Status::Ok();
    case HeaderType::kString:
      if (m.shape->type == ShapeType::kTimestamp) {
        ParseTimestampText(h.bytes, ctx, out);
      } else {
        out = CopyString(h.bytes, ctx.alloc);
      }
      return Status::Ok();
    default:
      if (m.shape->type == ShapeType::kTimestamp) {
        ParseTimestampEpoch(double(h.number) / 1000.0, ctx, out);
      } else {
        out.SetInt64(h.number);
      }
      return Status::Ok();
  }
}

// A payload parsed with `shape` as the protocol's body format.
Status ParseEventBody(const Shape& shape, const model::Traits& traits, std::string_view body,
                      ParseContext& ctx, JsonValue& out) {
  if (ctx.protocol == Protocol::kRestXml || ctx.protocol == Protocol::kQuery ||
      ctx.protocol == Protocol::kEc2) {
    if (body.empty()) {
      out.SetObject();
      return Status::Ok();
    }
    pugi::xml_document doc;
    AWSCRAPE_RETURN_IF_ERROR(LoadXml(body, doc));
    return ParseXmlValue(shape, traits, {doc.document_element()}, ctx, out);
  }
  JsonDocument doc;
  AWSCRAPE_RETURN_IF_ERROR(LoadJsonBody(body, doc));
  return ParseJsonValue(shape, traits, doc, ctx, out);
}

Status ParseEvent(const Shape& event_shape, const Message& message, ParseContext& ctx,
                  JsonValue& out) {
  out.SetObject();
  for (const Member& m : event_shape.members) {
    if (!m.traits.event_header) continue;
    const EventHeader* h = message.Find(m.name);
    if (!h) continue;
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(ParseEventHeader(m, *h, ctx, value));
    SetMember(out, m.name, std::move(value), ctx.alloc);
  }
  for (const Member& m : event_shape.members) {
    if (!m.traits.event_payload) continue;
    JsonValue value;
    if (m.shape->type == ShapeType::kBlob) {
      RawBlob(message.payload, ctx, value);
    } else if (m.shape->type == ShapeType::kString) {
      value = CopyString(message.payload, ctx.alloc);
    } else {
      AWSCRAPE_RETURN_IF_ERROR(ParseEventBody(*m.shape, m.traits, message.payload, ctx, value));
    }
    SetMember(out, m.name, std::move(value), ctx.alloc);
    return Status::Ok();
  }
  // No explicit payload member: the payload is the event structure itself.
  JsonValue body;
  AWSCRAPE_RETURN_IF_ERROR(
      ParseEventBody(event_shape, event_shape.traits, message.payload, ctx, body));
  if (body.IsObject()) {
    for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
      SetMember(out, std::string_view(it->name.GetString(), it->name.GetStringLength()),
                std::move(it->value), ctx.alloc);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ParseEventStream(const Shape& stream_shape, std::string_view bytes, ParseContext& ctx,
                        JsonValue& out) {
  out.SetArray();
  size_t pos = 0;
  while (pos < bytes.size()) {
    std::string_view rest = bytes.substr(pos);
    if (rest.size() < 16) return ParseError("truncated event-stream message");
    size_t total = BigEndian(rest, 0, 4);
    size_t headers_len = BigEndian(rest, 4, 4);
    if (total < 16 || total > rest.size() || headers_len > total - 16) {
      return ParseError("invalid event-stream message length");
    }
    if (Crc32(rest.substr(0, 8)) != BigEndian(rest, 8, 4)) {
      return ParseError("event-stream prelude checksum mismatch");
    }
    if (Crc32(rest.substr(0, total - 4)) != BigEndian(rest, total - 4, 4)) {
      return ParseError("event-stream message checksum mismatch");
    }
    Message message;
    AWSCRAPE_RETURN_IF_ERROR(DecodeHeaders(rest.substr(12, headers_len), message.headers));
    message.payload = rest.substr(12 + headers_len, total - 16 - headers_len);
    pos += total;

    std::string_view type = message.Text(":message-type");
    if (type == "error") {
      return ParseError("event stream error " + std::string(message.Text(":error-code")) + ": " +
                        std::string(message.Text(":error-message")));
    }
    if (type == "exception") {
      return ParseError("event stream exception " + std::string(message.Text(":exception-type")) +
                        ": " + std::string(message.payload.substr(0, 200)));
    }
    if (type != "event") continue;
    std::string_view event_type = message.Text(":event-type");
    const Member* member = stream_shape.FindMember(event_type);
    if (!member) continue;  // an event this model does not know: botocore yields nothing
    JsonValue event;
    AWSCRAPE_RETURN_IF_ERROR(ParseEvent(*member->shape, message, ctx, event));
    JsonValue wrapped(rapidjson::kObjectType);
    wrapped.AddMember(CopyString(event_type, ctx.alloc), event, ctx.alloc);
    out.PushBack(wrapped, ctx.alloc);
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::parsing
