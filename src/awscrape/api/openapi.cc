// OpenAPI 3.0 generated from the route table (api_handlers.h declares OpenApiDocument).
#include <algorithm>
#include <cctype>

#include "awscrape/api/api_handlers.h"

namespace awscrape::api {
namespace {

std::string OperationId(const Route& route) {
  std::string id;
  std::transform(route.method.begin(), route.method.end(), std::back_inserter(id), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  bool upper = true;
  for (char c : route.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return id;
}

JsonValue ErrorSchemaRef(JsonAllocator& a) {
  JsonValue ref(rapidjson::kObjectType);
  ref.AddMember("$ref", "#/components/schemas/Error", a);
  return ref;
}

JsonValue JsonContent(JsonValue schema, JsonAllocator& a) {
  JsonValue media(rapidjson::kObjectType);
  media.AddMember("schema", schema, a);
  JsonValue content(rapidjson::kObjectType);
  content.AddMember("application/json", media, a);
  return content;
}

JsonValue ResponseObject(std::string_view description, JsonValue content, JsonAllocator& a) {
  JsonValue response(rapidjson::kObjectType);
  response.AddMember("description", MakeString(description, a), a);
  if (!content.IsNull()) response.AddMember("content", content, a);
  return response;
}

}  // namespace

JsonDocument OpenApiDocument(const RouteTable& table) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("openapi", "3.0.3", a);
  JsonValue info(rapidjson::kObjectType);
  info.AddMember("title", "awscrape API", a);
  info.AddMember("version", MakeString(AWSCRAPE_VERSION, a), a);
  info.AddMember("description",
                 "Scrapes, their AWS response documents, the call ledger and statistics "
                 "(seeds/000). Mutating routes need the API token.",
                 a);
  doc.AddMember("info", info, a);

  JsonValue paths(rapidjson::kObjectType);
  for (const Route& route : table.routes()) {
    if (!paths.HasMember(route.pattern.c_str())) {
      paths.AddMember(MakeString(route.pattern, a), JsonValue(rapidjson::kObjectType), a);
    }
    JsonValue& item = paths[route.pattern.c_str()];
    JsonValue op(rapidjson::kObjectType);
    op.AddMember("operationId", MakeString(OperationId(route), a), a);
    op.AddMember("summary", MakeString(route.summary, a), a);
    JsonValue params(rapidjson::kArrayType);
    for (const ParamDoc& p : route.params) {
      JsonValue param(rapidjson::kObjectType);
      param.AddMember("name", MakeString(p.name, a), a);
      param.AddMember("in", MakeString(p.in, a), a);
      param.AddMember("required", p.required, a);
      param.AddMember("description", MakeString(p.description, a), a);
      JsonValue schema(rapidjson::kObjectType);
      schema.AddMember("type", MakeString(p.type, a), a);
      param.AddMember("schema", schema, a);
      params.PushBack(param, a);
    }
    op.AddMember("parameters", params, a);
    if (!route.body.empty()) {
      JsonValue schema(rapidjson::kObjectType);
      schema.AddMember("type", "object", a);
      schema.AddMember("description", MakeString(route.body, a), a);
      JsonValue body(rapidjson::kObjectType);
      body.AddMember("required", false, a);
      body.AddMember("content", JsonContent(std::move(schema), a), a);
      op.AddMember("requestBody", body, a);
    }
    JsonValue responses(rapidjson::kObjectType);
    JsonValue ok_schema(rapidjson::kObjectType);
    ok_schema.AddMember("type", route.content_type == "application/json" ? "object" : "string", a);
    JsonValue ok_content(rapidjson::kObjectType);
    JsonValue media(rapidjson::kObjectType);
    media.AddMember("schema", ok_schema, a);
    ok_content.AddMember(MakeString(route.content_type, a), media, a);
    responses.AddMember(MakeString(std::to_string(route.success_status), a),
                        ResponseObject("success", std::move(ok_content), a), a);
    for (const char* code : {"400", "401", "403", "404", "409", "500"}) {
      if (!route.mutating && std::string_view(code) == "409") continue;
      responses.AddMember(JsonValue(code, a),
                          ResponseObject("error", JsonContent(ErrorSchemaRef(a), a), a), a);
    }
    op.AddMember("responses", responses, a);
    if (route.mutating) {
      JsonValue security(rapidjson::kArrayType);
      JsonValue requirement(rapidjson::kObjectType);
      requirement.AddMember("bearerToken", JsonValue(rapidjson::kArrayType), a);
      security.PushBack(requirement, a);
      op.AddMember("security", security, a);
    }
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    item.AddMember(MakeString(method, a), op, a);
  }
  doc.AddMember("paths", paths, a);

  JsonValue components(rapidjson::kObjectType);
  JsonValue schemas(rapidjson::kObjectType);
  auto parsed =
      ParseJson(R"({"type":"object","required":["error"],"properties":{"error":{"type":"object",)"
                R"("required":["code","message"],"properties":{"code":{"type":"string"},)"
                R"("message":{"type":"string"}}}}})");
  schemas.AddMember("Error", JsonValue(*parsed, a), a);
  components.AddMember("schemas", schemas, a);
  JsonValue schemes(rapidjson::kObjectType);
  JsonValue bearer(rapidjson::kObjectType);
  bearer.AddMember("type", "http", a);
  bearer.AddMember("scheme", "bearer", a);
  schemes.AddMember("bearerToken", bearer, a);
  components.AddMember("securitySchemes", schemes, a);
  doc.AddMember("components", components, a);
  return doc;
}

}  // namespace awscrape::api
