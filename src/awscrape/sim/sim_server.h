// SimServer: the simulator on loopback — HTTP/1.1 with keep-alive over Boost.Beast, a few worker
// threads sharing one io_context (one strand per connection), request size limits, latency
// applied with timers (never by blocking a thread), and the transport faults the simulator asks
// for (a connection that hangs, a body cut short).
//
// Lifecycle: Start() binds and starts the threads; Wait() blocks until the server stops — on
// Stop(), SIGINT/SIGTERM (when asked to handle signals), or after max_seconds. Stopping closes the
// listener, lets in-flight replies finish for a short grace period, then ends every connection.
// The Simulator must outlive the server. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "awscrape/core/status.h"
#include "awscrape/sim/simulator.h"

namespace awscrape::sim {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port
  int threads = 2;
  uint64_t max_body_bytes = 10 << 20;
  uint32_t max_header_bytes = 64 << 10;
  double max_seconds = 0;  // > 0: stop by itself after this long
  bool handle_signals = false;
  int idle_timeout_seconds = 120;  // a keep-alive connection with no request is closed
};

class SimServer {
 public:
  SimServer(Simulator& simulator, ServerOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  Status Start();
  uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  void Wait();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awscrape::sim
