#include "awscrape/aws/protocol/xml_response_parser.h"

#include <cstring>
#include <memory>
#include <vector>

namespace awscrape::aws::parsing {
namespace {

using model::Member;
using model::Shape;
using model::ShapeType;

// Per-member scratch space of one structure, on the stack for the usual sizes.
template <typename T, size_t N = 48>
class SmallBuffer {
 public:
  explicit SmallBuffer(size_t n)
      : data_(n <= N ? stack_ : (heap_ = std::make_unique<T[]>(n)).get()) {}
  T& operator[](size_t i) { return data_[i]; }

 private:
  T stack_[N];
  std::unique_ptr<T[]> heap_;
  T* data_;
};

bool IsElement(pugi::xml_node node) { return node.type() == pugi::node_element; }

// botocore's _member_key_name: a flattened list is keyed by its member's locationName.
std::string_view MemberKeyName(const Member& m) {
  if (m.shape->type == ShapeType::kList && m.traits.flattened &&
      !m.shape->list_member.traits.location_name.empty()) {
    return m.shape->list_member.traits.location_name;
  }
  if (!m.traits.location_name.empty()) return m.traits.location_name;
  return m.name;
}

// Calls f(element) for each item botocore iterates: the aggregated run of same-named siblings
// for a list (or a flattened value), otherwise the element's child elements.
template <typename F>
Status ForEachItem(XmlNode node, bool flattened, F&& f) {
  if (flattened || node.is_list) {
    std::string_view name = XmlLocalName(node.first);
    for (pugi::xml_node n = node.first; n; n = n.next_sibling()) {
      if (!IsElement(n) || XmlLocalName(n) != name) continue;
      AWSCRAPE_RETURN_IF_ERROR(f(n));
    }
    return Status::Ok();
  }
  for (pugi::xml_node n = node.first.first_child(); n; n = n.next_sibling()) {
    if (IsElement(n)) AWSCRAPE_RETURN_IF_ERROR(f(n));
  }
  return Status::Ok();
}

Status ParseXmlList(const Shape& shape, const model::Traits& traits, XmlNode node,
                    ParseContext& ctx, JsonValue& out) {
  out.SetArray();
  const Member& member = shape.list_member;
  return ForEachItem(node, traits.flattened, [&](pugi::xml_node item) -> Status {
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(ParseXmlValue(*member.shape, member.traits, {item}, ctx, value));
    out.PushBack(value, ctx.alloc);
    return Status::Ok();
  });
}

Status ParseXmlMap(const Shape& shape, const model::Traits& traits, XmlNode node, ParseContext& ctx,
                   JsonValue& out) {
  out.SetObject();
  std::string_view key_name = shape.map_key.traits.location_name;
  if (key_name.empty()) key_name = "key";
  std::string_view value_name = shape.map_value.traits.location_name;
  if (value_name.empty()) value_name = "value";
  std::string scratch;
  return ForEachItem(node, traits.flattened, [&](pugi::xml_node entry) -> Status {
    pugi::xml_node key_node, value_node;
    for (pugi::xml_node n = entry.first_child(); n; n = n.next_sibling()) {
      if (!IsElement(n)) continue;
      std::string_view tag = XmlLocalName(n);
      if (tag == key_name) {
        key_node = n;
      } else if (tag == value_name) {
        value_node = n;
      } else {
        return ParseError("unknown tag <" + std::string(tag) + "> in a map entry");
      }
    }
    if (!key_node) return ParseError("map entry without <" + std::string(key_name) + ">");
    if (!value_node) return Status::Ok();  // nothing to map the key to
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(
        ParseXmlValue(*shape.map_value.shape, shape.map_value.traits, {value_node}, ctx, value));
    SetMember(out, XmlText(key_node, scratch), std::move(value), ctx.alloc);
    return Status::Ok();
  });
}

pugi::xml_node ErrorRoot(pugi::xml_node root, Protocol protocol) {
  if (protocol == Protocol::kEc2) {
    // <Response><Errors><Error>...
    for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
      if (!IsElement(child) || XmlLocalName(child) != "Errors") continue;
      if (pugi::xml_node error = XmlChild(child, "Error")) return error;
    }
    return root;
  }
  if (XmlLocalName(root) == "ErrorResponse") {
    if (pugi::xml_node error = XmlChild(root, "Error")) return error;
  }
  return root;
}

// botocore keeps an attribute's namespace as the prefix written in the member's locationName.
bool AttributeMatches(std::string_view attr_name, std::string_view location_name) {
  size_t colon = attr_name.find(':');
  if (colon == std::string_view::npos) return attr_name == location_name;
  std::string_view prefix = attr_name.substr(0, colon);
  if (prefix == "xmlns") return false;  // a namespace declaration, not an attribute
  std::string_view local = attr_name.substr(colon + 1);
  std::string_view wanted_prefix = location_name.substr(0, location_name.find(':'));
  return location_name.size() == wanted_prefix.size() + 1 + local.size() &&
         location_name.substr(0, wanted_prefix.size()) == wanted_prefix &&
         location_name[wanted_prefix.size()] == ':' &&
         location_name.substr(wanted_prefix.size() + 1) == local;
}

struct Slot {
  pugi::xml_node first;
  int count = 0;
};

}  // namespace

