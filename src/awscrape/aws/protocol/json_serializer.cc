// The json protocol (awsJson 1.0/1.1) and the JSON body writer rest-json shares: members under
// their locationName, timestamps as epoch seconds unless the member says otherwise, blobs
// base64, documents verbatim, special floats as the strings "NaN"/"Infinity"/"-Infinity".
// Written straight to a RapidJSON writer: no intermediate document.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "awscrape/aws/protocol/serializer_util.h"
#include "awscrape/aws/protocol/serializers.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws::internal {
namespace {

using model::Member;
using model::Shape;
using model::ShapeType;
using model::Traits;

class JsonWriter {
 public:
  explicit JsonWriter(rapidjson::StringBuffer& buffer) : writer_(buffer) {}

  void Structure(const Shape& shape, const JsonValue& value, bool body_members_only) {
    writer_.StartObject();
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (it->value.IsNull()) continue;  // absent, not null (smithy: structures omit nulls)
      const Member* member = shape.FindMember({it->name.GetString(), it->name.GetStringLength()});
      if (!member) continue;  // validated before: cannot happen
      if (body_members_only && member->traits.location != model::Location::kBody) continue;
      const std::string& name =
          member->traits.location_name.empty() ? member->name : member->traits.location_name;
      writer_.Key(name.data(), rapidjson::SizeType(name.size()));
      Value(*member->shape, member->traits, it->value);
    }
    writer_.EndObject();
  }

  void Value(const Shape& shape, const Traits& traits, const JsonValue& value) {
    if (value.IsNull() || shape.is_document) {
      value.Accept(writer_);
      return;
    }
    switch (shape.type) {
      case ShapeType::kStructure:
        Structure(shape, value, false);
        return;
      case ShapeType::kList:
        writer_.StartArray();
        for (const JsonValue& element : value.GetArray()) {
          Value(*shape.list_member.shape, shape.list_member.traits, element);
        }
        writer_.EndArray();
        return;
      case ShapeType::kMap:
        writer_.StartObject();
        for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
          writer_.Key(it->name.GetString(), it->name.GetStringLength());
          Value(*shape.map_value.shape, shape.map_value.traits, it->value);
        }
        writer_.EndObject();
        return;
      case ShapeType::kTimestamp: {
        auto t = TimestampParam(value);
        if (!t) {
          writer_.Null();
        } else if (TimestampFormatOf(traits, TimestampFormat::kUnixTimestamp) ==
                   TimestampFormat::kUnixTimestamp) {
          writer_.Int64(t->seconds);
        } else {
          String(FormatTimestamp(*t, TimestampFormatOf(traits, TimestampFormat::kUnixTimestamp)));
        }
        return;
      }
      case ShapeType::kBlob:
        String(Base64Encode({value.GetString(), value.GetStringLength()}));
        return;
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        if (value.IsDouble()) {
          // Python's repr, as json.dumps writes floats ("1e+20", not RapidJSON's "1e20").
          std::string text = FormatPythonFloat(value.GetDouble());
          writer_.RawValue(text.data(), text.size(), rapidjson::kNumberType);
          return;
        }
        break;  // integers and the special-float strings are written as given
      default:
        break;
    }
    value.Accept(writer_);
  }

 private:
  void String(const std::string& s) { writer_.String(s.data(), rapidjson::SizeType(s.size())); }

  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace

std::string WriteJson(const Shape& shape, const JsonValue& value, bool body_members_only) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  if (shape.type == ShapeType::kStructure && !shape.is_document) {
    writer.Structure(shape, value, body_members_only);
  } else {
    writer.Value(shape, shape.traits, value);
  }
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status SerializeJsonRpc(const model::ServiceModel& service, const model::Operation& operation,
                        const JsonValue& params, HttpRequest& request) {
  const model::ServiceMetadata& metadata = service.metadata();
  request.method = operation.http_method;
  request.path = "/";
  SetHeader(request.headers, "X-Amz-Target", metadata.target_prefix + "." + operation.name);
  SetHeader(request.headers, "Content-Type",
            "application/x-amz-json-" +
                (metadata.json_version.empty() ? std::string("1.0") : metadata.json_version));
  // awsQueryCompatible services answer errors with the query error code when asked to.
  if (metadata.aws_query_compatible) SetHeader(request.headers, "x-amzn-query-mode", "true");
  if (operation.input && params.IsObject()) {
    request.body = WriteJson(*operation.input, params, false);
  } else {
    request.body = "{}";
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::internal
