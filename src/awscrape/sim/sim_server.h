// SimServer: the simulator on loopback — HTTP/1.1 with keep-alive over Boost.Beast, a few worker
// threads sharing one io_context (one strand per connection), request size limits, latency
// applied with timers (never by blocking a thread), and the transport faults the simulator asks
// for (a connection that hangs, a body cut short).
//
// Lifecycle (HttpListener, net/http_listener.h): Start() binds and starts the threads; Wait()
// blocks until the server stops — on Stop(), SIGINT/SIGTERM (when asked to handle signals), or
// after max_seconds. Stopping closes the listener, lets in-flight replies finish for a short grace
// period, then ends every connection. The Simulator must outlive the server. Thread-safe.
#pragma once

#include <cstdint>

#include "awscrape/net/http_listener.h"
#include "awscrape/sim/simulator.h"

namespace awscrape::sim {

// Listening (host, port, threads, max_connections, handle_signals, max_seconds) as in
// HttpListenerOptions.
struct ServerOptions : HttpListenerOptions {
  uint64_t max_body_bytes = 10 << 20;
  uint32_t max_header_bytes = 64 << 10;
  int idle_timeout_seconds = 120;  // a keep-alive connection with no request is closed
};

class SimServer final : public HttpListener {
 public:
  SimServer(Simulator& simulator, ServerOptions options);
};

}  // namespace awscrape::sim
