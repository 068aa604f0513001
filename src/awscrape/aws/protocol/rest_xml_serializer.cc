// rest-xml: the shared REST bindings with an XML body (botocore's RestXMLSerializer).
//
// The root element is the input reference's locationName (or the input shape's name) with its
// xmlNamespace; a structure payload's root is the payload member's locationName (or its shape's
// name). Elements take their member's locationName; xmlNamespace becomes an xmlns[:prefix]
// attribute on the element that carries it; xmlAttribute members become attributes of their
// structure; lists wrap items in <member> (or the item's locationName) unless flattened; maps
// use <entry><key/><value/></entry> unless flattened. No Content-Type, as botocore.
#include <string>
#include <string_view>

#include "awscrape/aws/protocol/serializer_util.h"
#include "awscrape/aws/protocol/serializers.h"

namespace awscrape::aws::internal {
namespace {

using model::Location;
using model::Member;
using model::Shape;
using model::ShapeType;
using model::Traits;

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
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
      case '\r':
        out += "&#xD;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#xA;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#x9;" : "\t";
        break;
      default:
        out += c;
    }
  }
}

std::string_view NameOf(const Traits& traits, std::string_view fallback) {
  return traits.location_name.empty() ? fallback : std::string_view(traits.location_name);
}

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void Element(std::string_view name, const Shape& shape, const Traits& traits,
               const JsonValue& value, bool body_members_only = false) {
    if (shape.type == ShapeType::kStructure && !shape.is_document) {
      Structure(name, shape, traits, value, body_members_only);
    } else if (shape.type == ShapeType::kList) {
      List(name, shape, traits, value);
    } else if (shape.type == ShapeType::kMap) {
      Map(name, shape, traits, value);
    } else {
      Open(name, traits);
      out_ += '>';
      const std::string text = shape.is_document
                                   ? ToJson(value)
                                   : ScalarText(shape, traits, value, TimestampFormat::kIso8601);
      AppendEscaped(out_, text, false);
      Close(name);
    }
  }

 private:
  void Structure(std::string_view name, const Shape& shape, const Traits& traits,
                 const JsonValue& value, bool body_members_only) {
    Open(name, traits);
    // Attributes first: they belong in the start tag.
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const Member* member = Find(shape, it->name, it->value, body_members_only);
      if (!member || !member->traits.xml_attribute) continue;
      out_ += ' ';
      out_ += NameOf(member->traits, member->name);
      out_ += "=\"";
      AppendEscaped(
          out_, ScalarText(*member->shape, member->traits, it->value, TimestampFormat::kIso8601),
          true);
      out_ += '"';
    }
    out_ += '>';
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const Member* member = Find(shape, it->name, it->value, body_members_only);
      if (!member || member->traits.xml_attribute) continue;
      Element(NameOf(member->traits, member->name), *member->shape, member->traits, it->value);
    }
    Close(name);
  }

  void List(std::string_view name, const Shape& shape, const Traits& traits,
            const JsonValue& value) {
    const Member& item = shape.list_member;
    if (traits.flattened) {
      // Each item is an element named like the list member itself.
      for (const JsonValue& element : value.GetArray()) {
        if (element.IsNull()) continue;
        Element(name, *item.shape, ItemTraits(item.traits, traits), element);
      }
      return;
    }
    Open(name, traits);
    out_ += '>';
    const std::string_view item_name = NameOf(item.traits, "member");
    for (const JsonValue& element : value.GetArray()) {
      if (element.IsNull()) continue;
      Element(item_name, *item.shape, item.traits, element);
    }
    Close(name);
  }

  void Map(std::string_view name, const Shape& shape, const Traits& traits,
           const JsonValue& value) {
    const Member& key = shape.map_key;
    const Member& val = shape.map_value;
    const std::string_view key_name = NameOf(key.traits, "key");
    const std::string_view value_name = NameOf(val.traits, "value");
    if (!traits.flattened) {
      Open(name, traits);
      out_ += '>';
    }
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (traits.flattened) {
        Open(name, traits);
        out_ += '>';
      } else {
        out_ += "<entry>";
      }
      Element(key_name, *key.shape, key.traits, it->name);
      if (!it->value.IsNull()) Element(value_name, *val.shape, val.traits, it->value);
      if (traits.flattened) {
        Close(name);
      } else {
        out_ += "</entry>";
      }
    }
    if (!traits.flattened) Close(name);
  }

  // A flattened list's items are written under the list member's name and namespace.
  static const Traits& ItemTraits(const Traits& item, const Traits& list) {
    return list.xml_namespace_uri.empty() ? item : list;
  }

  static const Member* Find(const Shape& shape, const JsonValue& name, const JsonValue& value,
                            bool body_members_only) {
    if (value.IsNull()) return nullptr;
    const Member* member = shape.FindMember({name.GetString(), name.GetStringLength()});
    if (member && body_members_only && member->traits.location != Location::kBody) return nullptr;
    return member;
  }

  void Open(std::string_view name, const Traits& traits) {
    out_ += '<';
    out_ += name;
    if (!traits.xml_namespace_uri.empty()) {
      out_ += " xmlns";
      if (!traits.xml_namespace_prefix.empty()) {
        out_ += ':';
        out_ += traits.xml_namespace_prefix;
      }
      out_ += "=\"";
      AppendEscaped(out_, traits.xml_namespace_uri, true);
      out_ += '"';
    }
  }

  void Close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  std::string& out_;
};

class RestXmlBodyWriter final : public RestBodyWriter {
 public:
  std::string InputBody(const model::Operation& operation, const JsonValue& params) const override {
    std::string out;
    XmlWriter(out).Element(NameOf(operation.input_traits, operation.input->name), *operation.input,
                           operation.input_traits, params,
                           /*body_members_only=*/true);
    return out;
  }
  std::string PayloadBody(const Member& member, const JsonValue& value) const override {
    std::string out;
    XmlWriter(out).Element(NameOf(member.traits, member.shape->name), *member.shape, member.traits,
                           value);
    return out;
  }
  std::string_view EmptyBody() const override { return ""; }
  std::string_view ContentType() const override { return ""; }
};

}  // namespace

Status SerializeRestXml(const model::Operation& operation, std::string_view request_uri,
                        const JsonValue& params, HttpRequest& request) {
  static const RestXmlBodyWriter kWriter;
  return SerializeRest(operation, request_uri, params, kWriter, request);
}

}  // namespace awscrape::aws::internal
