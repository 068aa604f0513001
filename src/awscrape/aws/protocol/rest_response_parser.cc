#include "awscrape/aws/protocol/rest_response_parser.h"

#include <pugixml.hpp>
#include <string>

#include "awscrape/aws/protocol/event_stream_parser.h"
#include "awscrape/aws/protocol/json_response_parser.h"
#include "awscrape/aws/protocol/xml_response_parser.h"

namespace awscrape::aws::parsing {
namespace {

using model::Location;
using model::Member;
using model::Shape;
using model::ShapeType;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool StartsWithIgnoreCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    if (Lower(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

// A header holding a list: comma-separated items, each stripped (RFC 7230), as botocore does.
Status ParseHeaderList(const Shape& shape, std::string_view text, ParseContext& ctx,
                       JsonValue& out) {
  out.SetArray();
  const Member& item = shape.list_member;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view part = StripWhitespace(
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(
        ParseTextScalar(*item.shape, item.traits, part, TextSource::kHeader, ctx, value));
    out.PushBack(value, ctx.alloc);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Status::Ok();
}

Status ParseHeaderMap(const Member& m, const HttpHeaders& headers, ParseContext& ctx,
                      JsonValue& out) {
  out.SetObject();
  std::string prefix = m.traits.location_name;
  for (char& c : prefix) c = Lower(c);
  for (const HttpHeader& h : headers) {
    if (!StartsWithIgnoreCase(h.name, prefix)) continue;
    std::string_view key = std::string_view(h.name).substr(prefix.size());
    auto it = out.FindMember(AsRef(key));
    if (it != out.MemberEnd()) {
      std::string joined(it->value.GetString(), it->value.GetStringLength());
      joined += ", ";
      joined += h.value;
      it->value = CopyString(joined, ctx.alloc);
    } else {
      out.AddMember(CopyString(key, ctx.alloc), CopyString(h.value, ctx.alloc), ctx.alloc);
    }
  }
  return Status::Ok();
}

bool IsXml(const ParseContext& ctx) { return ctx.protocol == Protocol::kRestXml; }

// The body parsed with (shape, traits): for XML the root element is the value's element.
Status ParseBody(const Shape& shape, const model::Traits& traits, std::string_view body,
                 ParseContext& ctx, JsonValue& out) {
  if (IsXml(ctx)) {
    if (body.empty()) {
      // botocore parses an empty body as an empty element.
      if (shape.type == ShapeType::kStructure) {
        out.SetObject();
      } else if (shape.type == ShapeType::kList) {
        out.SetArray();
      } else if (shape.type == ShapeType::kMap) {
        out.SetObject();
      } else {
        out = CopyString("", ctx.alloc);
      }
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

}  // namespace

void AddRestRequestMetadata(const HttpHeaders& headers, ParseContext& ctx, JsonValue& metadata) {
  if (std::optional<std::string> id = HeaderValue(headers, "x-amzn-requestid")) {
    SetMember(metadata, "RequestId", CopyString(*id, ctx.alloc), ctx.alloc);
  } else if (std::optional<std::string> s3_id = HeaderValue(headers, "x-amz-request-id")) {
    SetMember(metadata, "RequestId", CopyString(*s3_id, ctx.alloc), ctx.alloc);
    std::string host_id = HeaderValue(headers, "x-amz-id-2").value_or("");
    SetMember(metadata, "HostId", CopyString(host_id, ctx.alloc), ctx.alloc);
  }
}

Status ParseRestNonPayload(const Shape& shape, const HttpResponse& response, ParseContext& ctx,
                           JsonValue& out) {
  for (const Member& m : shape.members) {
    JsonValue value;
    switch (m.traits.location) {
      case Location::kStatusCode:
        value.SetInt(response.status);
        break;
      case Location::kHeaders:
        AWSCRAPE_RETURN_IF_ERROR(ParseHeaderMap(m, response.headers, ctx, value));
        break;
      case Location::kHeader: {
        std::string_view name =
            m.traits.location_name.empty() ? std::string_view(m.name) : m.traits.location_name;
        std::optional<std::string> text = HeaderValue(response.headers, name);
        if (!text) continue;
        if (m.shape->type == ShapeType::kList) {
          AWSCRAPE_RETURN_IF_ERROR(ParseHeaderList(*m.shape, *text, ctx, value));
        } else {
          AWSCRAPE_RETURN_IF_ERROR(
              ParseTextScalar(*m.shape, m.traits, *text, TextSource::kHeader, ctx, value)
                  .WithContext("header " + std::string(name)));
        }
        break;
      }
      default:
        continue;
    }
    SetMember(out, m.name, std::move(value), ctx.alloc);
  }
  return Status::Ok();
}

Status ParseRestPayload(const Shape& shape, const HttpResponse& response, ParseContext& ctx,
                        JsonValue& out) {
  if (!shape.payload.empty()) {
    const Member* m = shape.FindMember(shape.payload);
    if (!m) return ParseError("payload member " + shape.payload + " is not in " + shape.name);
    JsonValue value;
    if (m->shape->is_event_stream || m->traits.event_stream) {
      AWSCRAPE_RETURN_IF_ERROR(ParseEventStream(*m->shape, response.body, ctx, value));
    } else if (m->shape->type == ShapeType::kBlob) {
      RawBlob(response.body, ctx, value);
    } else if (m->shape->type == ShapeType::kString) {
      value = CopyString(response.body, ctx.alloc);
    } else {
      AWSCRAPE_RETURN_IF_ERROR(ParseBody(*m->shape, m->traits, response.body, ctx, value));
    }
    SetMember(out, m->name, std::move(value), ctx.alloc);
    return Status::Ok();
  }
  JsonValue body;
  AWSCRAPE_RETURN_IF_ERROR(ParseBody(shape, shape.traits, response.body, ctx, body));
  if (!body.IsObject()) return Status::Ok();  // a JSON null body: nothing to add
  for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
    SetMember(out, std::string_view(it->name.GetString(), it->name.GetStringLength()),
              std::move(it->value), ctx.alloc);
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::parsing
