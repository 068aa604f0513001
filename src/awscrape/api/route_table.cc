#include "awscrape/api/route_table.h"

#include "awscrape/core/encoding.h"

namespace awscrape::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  if (!path.empty() && path[0] == '/') start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool Matches(std::string_view pattern, const std::vector<std::string>& segments,
             std::map<std::string, std::string>& params) {
  std::vector<std::string_view> parts = Split(pattern);
  if (parts.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    const std::string& segment = segments[i];
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      if (segment.empty() || segment == "." || segment == ".." ||
          segment.find('/') != std::string::npos || segment.find('\0') != std::string::npos) {
        return false;
      }
      found[std::string(part.substr(1, part.size() - 2))] = segment;
    } else if (part != segment) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void RouteTable::Add(Route route) { routes_.push_back(std::move(route)); }

RouteMatch RouteTable::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  std::vector<std::string> segments;
  for (std::string_view raw : Split(path)) segments.push_back(UriDecode(raw));
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Matches(route.pattern, segments, params)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      if (!match.route) {
        match.route = &route;
        match.path_params = std::move(params);
      }
    } else {
      match.allowed_methods.push_back(route.method);
    }
  }
  return match;
}

}  // namespace awscrape::api
