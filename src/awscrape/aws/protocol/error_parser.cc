// ParseErrorResponse: botocore's error parsing for the five protocols (ResponseParser.parse on an
// error status, then Endpoint._add_modeled_error_fields), never failing.
//
// 1. A 5xx with an empty or HTML body is botocore's generic error: Code "<status>", Message the
//    reason phrase.
// 2. Otherwise the protocol's generic error form: query <ErrorResponse><Error>, ec2
//    <Response><Errors><Error>, rest-xml <ErrorResponse> or S3's bare <Error>, json __type /
//    message (+ x-amzn-query-error), rest-json also x-amzn-errortype / code. A body that cannot
//    be read falls back to the status-code form of step 1.
// 3. The modelled error shape for Error.Code, if any, is parsed from the same response and its
//    members are added at the top level.
#include <pugixml.hpp>
#include <string>

#include "awscrape/aws/protocol/aws_error.h"
#include "awscrape/aws/protocol/json_response_parser.h"
#include "awscrape/aws/protocol/parser_util.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/aws/protocol/rest_response_parser.h"
#include "awscrape/aws/protocol/xml_response_parser.h"

namespace awscrape::aws {
namespace {

using namespace parsing;  // NOLINT: this file is the parsing package's error entry point
using model::Shape;

std::string_view Str(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

bool IsGenericErrorResponse(const HttpResponse& response) {
  if (response.status < 500) return false;
  std::string_view body = StripWhitespace(response.body);
  return body.empty() || body.substr(0, 6) == "<html>";
}

// {"Error": {"Code": "<status>", "Message": reason}, "ResponseMetadata": metadata}.
void StatusError(const HttpResponse& response, ParseContext& ctx, JsonValue& out,
                 JsonValue metadata) {
  out.SetObject();
  JsonValue error(rapidjson::kObjectType);
  error.AddMember("Code", CopyString(std::to_string(response.status), ctx.alloc), ctx.alloc);
  error.AddMember("Message", CopyString(HttpStatusReason(response.status), ctx.alloc), ctx.alloc);
  out.AddMember("Error", error, ctx.alloc);
  out.AddMember("ResponseMetadata", metadata, ctx.alloc);
}

// Moves `key` out of `object` (null when absent).
JsonValue Pop(JsonValue& object, std::string_view key) {
  JsonValue value;
  auto it = object.FindMember(AsRef(key));
  if (it == object.MemberEnd()) return value;
  value = std::move(it->value);
  object.EraseMember(it);
  return value;
}

bool Has(const JsonValue& object, std::string_view key) {
  return object.FindMember(AsRef(key)) != object.MemberEnd();
}

void MoveRequestIdToMetadata(JsonValue& parsed, std::string_view key, ParseContext& ctx) {
  if (!Has(parsed, key)) return;
  JsonValue metadata(rapidjson::kObjectType);
  metadata.AddMember("RequestId", Pop(parsed, key), ctx.alloc);
  SetMember(parsed, "ResponseMetadata", std::move(metadata), ctx.alloc);
}

// botocore's merge_dicts: nested dicts merge, anything else replaces.
void MergeDicts(JsonValue& into, JsonValue& from, JsonAllocator& alloc) {
  for (auto it = from.MemberBegin(); it != from.MemberEnd(); ++it) {
    std::string_view key = Str(it->name);
    auto existing = into.FindMember(AsRef(key));
    if (it->value.IsObject() && existing != into.MemberEnd() && existing->value.IsObject()) {
      MergeDicts(existing->value, it->value, alloc);
    } else {
      SetMember(into, key, std::move(it->value), alloc);
    }
  }
}

Status ParseQueryError(const HttpResponse& response, ParseContext& ctx, JsonValue& out) {
  pugi::xml_document doc;
  AWSCRAPE_RETURN_IF_ERROR(LoadXml(response.body, doc));
  AWSCRAPE_RETURN_IF_ERROR(XmlToDict(doc.document_element(), ctx, out));
  if (Has(out, "Errors")) {
    JsonValue errors = Pop(out, "Errors");
    if (errors.IsObject()) {
      for (auto it = errors.MemberBegin(); it != errors.MemberEnd(); ++it) {
        SetMember(out, Str(it->name), std::move(it->value), ctx.alloc);
      }
    }
  }
  MoveRequestIdToMetadata(out, "RequestId", ctx);
  if (ctx.protocol == Protocol::kEc2) MoveRequestIdToMetadata(out, "RequestID", ctx);
  return Status::Ok();
}

void ParseRestXmlError(const HttpResponse& response, ParseContext& ctx, JsonValue& out) {
  if (!response.body.empty()) {
    pugi::xml_document doc;
    JsonValue parsed;
    if (LoadXml(response.body, doc).ok() && XmlToDict(doc.document_element(), ctx, parsed).ok()) {
      pugi::xml_node root = doc.document_element();
      // ElementTree's tag is "{uri}Error" under a default namespace: only a bare <Error> is S3's.
      if (std::string_view(root.name()) == "Error" && !root.attribute("xmlns")) {
        JsonValue metadata(rapidjson::kObjectType);
        AddRestRequestMetadata(response.headers, ctx, metadata);
        // Already in ResponseMetadata; botocore drops the body's copies.
        parsed.RemoveMember("RequestId");
        parsed.RemoveMember("HostId");
        out.SetObject();
        out.AddMember("Error", parsed, ctx.alloc);
        out.AddMember("ResponseMetadata", metadata, ctx.alloc);
        return;
      }
      MoveRequestIdToMetadata(parsed, "RequestId", ctx);
      out.SetObject();
      JsonValue error(rapidjson::kObjectType);
      error.AddMember("Message", "", ctx.alloc);
      error.AddMember("Code", "", ctx.alloc);
      out.AddMember("Error", error, ctx.alloc);
      MergeDicts(out, parsed, ctx.alloc);
      return;
    }
  }
  JsonValue metadata(rapidjson::kObjectType);
  std::string request_id = HeaderValue(response.headers, "x-amz-request-id").value_or("");
  std::string host_id = HeaderValue(response.headers, "x-amz-id-2").value_or("");
  metadata.AddMember("RequestId", CopyString(request_id, ctx.alloc), ctx.alloc);
  metadata.AddMember("HostId", CopyString(host_id, ctx.alloc), ctx.alloc);
  StatusError(response, ctx, out, std::move(metadata));
}

// botocore's _parse_body_as_json for errors: {} when empty, {"message": body} when unreadable.
void LoadJsonErrorBody(const HttpResponse& response, JsonDocument& body) {
  if (response.body.empty()) {
    body.SetObject();
    return;
  }
  if (!ParseJsonText(response.body, body).ok() || !body.IsObject()) {
    body.SetObject();
    body.AddMember("message", CopyString(response.body, body.GetAllocator()), body.GetAllocator());
  }
}

void ParseJsonError(const HttpResponse& response, ParseContext& ctx, JsonValue& out) {
  JsonDocument body;
  LoadJsonErrorBody(response, body);
  out.SetObject();
  JsonValue error(rapidjson::kObjectType);
  JsonValue message;
  if (const JsonValue* m = FindMember(body, "message")) {
    message.CopyFrom(*m, ctx.alloc);
  } else if (const JsonValue* m2 = FindMember(body, "Message")) {
    message.CopyFrom(*m2, ctx.alloc);
  } else {
    message.SetString("", 0, ctx.alloc);
  }
  error.AddMember("Message", message, ctx.alloc);

  std::string code;
  bool have_code = false;
  // awsQueryCompatible services name the query-protocol code in x-amzn-query-error: "Code;Type".
  std::string query_error = HeaderValue(response.headers, "x-amzn-query-error").value_or("");
  size_t semicolon = query_error.find(';');
  if (semicolon != std::string::npos && semicolon > 0 &&
      query_error.find(';', semicolon + 1) == std::string::npos) {
    code = query_error.substr(0, semicolon);
    have_code = true;
  }
  if (!have_code) {
    std::string_view type = GetString(body, "__type");
    code = FindMember(body, "__type") && FindMember(body, "__type")->IsString()
               ? std::string(type)
               : std::to_string(response.status);
  }
  if (ctx.protocol == Protocol::kRestJson) {
    if (std::optional<std::string> header = HeaderValue(response.headers, "x-amzn-errortype")) {
      code = *header;
    } else if (const JsonValue* c = FindMember(body, "code"); c && c->IsString()) {
      code = Str(*c);
    } else if (const JsonValue* c2 = FindMember(body, "Code"); c2 && c2->IsString()) {
      code = Str(*c2);
    }
  }
  error.AddMember("Code", CopyString(CleanErrorCode(code), ctx.alloc), ctx.alloc);
  out.AddMember("Error", error, ctx.alloc);
  JsonValue metadata(rapidjson::kObjectType);
  if (std::optional<std::string> id = HeaderValue(response.headers, "x-amzn-requestid")) {
    metadata.AddMember("RequestId", CopyString(*id, ctx.alloc), ctx.alloc);
  }
  out.AddMember("ResponseMetadata", metadata, ctx.alloc);
}

// The modelled error's members, parsed from the response with its shape.
Status ParseModeledError(const Shape& shape, const HttpResponse& response, ParseContext& ctx,
                         JsonValue& out) {
  out.SetObject();
  switch (ctx.protocol) {
    case Protocol::kQuery:
    case Protocol::kEc2: {
      pugi::xml_document doc;
      AWSCRAPE_RETURN_IF_ERROR(LoadXml(response.body, doc));
      return ParseXmlStructure(shape, doc.document_element(), ctx, out);
    }
    case Protocol::kJson: {
      JsonDocument body;
      LoadJsonErrorBody(response, body);
      return ParseJsonValue(shape, shape.traits, body, ctx, out);
    }
    case Protocol::kRestJson:
    case Protocol::kRestXml:
      AWSCRAPE_RETURN_IF_ERROR(ParseRestNonPayload(shape, response, ctx, out));
      return ParseRestPayload(shape, response, ctx, out);
  }
  return Status::Ok();
}

// botocore's shape_for_error_code: the shape whose error.code (or, without one, name) is `code`.
const Shape* ErrorShapeFor(const model::ServiceModel& service, std::string_view code) {
  const Shape* shape = service.FindErrorShape(code);
  if (!shape) return nullptr;
  std::string_view shape_code = shape->error_code.empty() ? shape->name : shape->error_code;
  return shape_code == code ? shape : nullptr;
}

std::string StringAt(const JsonValue& object, std::string_view outer, std::string_view inner) {
  const JsonValue* o = FindMember(object, outer);
  return o ? std::string(GetString(*o, inner)) : std::string();
}

}  // namespace

AwsError ParseErrorResponse(const model::ServiceModel& service, const model::Operation& operation,
                            const HttpResponse& response, const ParseOptions& options) {
  (void)operation;  // botocore looks error shapes up service-wide, not per operation
  AwsError error;
  error.http_status = response.status;
  JsonDocument& doc = error.parsed;
  doc.SetObject();
  std::optional<Protocol> protocol = ProtocolFromName(service.metadata().protocol);
  ParseContext ctx{options, doc.GetAllocator(), protocol.value_or(Protocol::kJson)};

  const bool generic = !protocol || IsGenericErrorResponse(response);
  if (generic) {
    StatusError(response, ctx, doc, JsonValue(rapidjson::kObjectType));
  } else {
    switch (*protocol) {
      case Protocol::kQuery:
      case Protocol::kEc2:
        if (!ParseQueryError(response, ctx, doc).ok()) {
          StatusError(response, ctx, doc, JsonValue(rapidjson::kObjectType));
        }
        break;
      case Protocol::kRestXml:
        ParseRestXmlError(response, ctx, doc);
        break;
      case Protocol::kJson:
      case Protocol::kRestJson:
        ParseJsonError(response, ctx, doc);
        break;
    }
  }
  if (!doc.IsObject()) doc.SetObject();

  error.code = StringAt(doc, "Error", "Code");
  error.message = StringAt(doc, "Error", "Message");
  error.request_id = StringAt(doc, "ResponseMetadata", "RequestId");
  FinishResponseMetadata(doc, response, ctx);

  if (!generic && !error.code.empty()) {
    if (const Shape* shape = ErrorShapeFor(service, error.code)) {
      JsonValue modeled;
      ctx.depth = 0;
      // A modelled error that does not parse leaves the generic error as it is.
      if (ParseModeledError(*shape, response, ctx, modeled).ok() && modeled.IsObject()) {
        for (auto it = modeled.MemberBegin(); it != modeled.MemberEnd(); ++it) {
          SetMember(doc, Str(it->name), std::move(it->value), ctx.alloc);
        }
      }
    }
  }
  return error;
}

}  // namespace awscrape::aws
