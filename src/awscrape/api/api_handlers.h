// The REST API's routes: every endpoint of seeds/000 at its path with its JSON, plus the call
// ledger, OpenAPI, Prometheus metrics, health and the WebSocket entry. Each handler is a small
// function over the ApiContext, callable without a socket (tests/unit/api_handlers_test.cc).
//
//   POST   /api/scrapes                       start a scrape (202, queued)
//   GET    /api/scrapes?limit&offset&success  list scrapes, newest first
//   GET    /api/scrapes/{id}                  one scrape, with its live status
//   DELETE /api/scrapes/{id}                  the scrape and everything that belongs to it
//   GET    /api/scrapes/{id}/resources?service&region&operation&limit&offset  (streamed)
//   DELETE /api/scrapes/{id}/resources?service&region&operation
//   GET    /api/scrapes/{id}/calls?outcome&service&region&operation&limit&offset
//   GET    /api/resources/compare?service&region&operation&limit
//   GET    /api/stats, /api/stats/services, /api/stats/regions, /api/stats/timeline?days=N
//   GET    /api/openapi.json, /metrics, /healthz, /api/ws (WebSocket upgrade)
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "awscrape/api/metrics.h"
#include "awscrape/api/query_layer.h"
#include "awscrape/api/response_cache.h"
#include "awscrape/api/route_table.h"
#include "awscrape/api/scrape_queue.h"

namespace awscrape::api {

struct ApiContext {
  store::Store* store = nullptr;   // required
  ScrapeQueue* scrapes = nullptr;  // nullptr: POST /api/scrapes answers 503
  Metrics* metrics = nullptr;      // nullptr: /metrics shows store totals only
  // Whether a service exists in the models (POST /api/scrapes and every service filter: an
  // unknown one is a 400); nullptr: any well-formed name.
  std::function<bool(std::string_view service)> known_service;
  std::function<Timestamp()> now;  // wall clock; store::WallClockNow when empty
  // Answers of GET .../resources kept between requests (response_cache.h); nullptr: none. Only
  // given when a CacheInvalidator follows the store's change notices.
  ResponseCache* cache = nullptr;
};

// The route table over `context`, which must outlive it.
std::unique_ptr<RouteTable> BuildApiRoutes(ApiContext& context);

// OpenAPI 3.0 document describing every route of `table`.
JsonDocument OpenApiDocument(const RouteTable& table);

}  // namespace awscrape::api
