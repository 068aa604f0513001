// Routes are a table (STYLE.md habit 8): method, path pattern, help, whether the route mutates,
// the parameters it accepts and the handler. The dispatcher matches requests against it, the
// OpenAPI document is generated from it, and the metrics label requests by its patterns.
//
// Patterns are literal segments and `{name}` placeholders that match one non-empty segment:
// "/api/scrapes/{id}/resources". Matching works on the percent-decoded segments of the path;
// a segment that decodes to "." or ".." or contains '/' or NUL never matches a placeholder.
// Immutable once built; thread-safe to read.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "awscrape/api/api_types.h"

namespace awscrape::api {

using Handler = std::function<ApiResponse(const ApiRequest&)>;

struct ParamDoc {
  std::string name;
  std::string in = "query";     // "query" or "path"
  std::string type = "string";  // "string", "integer", "boolean"
  std::string description;
  bool required = false;
};

struct Route {
  std::string method;
  std::string pattern;
  std::string summary;
  bool mutating = false;
  std::vector<ParamDoc> params;
  std::string body;  // description of the JSON request body; empty: none
  int success_status = 200;
  std::string content_type = "application/json";
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;              // nullptr: no route for this method and path
  std::vector<std::string> allowed_methods;  // when the path matches other methods only (405)
  std::map<std::string, std::string> path_params;
};

class RouteTable {
 public:
  void Add(Route route);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace awscrape::api
