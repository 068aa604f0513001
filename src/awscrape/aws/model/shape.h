// The shape graph of one AWS service model (botocore's service-2.json), resolved for use.
//
// Shapes are owned by their ServiceModel and referenced by raw const pointers that live as long
// as the model. A Member is botocore's "shape reference": a target shape plus the serialisation
// traits of the reference, already merged over the target shape's own traits (botocore's
// ShapeResolver does the same), so protocol code reads `member.traits` and nothing else.
// Immutable after loading; safe to share across threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awscrape::aws::model {

enum class ShapeType : unsigned char {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kShort,
  kByte,
  kFloat,
  kDouble,
  kBigInteger,
  kBigDecimal,
  kBoolean,
  kTimestamp,
  kBlob,
};

std::optional<ShapeType> ParseShapeType(std::string_view name);
std::string_view ShapeTypeName(ShapeType type);

// Where a member travels in an HTTP message.
enum class Location : unsigned char { kBody, kHeader, kHeaders, kUri, kQueryString, kStatusCode };

// Serialisation traits (botocore's SERIALIZED_ATTRS plus the few metadata flags protocols use).
struct Traits {
  std::string location_name;  // wire name: XML element, header name, URI label, query key
  std::string query_name;     // ec2 protocol's explicit query key
  Location location = Location::kBody;
  bool flattened = false;
  bool xml_attribute = false;
  std::string xml_namespace_uri;     // xmlNamespace.uri
  std::string xml_namespace_prefix;  // xmlNamespace.prefix
  std::string
      timestamp_format;     // "iso8601", "rfc822", "unixTimestamp", or empty (protocol default)
  bool json_value = false;  // a string holding JSON (header jsonvalue)
  bool host_label = false;
  bool idempotency_token = false;
  bool streaming = false;
  bool event_stream = false;
  bool event_payload = false;
  bool event_header = false;
  bool sensitive = false;
  std::string result_wrapper;  // query protocol: <XResult> wrapper of an output

  bool operator==(const Traits&) const = default;
};

struct Shape;

struct Member {
  std::string name;              // member name in the parameters / parsed output
  const Shape* shape = nullptr;  // target
  Traits traits;                 // merged: target shape's traits overlaid by the reference's
  bool required = false;
  bool deprecated = false;
  std::string
      context_param;  // contextParam.name: an endpoint rule-set parameter fed by this member
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  Traits traits;  // the shape's own traits

  // Structures (and unions, which are structures with `is_union`).
  std::vector<Member> members;  // in model order: query/ec2 serialise in this order
  std::string payload;          // member bound to the HTTP body (REST protocols)
  bool is_union = false;
  bool is_document = false;  // a free-form JSON document
  bool is_exception = false;
  bool is_event_stream = false;
  std::string error_code;     // error.code, when modelled
  int error_http_status = 0;  // error.httpStatusCode
  bool error_sender_fault = false;

  // Lists and maps.
  Member list_member;
  Member map_key;
  Member map_value;

  std::vector<std::string> enum_values;
  std::optional<double> min;
  std::optional<double> max;

  bool IsStructure() const { return type == ShapeType::kStructure; }
  const Member* FindMember(std::string_view member_name) const;
};

}  // namespace awscrape::aws::model
