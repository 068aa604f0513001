#include "awscrape/api/dispatcher.h"

#include <openssl/crypto.h>

#include <chrono>
#include <exception>

#include "awscrape/core/encoding.h"

namespace awscrape::api {
namespace {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Joined(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (out.find(m) != std::string::npos) continue;
    out += (out.empty() ? "" : ", ") + m;
  }
  return out;
}

}  // namespace

std::multimap<std::string, std::string> ParseQueryString(std::string_view query) {
  std::multimap<std::string, std::string> out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      for (char& c : key) c = c == '+' ? ' ' : c;
      for (char& c : value) c = c == '+' ? ' ' : c;
      out.emplace(UriDecode(key), UriDecode(value));
    }
    start = amp + 1;
  }
  return out;
}

Dispatcher::Dispatcher(const RouteTable& routes, DispatchOptions options, Metrics* metrics)
    : routes_(routes), options_(std::move(options)), metrics_(metrics) {}

std::optional<ApiResponse> Dispatcher::CheckToken(const ApiRequest& request,
                                                  const Route& route) const {
  if (options_.token.empty()) return std::nullopt;
  if (!route.mutating && !options_.token_for_reads) return std::nullopt;
  std::optional<std::string> given;
  if (const std::string* auth = request.Header("Authorization")) {
    std::string_view value(*auth);
    if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer ")) {
      given = std::string(value.substr(7));
    }
  }
  if (!given) {
    if (const std::string* header = request.Header("X-API-Token")) given = *header;
  }
  if (!given && route.pattern == "/api/ws") given = request.Query("token");
  if (!given) {
    ApiResponse res = ErrorResponse(401, "unauthorized",
                                    "this route needs the API token: Authorization: Bearer "
                                    "<token>");
    res.headers.push_back({"WWW-Authenticate", "Bearer"});
    return res;
  }
  if (!ConstantTimeEquals(*given, options_.token)) {
    return ErrorResponse(403, "forbidden", "wrong API token");
  }
  return std::nullopt;
}

void Dispatcher::AddCors(const ApiRequest& request, ApiResponse& response) const {
  if (options_.cors_origin.empty()) return;
  const std::string* origin = request.Header("Origin");
  if (!origin) return;
  if (options_.cors_origin != "*" && *origin != options_.cors_origin) return;
  response.headers.push_back(
      {"Access-Control-Allow-Origin", options_.cors_origin == "*" ? "*" : *origin});
  response.headers.push_back({"Vary", "Origin"});
}

const Route* Dispatcher::Authorize(ApiRequest& request, ApiResponse& refusal,
                                   std::string* matched) const {
  RouteMatch match = routes_.Match(request.method, request.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      refusal = ErrorResponse(405, "method_not_allowed",
                              request.method.substr(0, 16) + " is not allowed here");
      refusal.headers.push_back({"Allow", Joined(match.allowed_methods)});
    } else {
      refusal = ErrorResponse(404, "not_found", "no such endpoint");
    }
    return nullptr;
  }
  request.path_params = match.path_params;
  if (matched) *matched = match.route->pattern;
  if (auto refused = CheckToken(request, *match.route)) {
    refusal = std::move(*refused);
    return nullptr;
  }
  for (const auto& [name, value] : request.query) {
    if (name == "token" && match.route->pattern == "/api/ws") continue;
    bool known = false;
    for (const ParamDoc& p : match.route->params)
      known = known || (p.in == "query" && p.name == name);
    if (!known) {
      std::string shown = name.substr(0, 64);
      for (char& c : shown) c = static_cast<unsigned char>(c) < 0x20 ? '?' : c;
      refusal = ErrorResponse(400, "bad_request", "unknown query parameter '" + shown + "'");
      return nullptr;
    }
  }
  return match.route;
}

ApiResponse Dispatcher::Handle(ApiRequest request) const {
  auto started = std::chrono::steady_clock::now();
  ApiResponse response;
  std::string label = "unmatched";
  if (request.method == "OPTIONS" && !options_.cors_origin.empty()) {
    // CORS preflight, answered only when CORS is configured.
    RouteMatch match = routes_.Match("GET", request.path);
    if (match.route || !match.allowed_methods.empty()) {
      response.status = 204;
      response.content_type.clear();
      response.headers.push_back({"Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"});
      response.headers.push_back(
          {"Access-Control-Allow-Headers", "Authorization, Content-Type, X-API-Token"});
      response.headers.push_back({"Access-Control-Max-Age", "600"});
      label = "preflight";
    } else {
      response = ErrorResponse(404, "not_found", "no such endpoint");
    }
  } else if (const Route* route = Authorize(request, response, &label)) {
    try {
      response = route->handler(request);
    } catch (const std::exception& e) {
      // Handlers return errors as values; anything thrown (bad_alloc, a library) is a 500.
      response = ErrorResponse(500, "internal", "internal error");
    }
  }
  AddCors(request, response);
  if (metrics_) {
    metrics_->ObserveRequest(request.method == "GET" || request.method == "POST" ||
                                     request.method == "DELETE" || request.method == "HEAD"
                                 ? request.method
                                 : "OTHER",
                             label, response.status, std::chrono::steady_clock::now() - started);
  }
  return response;
}

}  // namespace awscrape::api
