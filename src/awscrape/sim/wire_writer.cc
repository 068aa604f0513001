#include "awscrape/sim/wire_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>

#include "awscrape/core/encoding.h"
#include "awscrape/core/time.h"

namespace awscrape::sim {
namespace {

using aws::model::Location;
using aws::model::Member;
using aws::model::Shape;
using aws::model::ShapeType;
using aws::model::Traits;

enum class TimeStyle { kIso, kIsoMillis, kEpoch, kHttpDate };

std::string_view Name(const Member& m) {
  return m.traits.location_name.empty() ? std::string_view(m.name)
                                        : std::string_view(m.traits.location_name);
}

std::string_view Text(const JsonValue& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

Timestamp ToTimestamp(const JsonValue& v) {
  if (v.IsInt64()) return Timestamp{v.GetInt64(), 0};
  if (v.IsNumber()) {
    // Synthetic times carry at most milliseconds: round away the binary fraction's noise.
    double d = v.GetDouble();
    int64_t millis = std::llround(d * 1000);
    int64_t seconds = millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000);
    return Timestamp{seconds, static_cast<int32_t>((millis - seconds * 1000) * 1000)};
  }
  return Timestamp{};
}

TimeStyle StyleFor(const Traits& traits, TimeStyle protocol_default) {
  if (traits.timestamp_format == "iso8601") return TimeStyle::kIso;
  if (traits.timestamp_format == "rfc822") return TimeStyle::kHttpDate;
  if (traits.timestamp_format == "unixTimestamp") return TimeStyle::kEpoch;
  return protocol_default;
}

std::string FormatDouble(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

std::string EpochText(Timestamp t) {
  if (t.microseconds == 0) return std::to_string(t.seconds);
  return FormatDouble(t.ToEpochSeconds());
}

std::string FormatTime(const JsonValue& v, TimeStyle style) {
  Timestamp t = ToTimestamp(v);
  switch (style) {
    case TimeStyle::kIso:
      return FormatIso8601(t, false);
    case TimeStyle::kIsoMillis:
      return FormatIso8601(t, true);
    case TimeStyle::kEpoch:
      return EpochText(t);
    case TimeStyle::kHttpDate:
      return FormatHttpDate(t);
  }
  return {};
}

// A scalar as text (XML element text, header values).
std::string ScalarText(const Shape& shape, const Traits& traits, const JsonValue& v,
                       TimeStyle time_style) {
  switch (shape.type) {
    case ShapeType::kBoolean:
      return v.IsBool() && v.GetBool() ? "true" : "false";
    case ShapeType::kTimestamp:
      return FormatTime(v, StyleFor(traits, time_style));
    case ShapeType::kBlob:
      return Base64Encode(Text(v));
    case ShapeType::kFloat:
    case ShapeType::kDouble:
    case ShapeType::kBigDecimal:
      return v.IsNumber() ? FormatDouble(v.GetDouble()) : "0";
    case ShapeType::kInteger:
    case ShapeType::kLong:
    case ShapeType::kShort:
    case ShapeType::kByte:
    case ShapeType::kBigInteger:
      return v.IsInt64() ? std::to_string(v.GetInt64()) : "0";
    default:
      return std::string(Text(v));
  }
}

void EscapeXml(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        out += c;
    }
  }
}

class XmlWriter {
 public:
  XmlWriter(std::string& out, TimeStyle time_style, bool body_only)
      : out_(out), time_style_(time_style), body_only_(body_only) {}

