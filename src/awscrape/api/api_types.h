// The API's request and response values, independent of any socket: handlers are functions
// `ApiResponse(const ApiRequest&)` that tests call directly and the Beast server (api_server.h)
// adapts to HTTP.
//
// A response carries either a complete body or a ChunkSource that produces the body piece by
// piece (a page of resources is written one stored document at a time, so its size does not
// bound the server's memory). Errors are the JSON `{"error": {"code": ..., "message": ...}}`
// with the status that fits the Status code (ErrorResponse). Plain values; a ChunkSource is used
// by one thread at a time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::api {

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query: "/api/scrapes/scrape_..."
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> path_params;  // {id} of the matched route pattern
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The last value of query parameter `name`, or nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  // The value of header `name` (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
  std::string PathParam(std::string_view name) const;
};

// Produces a streamed body: each Next() returns the next piece, or an empty optional when the
// body is complete. An error after the first piece ends the response early (the connection is
// then closed, as HTTP/1.1 offers no way to report it).
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  virtual Result<std::optional<std::string>> Next() = 0;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::unique_ptr<ChunkSource> stream;  // when set, `body` is ignored
  std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON body with `status`.
ApiResponse JsonResponse(int status, const JsonValue& json);
// {"error": {"code": code, "message": message}}.
ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message);
// The status and error code for a Status: kInvalidArgument 400 "bad_request", kNotFound 404
// "not_found", kUnavailable 503, kPermissionDenied 403, kUnauthenticated 401, otherwise 500.
ApiResponse ErrorResponse(const Status& status);

// Reads a streamed response to the end (tests, small bodies); the body itself otherwise.
Result<std::string> DrainBody(ApiResponse& response);

}  // namespace awscrape::api