Status LoadXml(std::string_view body, pugi::xml_document& doc) {
  constexpr unsigned kFlags = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result result =
      doc.load_buffer(body.data(), body.size(), kFlags, pugi::encoding_auto);
  if (!result) {
    return ParseError(std::string("invalid XML at offset ") + std::to_string(result.offset) + ": " +
                      result.description());
  }
  if (!doc.document_element()) return ParseError("XML body has no root element");
  return Status::Ok();
}

std::string_view XmlLocalName(pugi::xml_node node) {
  const char* name = node.name();
  const char* colon = std::strchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

pugi::xml_node XmlChild(pugi::xml_node parent, std::string_view local_name) {
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (IsElement(child) && XmlLocalName(child) == local_name) return child;
  }
  return {};
}

std::string_view XmlText(pugi::xml_node node, std::string& scratch) {
  pugi::xml_node first = node.first_child();
  if (!first) return {};
  auto is_text = [](pugi::xml_node n) {
    return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata;
  };
  pugi::xml_node next = first.next_sibling();
  if (is_text(first) && (!next || IsElement(next))) return first.value();  // the common case
  // Text split by CDATA sections or comments: ElementTree joins it up to the first element.
  scratch.clear();
  for (pugi::xml_node n = first; n && !IsElement(n); n = n.next_sibling()) {
    if (is_text(n)) scratch += n.value();
  }
  return scratch;
}

Status ParseXmlValue(const Shape& shape, const model::Traits& traits, XmlNode node,
                     ParseContext& ctx, JsonValue& out) {
  switch (shape.type) {
    case ShapeType::kStructure:
      return ParseXmlStructure(shape, node.first, ctx, out);
    case ShapeType::kList: {
      NestingGuard guard(ctx);
      AWSCRAPE_RETURN_IF_ERROR(guard.status());
      return ParseXmlList(shape, traits, node, ctx, out);
    }
    case ShapeType::kMap: {
      NestingGuard guard(ctx);
      AWSCRAPE_RETURN_IF_ERROR(guard.status());
      return ParseXmlMap(shape, traits, node, ctx, out);
    }
    default: {
      std::string scratch;
      return ParseTextScalar(shape, traits, XmlText(node.first, scratch), TextSource::kBody, ctx,
                             out);
    }
  }
}

