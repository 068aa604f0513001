// The HTTP bindings rest-json and rest-xml share (botocore's BaseRestSerializer): members bound
// to URI labels, the query string, headers and header maps, and the payload rules. Only the body
// format differs, behind RestBodyWriter.
//
// Text forms follow the protocol vectors where botocore 1.29 is looser: booleans are
// "true"/"false" everywhere, timestamps in labels and query strings are ISO 8601 and in headers
// RFC 822 unless the member says otherwise, special floats are "NaN"/"Infinity"/"-Infinity", and
// list headers quote items holding a comma or a double quote.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/aws/protocol/serializer_util.h"
#include "awscrape/aws/protocol/serializers.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws::internal {
namespace {

using model::Location;
using model::Member;
using model::Shape;
using model::ShapeType;

std::string_view WireName(const Member& member) {
  return member.traits.location_name.empty() ? std::string_view(member.name)
                                             : std::string_view(member.traits.location_name);
}

std::string_view StringOf(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

// A list header item: smithy quotes strings holding the list separator or a quote.
void AppendHeaderItem(std::string& out, const Shape& shape, std::string text) {
  if (shape.type == ShapeType::kString && text.find_first_of(",\"") != std::string::npos) {
    out += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  } else {
    out += text;
  }
}

// botocore: base64 of json.dumps(value, separators=(',', ':')), ASCII-escaped like Python's.
std::string JsonValueHeader(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::ASCII<>> writer(buffer);
  value.Accept(writer);
  return Base64Encode({buffer.GetString(), buffer.GetSize()});
}

struct QueryParam {
  std::string_view key;
  std::string value;
};

class Bindings {
 public:
  Bindings(const model::Operation& operation, std::string_view request_uri, const JsonValue& params,
           HttpRequest& request)
      : operation_(operation), request_uri_(request_uri), params_(params), request_(request) {}

  // Sorts the parameters into labels, query parameters and headers, and notes body members.
  void Partition() {
    const Shape& input = *operation_.input;
    for (auto it = params_.MemberBegin(); it != params_.MemberEnd(); ++it) {
      if (it->value.IsNull()) continue;
      const Member* member = input.FindMember(StringOf(it->name));
      if (!member) continue;  // validated before: cannot happen
      switch (member->traits.location) {
        case Location::kUri:
          labels_.emplace_back(WireName(*member), ScalarText(*member->shape, member->traits,
                                                             it->value, TimestampFormat::kIso8601));
          break;
        case Location::kQueryString:
          AddQuery(*member, it->value);
          break;
        case Location::kHeader:
          AddHeader(*member, it->value);
          break;
        case Location::kHeaders:
          for (auto h = it->value.MemberBegin(); h != it->value.MemberEnd(); ++h) {
            if (h->value.IsNull()) continue;
            request_.headers.push_back(
                {std::string(WireName(*member)) + std::string(StringOf(h->name)),
                 ScalarText(*member->shape->map_value.shape, member->shape->map_value.traits,
                            h->value, TimestampFormat::kRfc822)});
          }
          break;
        case Location::kStatusCode:
          break;
        case Location::kBody:
          has_body_member_ = true;
          break;
      }
    }
  }

  // Fills request.path and request.query from the requestUri template.
  Status RenderUri() {
    std::string_view uri = request_uri_;
    const size_t question = uri.find('?');
    const std::string_view path_template = uri.substr(0, question);
    std::string& path = request_.path;
    path.clear();
    for (size_t i = 0; i < path_template.size();) {
      const size_t open = path_template.find('{', i);
      if (open == std::string_view::npos) {
        path.append(path_template.substr(i));
        break;
      }
      path.append(path_template.substr(i, open - i));
      const size_t close = path_template.find('}', open);
      if (close == std::string_view::npos) {
        return InvalidArgument(operation_.name + ": malformed requestUri '" +
                               operation_.request_uri + "'");
      }
      std::string_view label = path_template.substr(open + 1, close - open - 1);
      const bool greedy = !label.empty() && label.back() == '+';
      if (greedy) label.remove_suffix(1);
      const std::string* value = FindLabel(label);
      if (!value) {
        return InvalidArgument(operation_.name + ": missing required URI parameter \"" +
                               std::string(label) + "\"");
      }
      if (value->empty()) {
        return InvalidArgument(operation_.name + ": URI parameter \"" + std::string(label) +
                               "\" must not be empty");
      }
      path += UriEncode(*value, greedy);
      i = close + 1;
    }
    std::string& query = request_.query;
    query.clear();
    if (question != std::string_view::npos) query.append(uri.substr(question + 1));
    for (const QueryParam& p : query_) {
      if (!query.empty()) query += '&';
      query += UriEncode(p.key);
      query += '=';
      query += UriEncode(p.value);
    }
    return Status::Ok();
  }

  void WriteBody(const RestBodyWriter& writer) {
    const Shape& input = *operation_.input;
    bool structured = true;
    const std::string& payload = operation_.input_payload;
    if (!payload.empty()) {
      const Member* member = input.FindMember(payload);
      const JsonValue* value = FindMember(params_, payload);
      if (value && value->IsNull()) value = nullptr;
      if (member &&
          (member->shape->type == ShapeType::kBlob || member->shape->type == ShapeType::kString)) {
        // A blob or string payload is the body itself, sent as given.
        structured = false;
        if (value && value->IsString()) {
          request_.body.assign(value->GetString(), value->GetStringLength());
        }
      } else if (member && value) {
        request_.body = writer.PayloadBody(*member, *value);
      } else {
        request_.body = writer.EmptyBody();
      }
    } else if (has_body_member_) {
      request_.body = writer.InputBody(operation_, params_);
    } else {
      for (const Member& m : input.members) {
        if (m.traits.location == Location::kBody) {
          request_.body = writer.EmptyBody();
          break;
        }
      }
    }
    if (structured && !request_.body.empty() && !writer.ContentType().empty() &&
        !FindHeader(request_.headers, "Content-Type")) {
      request_.headers.push_back({"Content-Type", std::string(writer.ContentType())});
    }
  }

 private:
  void AddQuery(const Member& member, const JsonValue& value) {
    const Shape& shape = *member.shape;
    if (shape.type == ShapeType::kMap) {
      // A map spreads its entries over the query string; named members win over its keys.
      const Member& item = shape.map_value;
      for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
        std::string_view key = StringOf(it->name);
        if (it->value.IsNull() || IsNamedQueryKey(key)) continue;
        if (it->value.IsArray()) {
          const Member& element = item.shape->list_member;
          for (const JsonValue& v : it->value.GetArray()) {
            if (v.IsNull()) continue;
            query_.push_back(
                {key, ScalarText(*element.shape, element.traits, v, TimestampFormat::kIso8601)});
          }
        } else {
          query_.push_back(
              {key, ScalarText(*item.shape, item.traits, it->value, TimestampFormat::kIso8601)});
        }
      }
    } else if (shape.type == ShapeType::kList) {
      const Member& element = shape.list_member;
      for (const JsonValue& v : value.GetArray()) {
        if (v.IsNull()) continue;
        query_.push_back({WireName(member), ScalarText(*element.shape, element.traits, v,
                                                       TimestampFormat::kIso8601)});
      }
    } else {
      query_.push_back(
          {WireName(member), ScalarText(shape, member.traits, value, TimestampFormat::kIso8601)});
    }
  }

  bool IsNamedQueryKey(std::string_view key) const {
    for (const Member& m : operation_.input->members) {
      if (m.traits.location != Location::kQueryString || m.shape->type == ShapeType::kMap) {
        continue;
      }
      if (WireName(m) != key) continue;
      const JsonValue* v = FindMember(params_, m.name);
      if (v && !v->IsNull()) return true;
    }
    return false;
  }

  void AddHeader(const Member& member, const JsonValue& value) {
    const Shape& shape = *member.shape;
    std::string text;
    if (shape.type == ShapeType::kList) {
      if (value.Empty()) return;  // botocore sends no header for an empty list
      const Member& element = shape.list_member;
      bool first = true;
      for (const JsonValue& v : value.GetArray()) {
        if (v.IsNull()) continue;
        if (!first) text += ',';
        first = false;
        AppendHeaderItem(text, *element.shape,
                         ScalarText(*element.shape, element.traits, v, TimestampFormat::kRfc822));
      }
    } else if (member.traits.json_value) {
      text = JsonValueHeader(value);
    } else {
      text = ScalarText(shape, member.traits, value, TimestampFormat::kRfc822);
    }
    request_.headers.push_back({std::string(WireName(member)), std::move(text)});
  }

  const std::string* FindLabel(std::string_view name) const {
    for (const auto& [label, value] : labels_) {
      if (label == name) return &value;
    }
    return nullptr;
  }

  const model::Operation& operation_;
  std::string_view request_uri_;
  const JsonValue& params_;
  HttpRequest& request_;
  std::vector<std::pair<std::string_view, std::string>> labels_;
  std::vector<QueryParam> query_;
  bool has_body_member_ = false;
};

}  // namespace

Status SerializeRest(const model::Operation& operation, std::string_view request_uri,
                     const JsonValue& params, const RestBodyWriter& body_writer,
                     HttpRequest& request) {
  request.method = operation.http_method;
  if (!operation.input || !params.IsObject()) {
    // No input: the requestUri is the target as it stands.
    std::string_view uri = request_uri;
    const size_t question = uri.find('?');
    request.path = std::string(uri.substr(0, question));
    request.query =
        question == std::string_view::npos ? std::string() : std::string(uri.substr(question + 1));
    if (request.path.find('{') != std::string::npos) {
      return InvalidArgument(operation.name + ": the requestUri needs parameters");
    }
    return Status::Ok();
  }
  Bindings bindings(operation, request_uri, params, request);
  bindings.Partition();
  AWSCRAPE_RETURN_IF_ERROR(bindings.RenderUri());
  bindings.WriteBody(body_writer);
  return Status::Ok();
}

}  // namespace awscrape::aws::internal