  // The element(s) a member contributes (several for a flattened list or map).
  void Member(const Shape& shape, const Traits& traits, std::string_view name, const JsonValue& v) {
    if (shape.type == ShapeType::kList) {
      if (!v.IsArray()) return;
      const aws::model::Member& item = shape.list_member;
      if (traits.flattened) {
        std::string_view item_name =
            item.traits.location_name.empty() ? name : std::string_view(item.traits.location_name);
        for (const auto& element : v.GetArray())
          Element(*item.shape, item.traits, item_name, element);
        return;
      }
      std::string_view item_name = item.traits.location_name.empty()
                                       ? "member"
                                       : std::string_view(item.traits.location_name);
      Open(name, traits, shape, nullptr);
      for (const auto& element : v.GetArray())
        Element(*item.shape, item.traits, item_name, element);
      Close(name);
      return;
    }
    if (shape.type == ShapeType::kMap) {
      if (!v.IsObject()) return;
      std::string_view key_name = shape.map_key.traits.location_name.empty()
                                      ? "key"
                                      : std::string_view(shape.map_key.traits.location_name);
      std::string_view value_name = shape.map_value.traits.location_name.empty()
                                        ? "value"
                                        : std::string_view(shape.map_value.traits.location_name);
      if (!traits.flattened) Open(name, traits, shape, nullptr);
      for (const auto& entry : v.GetObject()) {
        std::string_view entry_name = traits.flattened ? name : "entry";
        out_ += '<';
        out_ += entry_name;
        out_ += '>';
        out_ += '<';
        out_ += key_name;
        out_ += '>';
        EscapeXml(out_, std::string_view(entry.name.GetString(), entry.name.GetStringLength()));
        Close(key_name);
        Element(*shape.map_value.shape, shape.map_value.traits, value_name, entry.value);
        Close(entry_name);
      }
      if (!traits.flattened) Close(name);
      return;
    }
    Element(shape, traits, name, v);
  }

  // One element for a structure or scalar value.
  void Element(const Shape& shape, const Traits& traits, std::string_view name,
               const JsonValue& v) {
    if (shape.type == ShapeType::kList || shape.type == ShapeType::kMap) {
      // A list or map as a list item: wrapped (flattened nested collections do not occur).
      Traits wrapped = traits;
      wrapped.flattened = false;
      Member(shape, wrapped, name, v);
      return;
    }
    if (shape.type == ShapeType::kStructure) {
      Open(name, traits, shape, &v);
      Members(shape, v);
      Close(name);
      return;
    }
    out_ += '<';
    out_ += name;
    out_ += '>';
    EscapeXml(out_, ScalarText(shape, traits, v, time_style_));
    Close(name);
  }

  // A structure's child elements, in model order.
  void Members(const Shape& shape, const JsonValue& v) {
    if (!v.IsObject()) return;
    for (const aws::model::Member& m : shape.members) {
      if (m.traits.xml_attribute) continue;
      if (body_only_ && m.traits.location != Location::kBody) continue;
      auto it = v.FindMember(rapidjson::StringRef(m.name.c_str()));
      if (it == v.MemberEnd()) continue;
      Member(*m.shape, m.traits, Name(m), it->value);
    }
  }

  void Open(std::string_view name, const Traits& traits, const Shape& shape, const JsonValue* v) {
    out_ += '<';
    out_ += name;
    if (!traits.xml_namespace_uri.empty()) {
      out_ += traits.xml_namespace_prefix.empty() ? " xmlns" : " xmlns:";
      out_ += traits.xml_namespace_prefix;
      out_ += "=\"";
      EscapeXml(out_, traits.xml_namespace_uri);
      out_ += '"';
    }
    if (v && v->IsObject() && shape.type == ShapeType::kStructure) {
      for (const aws::model::Member& m : shape.members) {
        if (!m.traits.xml_attribute) continue;
        auto it = v->FindMember(rapidjson::StringRef(m.name.c_str()));
        if (it == v->MemberEnd()) continue;
        out_ += ' ';
        out_ += Name(m);
        out_ += "=\"";
        EscapeXml(out_, ScalarText(*m.shape, m.traits, it->value, time_style_));
        out_ += '"';
      }
    }
    out_ += '>';
  }

  void Close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

