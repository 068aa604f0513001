// ParseResponse: a successful response parsed the way botocore's parser for the service's
// protocol does (QueryParser, EC2QueryParser, JSONParser, RestJSONParser, RestXMLParser), then
// ResponseMetadata completed as botocore's ResponseParser.parse and Endpoint do.
#include <pugixml.hpp>
#include <string>

#include "awscrape/aws/protocol/json_response_parser.h"
#include "awscrape/aws/protocol/parser_util.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/aws/protocol/rest_response_parser.h"
#include "awscrape/aws/protocol/xml_response_parser.h"

namespace awscrape::aws {
namespace {

using namespace parsing;  // NOLINT: this file is the parsing package's entry point
using model::Shape;

// query / ec2: <OpResponse><OpResult>members</OpResult><ResponseMetadata>...</OpResponse>.
Status ParseQueryResponse(const model::Operation& operation, const HttpResponse& response,
                          ParseContext& ctx, JsonValue& out) {
  out.SetObject();
  if (StripWhitespace(response.body).empty()) return Status::Ok();  // nothing to read
  pugi::xml_document doc;
  AWSCRAPE_RETURN_IF_ERROR(LoadXml(response.body, doc));
  pugi::xml_node root = doc.document_element();
  if (const Shape* shape = operation.output) {
    pugi::xml_node start = root;
    if (!operation.output_result_wrapper.empty()) {
      // A missing wrapper (botocore: KeyError) reads as an empty result.
      start = XmlChild(root, operation.output_result_wrapper);
    }
    if (start) AWSCRAPE_RETURN_IF_ERROR(ParseXmlStructure(*shape, start, ctx, out));
  }
  if (ctx.protocol == Protocol::kEc2) {
    if (pugi::xml_node id = XmlChild(root, "requestId")) {
      JsonValue metadata(rapidjson::kObjectType);
      metadata.AddMember("RequestId", CopyString(id.child_value(), ctx.alloc), ctx.alloc);
      SetMember(out, "ResponseMetadata", std::move(metadata), ctx.alloc);
    }
  } else if (pugi::xml_node md = XmlChild(root, "ResponseMetadata")) {
    JsonValue metadata;
    AWSCRAPE_RETURN_IF_ERROR(XmlToDict(md, ctx, metadata));
    SetMember(out, "ResponseMetadata", std::move(metadata), ctx.alloc);
  }
  return Status::Ok();
}

Status ParseJsonResponse(const model::Operation& operation, const HttpResponse& response,
                         ParseContext& ctx, JsonValue& out) {
  out.SetObject();
  if (const Shape* shape = operation.output) {
    JsonDocument body;
    AWSCRAPE_RETURN_IF_ERROR(LoadJsonBody(response.body, body));
    AWSCRAPE_RETURN_IF_ERROR(ParseJsonValue(*shape, shape->traits, body, ctx, out));
    if (!out.IsObject()) out.SetObject();  // a JSON null body
  }
  if (std::optional<std::string> id = HeaderValue(response.headers, "x-amzn-requestid")) {
    JsonValue& metadata = EnsureObjectMember(out, "ResponseMetadata", ctx.alloc);
    SetMember(metadata, "RequestId", CopyString(*id, ctx.alloc), ctx.alloc);
  }
  return Status::Ok();
}

Status ParseRestResponse(const model::Operation& operation, const HttpResponse& response,
                         ParseContext& ctx, JsonValue& out) {
  out.SetObject();
  JsonValue metadata(rapidjson::kObjectType);
  AddRestRequestMetadata(response.headers, ctx, metadata);
  out.AddMember("ResponseMetadata", metadata, ctx.alloc);
  if (const Shape* shape = operation.output) {
    AWSCRAPE_RETURN_IF_ERROR(ParseRestNonPayload(*shape, response, ctx, out));
    AWSCRAPE_RETURN_IF_ERROR(ParseRestPayload(*shape, response, ctx, out));
  }
  return Status::Ok();
}

}  // namespace

Result<JsonDocument> ParseResponse(const model::ServiceModel& service,
                                   const model::Operation& operation, const HttpResponse& response,
                                   const ParseOptions& options) {
  std::optional<Protocol> protocol = ProtocolFromName(service.metadata().protocol);
  if (!protocol) {
    return Unimplemented("responses of protocol '" + service.metadata().protocol +
                         "' are not parsed");
  }
  JsonDocument doc;
  ParseContext ctx{options, doc.GetAllocator(), *protocol};
  Status status;
  switch (*protocol) {
    case Protocol::kQuery:
    case Protocol::kEc2:
      status = ParseQueryResponse(operation, response, ctx, doc);
      break;
    case Protocol::kJson:
      status = ParseJsonResponse(operation, response, ctx, doc);
      break;
    case Protocol::kRestJson:
    case Protocol::kRestXml:
      status = ParseRestResponse(operation, response, ctx, doc);
      break;
  }
  if (!status.ok()) {
    return status.WithContext(service.metadata().endpoint_prefix + " " + operation.name +
                              " response");
  }
  FinishResponseMetadata(doc, response, ctx);
  return doc;
}

}  // namespace awscrape::aws
