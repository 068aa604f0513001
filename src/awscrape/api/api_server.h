// ApiServer: `awscrape serve`'s HTTP/1.1 server over Boost.Beast — keep-alive, a small pool of
// threads sharing one io_context (one strand per connection), and the WebSocket endpoint
// /api/ws. Requests go to the Dispatcher (dispatcher.h); streamed bodies are sent with chunked
// transfer encoding, pieces gathered up to ~64 KiB, so a large page never sits in memory whole.
//
// Limits: request header bytes (431 beyond), body bytes (413), the time to receive a request
// (a slow or silent client is cut off after `request_timeout`, idle keep-alive connections
// too), the time any write may take (`write_timeout`), and open connections (beyond
// `max_connections` new ones are closed at once). Malformed requests get a JSON 400 and the
// connection is closed; nothing a client sends can stop the server from serving others.
// Handlers run on the I/O threads (store calls block them briefly; SQLite is fast enough).
//
// Lifecycle (HttpListener, net/http_listener.h): Start() binds and starts the threads; Wait()
// blocks until Stop(), SIGINT/SIGTERM (when asked) or max_seconds. The dispatcher and event bus
// must outlive the server.
#pragma once

#include <chrono>
#include <cstdint>

#include "awscrape/api/dispatcher.h"
#include "awscrape/api/event_bus.h"
#include "awscrape/net/http_listener.h"

namespace awscrape::api {

// Listening (host, port, threads, max_connections, handle_signals, max_seconds) as in
// HttpListenerOptions, but at most 1000 connections by default.
struct ApiServerOptions : HttpListenerOptions {
  ApiServerOptions() { max_connections = 1000; }

  uint64_t max_body_bytes = 1 << 20;
  uint32_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds request_timeout{15'000};
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_ws_queue = 10'000;  // events waiting for a slow WebSocket client before it is dropped
};

class ApiServer final : public HttpListener {
 public:
  ApiServer(const Dispatcher& dispatcher, EventBus* events, ApiServerOptions options);
};

}  // namespace awscrape::api