 private:
  std::string& out_;
  TimeStyle time_style_;
  bool body_only_;
};

using JsonStringWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteJsonValue(const Shape& shape, const Traits& traits, const JsonValue& v,
                    JsonStringWriter& w, bool body_only);

void WriteJsonStructure(const Shape& shape, const JsonValue& v, JsonStringWriter& w,
                        bool body_only) {
  w.StartObject();
  if (v.IsObject()) {
    for (const Member& m : shape.members) {
      if (body_only && m.traits.location != Location::kBody) continue;
      auto it = v.FindMember(rapidjson::StringRef(m.name.c_str()));
      if (it == v.MemberEnd()) continue;
      std::string_view key = Name(m);
      w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
      WriteJsonValue(*m.shape, m.traits, it->value, w, false);
    }
  }
  w.EndObject();
}

void WriteJsonValue(const Shape& shape, const Traits& traits, const JsonValue& v,
                    JsonStringWriter& w, bool body_only) {
  if (shape.is_document) {
    v.Accept(w);
    return;
  }
  switch (shape.type) {
    case ShapeType::kStructure:
      WriteJsonStructure(shape, v, w, body_only);
      return;
    case ShapeType::kList:
      w.StartArray();
      if (v.IsArray()) {
        for (const auto& e : v.GetArray()) {
          WriteJsonValue(*shape.list_member.shape, shape.list_member.traits, e, w, false);
        }
      }
      w.EndArray();
      return;
    case ShapeType::kMap:
      w.StartObject();
      if (v.IsObject()) {
        for (const auto& e : v.GetObject()) {
          w.Key(e.name.GetString(), e.name.GetStringLength());
          WriteJsonValue(*shape.map_value.shape, shape.map_value.traits, e.value, w, false);
        }
      }
      w.EndObject();
      return;
    case ShapeType::kTimestamp: {
      TimeStyle style = StyleFor(traits, TimeStyle::kEpoch);
      Timestamp t = ToTimestamp(v);
      if (style != TimeStyle::kEpoch) {
        std::string text = FormatTime(v, style);
        w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
      } else if (t.microseconds == 0) {
        w.Int64(t.seconds);
      } else {
        w.Double(t.ToEpochSeconds());
      }
      return;
    }
    case ShapeType::kBlob: {
      std::string b64 = Base64Encode(Text(v));
      w.String(b64.c_str(), static_cast<rapidjson::SizeType>(b64.size()));
      return;
    }
    default:
      v.Accept(w);
  }
}

std::string JsonText(const Shape& shape, const Traits& traits, const JsonValue& v, bool body_only) {
  rapidjson::StringBuffer buffer;
  JsonStringWriter writer(buffer);
  WriteJsonValue(shape, traits, v, writer, body_only);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Header- and status-bound output members of REST protocols.
void WriteRestBindings(const Shape& output, const JsonValue& v, const aws::model::Operation& op,
                       aws::HttpResponse& response) {
  response.status = op.response_code > 0 ? op.response_code : 200;
  if (!v.IsObject()) return;
  for (const Member& m : output.members) {
    auto it = v.FindMember(rapidjson::StringRef(m.name.c_str()));
    if (it == v.MemberEnd()) continue;
    const JsonValue& value = it->value;
    if (m.traits.location == Location::kHeader) {
      std::string text;
      if (m.shape->type == ShapeType::kList && value.IsArray()) {
        for (const auto& e : value.GetArray()) {
          if (!text.empty()) text += ',';
          text += ScalarText(*m.shape->list_member.shape, m.shape->list_member.traits, e,
                             TimeStyle::kHttpDate);
        }
      } else if (m.traits.json_value || m.shape->traits.json_value) {
        text = Base64Encode(ToJson(value));
      } else {
        text = ScalarText(*m.shape, m.traits, value, TimeStyle::kHttpDate);
      }
      response.headers.push_back({std::string(Name(m)), text});
    } else if (m.traits.location == Location::kHeaders && value.IsObject()) {
      for (const auto& e : value.GetObject()) {
        response.headers.push_back({std::string(Name(m)) + e.name.GetString(),
                                    ScalarText(*m.shape->map_value.shape, m.shape->map_value.traits,
                                               e.value, TimeStyle::kHttpDate)});
      }
    }
  }
}

bool HasBodyMembers(const Shape& shape) {
  for (const Member& m : shape.members) {
    if (m.traits.location == Location::kBody) return true;
  }
  return false;
}

void AddRequestIdHeaders(const aws::model::ServiceEntry* service, std::string_view request_id,
                         aws::HttpResponse& response) {
  if (service && service->name == "s3") {
    response.headers.push_back({"x-amz-request-id", std::string(request_id)});
    response.headers.push_back({"x-amz-id-2", Base64Encode("sim-host-" + std::string(request_id))});
  } else {
    response.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
  }
}

std::string JsonContentType(const aws::model::ServiceEntry* service) {
  std::string version = service ? service->model->metadata().json_version : "";
  return "application/x-amz-json-" + (version.empty() ? std::string("1.1") : version);
}

}  // namespace

std::string ResponseNamespace(const aws::model::ServiceEntry& service) {
  const auto& metadata = service.model->metadata();
  if (!metadata.xml_namespace.empty()) return metadata.xml_namespace;
  if (service.name == "s3") return "http://s3.amazonaws.com/doc/2006-03-01/";
  return "http://" + metadata.endpoint_prefix + ".amazonaws.com/doc/" + metadata.api_version + "/";
}

aws::HttpResponse WriteSuccessResponse(const aws::model::ServiceEntry& service,
                                       const aws::model::Operation& operation,
                                       const JsonValue* output, std::string_view request_id) {
  const auto& metadata = service.model->metadata();
  const std::string& protocol = metadata.protocol;
  static const JsonValue kEmpty(rapidjson::kObjectType);
  const JsonValue& value = output ? *output : kEmpty;
  const Shape* shape = operation.output;
  aws::HttpResponse response;
  response.status = 200;
  AddRequestIdHeaders(&service, request_id, response);

  if (protocol == "query" || protocol == "ec2") {
    bool ec2 = protocol == "ec2";
    std::string& body = response.body;
    body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + operation.name + "Response xmlns=\"" +
           ResponseNamespace(service) + "\">";
    XmlWriter xml(body, ec2 ? TimeStyle::kIsoMillis : TimeStyle::kIso, false);
    if (ec2) {
      body += "<requestId>" + std::string(request_id) + "</requestId>";
      if (shape) xml.Members(*shape, value);
    } else if (shape) {
      if (!operation.output_result_wrapper.empty()) {
        body += '<' + operation.output_result_wrapper + '>';
        xml.Members(*shape, value);
        body += "</" + operation.output_result_wrapper + '>';
      } else {
        xml.Members(*shape, value);
      }
    }
    if (!ec2) {
      body += "<ResponseMetadata><RequestId>" + std::string(request_id) +
              "</RequestId></ResponseMetadata>";
    }
    body += "</" + operation.name + "Response>";
    response.headers.push_back({"Content-Type", "text/xml;charset=UTF-8"});
    return response;
  }

  if (protocol == "json") {
    response.body = shape ? JsonText(*shape, {}, value, false) : "{}";
    response.headers.push_back({"Content-Type", JsonContentType(&service)});
    return response;
  }

  // REST protocols.
  bool xml = protocol == "rest-xml";
  if (!shape) {
    response.status = operation.response_code > 0 ? operation.response_code : 200;
    if (!xml) response.body = "{}";
    return response;
  }
  WriteRestBindings(*shape, value, operation, response);
  if (!shape->payload.empty()) {
    const Member* payload = shape->FindMember(shape->payload);
    auto it = value.IsObject() ? value.FindMember(rapidjson::StringRef(shape->payload.c_str()))
                               : value.MemberEnd();
    if (payload && value.IsObject() && it != value.MemberEnd()) {
      const Shape& ps = *payload->shape;
      if (ps.type == ShapeType::kBlob || ps.type == ShapeType::kString) {
        response.body = std::string(Text(it->value));
        response.headers.push_back({"Content-Type", "application/octet-stream"});
      } else if (xml) {
        std::string& body = response.body;
        XmlWriter writer(body, TimeStyle::kIso, false);
        Traits traits = payload->traits;
        if (traits.xml_namespace_uri.empty()) traits.xml_namespace_uri = ResponseNamespace(service);
        std::string_view root = !payload->traits.location_name.empty()
                                    ? std::string_view(payload->traits.location_name)
                                    : std::string_view(ps.name);
        writer.Element(ps, traits, root, it->value);
        body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body;
        response.headers.push_back({"Content-Type", "application/xml"});
      } else {
        response.body = JsonText(ps, payload->traits, it->value, false);
        response.headers.push_back({"Content-Type", "application/json"});
      }
    }
    return response;
  }
  if (!HasBodyMembers(*shape)) {
    if (!xml) response.body = "{}";
    return response;
  }
  if (xml) {
    std::string root = !shape->traits.location_name.empty() ? shape->traits.location_name
                       : service.name == "s3"               ? operation.name + "Result"
                                                            : operation.name + "Response";
    std::string& body = response.body;
    body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" +
           (shape->traits.xml_namespace_uri.empty() ? ResponseNamespace(service)
                                                    : shape->traits.xml_namespace_uri) +
           "\">";
    XmlWriter writer(body, TimeStyle::kIso, true);
    writer.Members(*shape, value);
    body += "</" + root + '>';
    response.headers.push_back({"Content-Type", "application/xml"});
  } else {
    response.body = JsonText(*shape, {}, value, true);
    response.headers.push_back({"Content-Type", "application/json"});
  }
  return response;
}

aws::HttpResponse WriteErrorResponse(std::string_view protocol,
                                     const aws::model::ServiceEntry* service,
                                     const ErrorReply& error, std::string_view request_id) {
  aws::HttpResponse response;
  response.status = error.status;
  AddRequestIdHeaders(service, request_id, response);
  std::string message, code;
  EscapeXml(message, error.message);
  EscapeXml(code, error.code);
  std::string ns =
      service ? ResponseNamespace(*service) : "https://sts.amazonaws.com/doc/2011-06-15/";
  if (protocol == "ec2") {
    response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" +
                    code + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>" +
                    std::string(request_id) + "</RequestID></Response>";
    response.headers.push_back({"Content-Type", "text/xml;charset=UTF-8"});
  } else if (protocol == "query" ||
             (protocol == "rest-xml" && !(service && service->name == "s3"))) {
    response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + ns +
                    "\"><Error><Type>" + (error.sender_fault ? "Sender" : "Receiver") +
                    "</Type><Code>" + code + "</Code><Message>" + message +
                    "</Message></Error><RequestId>" + std::string(request_id) +
                    "</RequestId></ErrorResponse>";
    response.headers.push_back({"Content-Type", "text/xml"});
  } else if (protocol == "rest-xml") {
    response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code +
                    "</Code><Message>" + message + "</Message><RequestId>" +
                    std::string(request_id) + "</RequestId></Error>";
    response.headers.push_back({"Content-Type", "application/xml"});
  } else if (protocol == "json") {
    rapidjson::StringBuffer buffer;
    JsonStringWriter w(buffer);
    w.StartObject();
    w.Key("__type");
    w.String(error.code.c_str(), static_cast<rapidjson::SizeType>(error.code.size()));
    w.Key("message");
    w.String(error.message.c_str(), static_cast<rapidjson::SizeType>(error.message.size()));
    w.EndObject();
    response.body.assign(buffer.GetString(), buffer.GetSize());
    response.headers.push_back({"Content-Type", JsonContentType(service)});
  } else {  // rest-json
    response.headers.push_back({"x-amzn-ErrorType", error.code});
    rapidjson::StringBuffer buffer;
    JsonStringWriter w(buffer);
    w.StartObject();
    w.Key("message");
    w.String(error.message.c_str(), static_cast<rapidjson::SizeType>(error.message.size()));
    w.EndObject();
    response.body.assign(buffer.GetString(), buffer.GetSize());
    response.headers.push_back({"Content-Type", "application/json"});
  }
  return response;
}

}  // namespace awscrape::sim
