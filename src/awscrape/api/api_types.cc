#include "awscrape/api/api_types.h"

#include <strings.h>

namespace awscrape::api {

std::optional<std::string> ApiRequest::Query(std::string_view name) const {
  auto range = query.equal_range(std::string(name));
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;
}

const std::string* ApiRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return &value;
    }
  }
  return nullptr;
}

std::string ApiRequest::PathParam(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  return it == path_params.end() ? std::string() : it->second;
}

ApiResponse JsonResponse(int status, const JsonValue& json) {
  ApiResponse response;
  response.status = status;
  response.body = ToJson(json);
  return response;
}

ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  JsonValue error(rapidjson::kObjectType);
  error.AddMember("code", MakeString(code, a), a);
  error.AddMember("message", MakeString(message, a), a);
  doc.AddMember("error", error, a);
  return JsonResponse(status, doc);
}

ApiResponse ErrorResponse(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kParseError:
      return ErrorResponse(400, "bad_request", status.message());
    case StatusCode::kNotFound:
      return ErrorResponse(404, "not_found", status.message());
    case StatusCode::kUnauthenticated:
      return ErrorResponse(401, "unauthorized", status.message());
    case StatusCode::kPermissionDenied:
      return ErrorResponse(403, "forbidden", status.message());
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      return ErrorResponse(503, "unavailable", status.message());
    case StatusCode::kUnimplemented:
      return ErrorResponse(501, "not_implemented", status.message());
    default:
      return ErrorResponse(500, "internal", status.message());
  }
}

Result<std::string> DrainBody(ApiResponse& response) {
  if (!response.stream) return response.body;
  std::string out;
  while (true) {
    auto piece = response.stream->Next();
    if (!piece.ok()) return piece.status();
    if (!*piece) break;
    out += **piece;
  }
  response.stream.reset();
  response.body = out;
  return out;
}

}  // namespace awscrape::api