Status ParseXmlStructure(const Shape& shape, pugi::xml_node node, ParseContext& ctx,
                         JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  if (shape.is_exception) node = ErrorRoot(node, ctx.protocol);
  out.SetObject();
  const size_t count = shape.members.size();
  SmallBuffer<std::string_view> keys(count);
  SmallBuffer<Slot> slots(count);
  for (size_t i = 0; i < count; ++i) {
    const Member& m = shape.members[i];
    // Members bound to the response's headers or status are not in the body; uri and
    // querystring bindings only exist in requests, so such members are read from the body.
    bool in_body = m.traits.location != model::Location::kHeader &&
                   m.traits.location != model::Location::kHeaders &&
                   m.traits.location != model::Location::kStatusCode && !m.traits.event_header;
    keys[i] = in_body ? MemberKeyName(m) : std::string_view();
  }
  // Children usually come in model order: start each search after the previous match.
  size_t hint = 0;
  int distinct_tags = 0;
  std::string_view unknown_tag;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (!IsElement(child)) continue;
    std::string_view tag = XmlLocalName(child);
    size_t found = count;
    for (size_t n = 0; n < count; ++n) {
      size_t i = hint + n < count ? hint + n : hint + n - count;
      if (!keys[i].empty() && keys[i] == tag) {
        found = i;
        break;
      }
    }
    if (found == count) {
      if (shape.is_union && unknown_tag != tag) {
        ++distinct_tags;  // approximate for repeated unknown tags, which only matter once
        unknown_tag = tag;
      }
      continue;
    }
    hint = found;
    if (slots[found].count++ == 0) {
      slots[found].first = child;
      ++distinct_tags;
    }
  }
  if (shape.is_union && distinct_tags > 0) {
    if (distinct_tags != 1) {
      return ParseError("invalid response: union " + shape.name + " must have one member set");
    }
    if (!unknown_tag.empty()) {
      // botocore's answer for a union member this model does not know.
      JsonValue unknown(rapidjson::kObjectType);
      unknown.AddMember("name", CopyString(unknown_tag, ctx.alloc), ctx.alloc);
      out.AddMember("SDK_UNKNOWN_MEMBER", unknown, ctx.alloc);
      return Status::Ok();
    }
  }
  for (size_t i = 0; i < count; ++i) {
    const Member& m = shape.members[i];
    if (keys[i].empty()) continue;
    if (slots[i].count > 0) {
      JsonValue value;
      AWSCRAPE_RETURN_IF_ERROR(
          ParseXmlValue(*m.shape, m.traits, {slots[i].first, slots[i].count > 1}, ctx, value)
              .WithContext(m.name));
      out.AddMember(CopyString(m.name, ctx.alloc), value, ctx.alloc);
    } else if (m.traits.xml_attribute) {
      for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
        if (AttributeMatches(attr.name(), m.traits.location_name)) {
          out.AddMember(CopyString(m.name, ctx.alloc), CopyString(attr.value(), ctx.alloc),
                        ctx.alloc);
          break;
        }
      }
    }
  }
  return Status::Ok();
}

Status XmlToDict(pugi::xml_node node, ParseContext& ctx, JsonValue& out) {
  NestingGuard guard(ctx);
  AWSCRAPE_RETURN_IF_ERROR(guard.status());
  out.SetObject();
  struct Entry {
    std::string_view tag;
    pugi::xml_node first;
    bool repeated = false;
  };
  std::vector<Entry> entries;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (!IsElement(child)) continue;
    std::string_view tag = XmlLocalName(child);
    bool seen = false;
    for (Entry& e : entries) {
      if (e.tag == tag) e.repeated = seen = true;
    }
    if (!seen) entries.push_back({tag, child});
  }
  std::string scratch;
  for (const Entry& e : entries) {
    JsonValue value;
    bool has_children = false;
    for (pugi::xml_node c = e.first.first_child(); c; c = c.next_sibling()) {
      if (IsElement(c)) has_children = true;
    }
    if (e.repeated || has_children) {
      // botocore turns a repeated tag into the dict of its first element's children.
      AWSCRAPE_RETURN_IF_ERROR(XmlToDict(e.first, ctx, value));
    } else {
      pugi::xml_node text = e.first.first_child();
      if (text && (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata)) {
        value = CopyString(XmlText(e.first, scratch), ctx.alloc);
      }  // else: ElementTree's None
    }
    out.AddMember(CopyString(e.tag, ctx.alloc), value, ctx.alloc);
  }
  return Status::Ok();
}

}  // namespace awscrape::aws::parsing
