// Dispatcher: everything between a parsed HTTP request and a route's handler, without a socket:
// route matching (404, 405 with Allow), the API token (401 without one, 403 with a wrong one;
// required on mutating routes, and on reads when `token_for_reads`), unknown query parameters
// (400, so a typo never silently widens a filter or a delete), CORS (only for the configured
// origin), handler failures turned into 500s, and request metrics by route pattern.
//
// The token is accepted as `Authorization: Bearer <token>` or `X-API-Token: <token>`, and for
// the WebSocket route also as `?token=` (browsers cannot set headers there); it is compared in
// constant time and never echoed. Thread-safe (the table is immutable).
#pragma once

#include <optional>
#include <string>

#include "awscrape/api/metrics.h"
#include "awscrape/api/route_table.h"

namespace awscrape::api {

struct DispatchOptions {
  std::string token;             // empty: no token required anywhere
  bool token_for_reads = false;  // reads need the token too
  std::string cors_origin;       // empty: no CORS headers at all; "*" any origin
};

class Dispatcher {
 public:
  Dispatcher(const RouteTable& routes, DispatchOptions options, Metrics* metrics);

  ApiResponse Handle(ApiRequest request) const;

  // Matches and authorises without running the handler: the route when the request may
  // proceed, else the error response (the server uses it before a WebSocket upgrade).
  // `matched` (when given) receives the route pattern even when the request is refused.
  const Route* Authorize(ApiRequest& request, ApiResponse& refusal,
                         std::string* matched = nullptr) const;

  const DispatchOptions& options() const { return options_; }

 private:
  std::optional<ApiResponse> CheckToken(const ApiRequest& request, const Route& route) const;
  void AddCors(const ApiRequest& request, ApiResponse& response) const;

  const RouteTable& routes_;
  DispatchOptions options_;
  Metrics* metrics_;
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space, as browsers send forms).
std::multimap<std::string, std::string> ParseQueryString(std::string_view query);

}  // namespace awscrape::api
