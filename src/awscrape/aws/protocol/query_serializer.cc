// The query and ec2 protocols: every parameter becomes a form field named by its path
// ("Filter.1.Name", "Tags.member.2.Key", "Attributes.entry.1.value"), after Action and Version,
// in the order the parameters were given (botocore's order). The two differ only in naming:
// ec2 prefers queryName, capitalises locationName, never wraps lists in ".member" and drops
// empty lists, which query sends as "Name=".
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

class FormWriter {
 public:
  FormWriter(bool ec2, std::string& body) : ec2_(ec2), body_(body) {}

  void Structure(const Shape& shape, const JsonValue& value, std::string& prefix) {
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (it->value.IsNull()) continue;
      const Member* member = shape.FindMember({it->name.GetString(), it->name.GetStringLength()});
      if (!member) continue;  // validated before: cannot happen
      const size_t mark = prefix.size();
      if (!prefix.empty()) prefix += '.';
      prefix += SerializedName(member->traits, member->name, /*capitalise_fallback=*/true);
      Value(*member->shape, member->traits, it->value, prefix);
      prefix.resize(mark);
    }
  }

 private:
  void Value(const Shape& shape, const Traits& traits, const JsonValue& value,
             std::string& prefix) {
    if (shape.type == ShapeType::kStructure && !shape.is_document) {
      Structure(shape, value, prefix);
    } else if (shape.type == ShapeType::kList) {
      List(shape, traits, value, prefix);
    } else if (shape.type == ShapeType::kMap) {
      Map(shape, traits, value, prefix);
    } else {
      Field(prefix, ScalarText(shape, traits, value, TimestampFormat::kIso8601));
    }
  }

  void List(const Shape& shape, const Traits& traits, const JsonValue& value, std::string& prefix) {
    const Member& item = shape.list_member;
    const size_t mark = prefix.size();
    if (ec2_) {
      // ec2 lists are always "Name.N", and an empty list sends nothing.
    } else if (value.Empty()) {
      Field(prefix, "");
      return;
    } else if (traits.flattened) {
      // A flattened list's items take the member's locationName in place of the last part.
      if (!item.traits.location_name.empty()) {
        size_t dot = prefix.rfind('.');
        prefix.resize(dot == std::string::npos ? 0 : dot + 1);
        prefix += item.traits.location_name;
      }
    } else {
      prefix += '.';
      prefix += item.traits.location_name.empty() ? std::string_view("member")
                                                  : std::string_view(item.traits.location_name);
    }
    const size_t item_mark = prefix.size();
    int index = 0;
    for (const JsonValue& element : value.GetArray()) {
      ++index;
      if (element.IsNull()) continue;
      prefix += '.';
      prefix += std::to_string(index);
      Value(*item.shape, item.traits, element, prefix);
      prefix.resize(item_mark);
    }
    prefix.resize(mark);
  }

  void Map(const Shape& shape, const Traits& traits, const JsonValue& value, std::string& prefix) {
    const size_t mark = prefix.size();
    if (!traits.flattened) prefix += ".entry";
    const size_t entry_mark = prefix.size();
    const std::string key_name = SerializedName(shape.map_key.traits, "key");
    const std::string value_name = SerializedName(shape.map_value.traits, "value");
    int index = 0;
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      ++index;
      prefix += '.';
      prefix += std::to_string(index);
      const size_t index_mark = prefix.size();
      prefix += '.';
      prefix += key_name;
      Field(prefix, {it->name.GetString(), it->name.GetStringLength()});
      prefix.resize(index_mark);
      if (!it->value.IsNull()) {
        prefix += '.';
        prefix += value_name;
        Value(*shape.map_value.shape, shape.map_value.traits, it->value, prefix);
      }
      prefix.resize(entry_mark);
    }
    prefix.resize(mark);
  }

  // botocore's _get_serialized_name. ec2 prefers queryName and capitalises locationName; it
  // capitalises a member's own name too, as the ec2Query spec says (botocore does not, but the
  // ec2 models' member names are all capitalised already, so only the vectors see it).
  std::string SerializedName(const Traits& traits, std::string_view fallback,
                             bool capitalise_fallback = false) const {
    if (!ec2_) {
      return traits.location_name.empty() ? std::string(fallback) : traits.location_name;
    }
    if (!traits.query_name.empty()) return traits.query_name;
    std::string name;
    if (!traits.location_name.empty()) {
      name = traits.location_name;
    } else {
      name = fallback;
      if (!capitalise_fallback) return name;
    }
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = char(name[0] - 'a' + 'A');
    return name;
  }

  void Field(std::string_view name, std::string_view value) {
    body_ += '&';
    body_ += UriEncode(name);
    body_ += '=';
    body_ += UriEncode(value);
  }

  const bool ec2_;
  std::string& body_;
};

}  // namespace

Status SerializeQuery(const model::ServiceModel& service, const model::Operation& operation,
                      const JsonValue& params, bool ec2, HttpRequest& request) {
  request.method = operation.http_method;
  request.path = "/";
  SetHeader(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  std::string& body = request.body;
  body = "Action=";
  body += UriEncode(operation.name);
  body += "&Version=";
  body += UriEncode(service.metadata().api_version);
  if (operation.input && params.IsObject()) {
    std::string prefix;
    prefix.reserve(64);
    FormWriter(ec2, body).Structure(*operation.input, params, prefix);
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::internal
