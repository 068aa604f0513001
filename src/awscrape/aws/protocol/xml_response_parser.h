// XML bodies (query, ec2 and rest-xml) parsed into botocore's form, straight from a pugixml DOM
// (internal to aws/protocol).
//
// botocore (BaseXMLResponseParser) matches elements by local name (namespaces stripped), and
// aggregates repeated sibling elements into a list: XmlNode models that view without copying.
// Members with an HTTP location (header, statusCode, ...) are left to the REST parser.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "awscrape/aws/model/shape.h"
#include "awscrape/aws/protocol/parser_util.h"

namespace awscrape::aws::parsing {

// One element, or (is_list) the run of same-named sibling elements starting at `first`.
struct XmlNode {
  pugi::xml_node first;
  bool is_list = false;
};

// Parses `body` into `doc`; malformed XML is a ParseError with the offset.
Status LoadXml(std::string_view body, pugi::xml_document& doc);

// The element's name without its namespace prefix.
std::string_view XmlLocalName(pugi::xml_node node);
// The first child element with that local name, or an empty node.
pugi::xml_node XmlChild(pugi::xml_node parent, std::string_view local_name);
// ElementTree's `.text`: the character data before the first child element ("" when none).
// Points into the DOM, or into `scratch` when the text had to be joined.
std::string_view XmlText(pugi::xml_node node, std::string& scratch);

// A value of any shape. `traits` are the reference's merged traits (flattened, locationName).
Status ParseXmlValue(const model::Shape& shape, const model::Traits& traits, XmlNode node,
                     ParseContext& ctx, JsonValue& out);
// A structure from the children of `node` (an exception shape first descends to its Error
// element, as botocore's _get_error_root does for the protocol in `ctx`).
Status ParseXmlStructure(const model::Shape& shape, pugi::xml_node node, ParseContext& ctx,
                         JsonValue& out);

// botocore's _replace_nodes: an element's children as a dict of texts (null when an element has
// no text) or nested dicts; used for error bodies, which are parsed without a shape.
Status XmlToDict(pugi::xml_node node, ParseContext& ctx, JsonValue& out);

}  // namespace awscrape::aws::parsing
