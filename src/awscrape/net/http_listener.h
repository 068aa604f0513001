// HttpListener: what our loopback HTTP servers (`awscrape serve`, `awscrape simulate`) share
// beneath their sessions — a TCP acceptor on host:port (port 0: an ephemeral one), a pool of
// threads running one io_context, and the stopping. Each accepted connection gets its own strand
// and TCP_NODELAY, and is handed to the server's session factory; what is said on it (parsing,
// routing, responses, faults) is the server's business.
//
// Limits: beyond `max_connections` open connections, new ones are closed at once. A connection
// counts as open while the ConnectionSlot handed with it lives; a session keeps its slot.
//
// Lifecycle: Start() binds and starts the threads; Wait() blocks until the listener stops — on
// Stop(), SIGINT/SIGTERM (when asked to handle signals), or after max_seconds. Stopping closes the
// acceptor, lets in-flight replies finish for a short grace period, then stops the io_context,
// which ends every connection. Stop() may be called from any thread; the destructor stops and
// waits. A server is a listener with its own session factory (ApiServer, SimServer derive from
// it and add no members, so the non-virtual destructor is enough).
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "awscrape/core/status.h"

namespace awscrape {

struct HttpListenerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port
  int threads = 2;
  size_t max_connections = std::numeric_limits<size_t>::max();
  bool handle_signals = false;
  double max_seconds = 0;  // > 0: stop by itself after this long
};

// One open connection, counted against max_connections until destroyed. Move-only.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::atomic<size_t>* open) : open_(open) { ++*open_; }
  ConnectionSlot(ConnectionSlot&& other) noexcept : open_(std::exchange(other.open_, nullptr)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot() {
    if (open_) --*open_;
  }

 private:
  std::atomic<size_t>* open_;
};

class HttpListener {
 public:
  // Called on an I/O thread with a connected socket whose executor is its own strand; starts the
  // session. The factory is destroyed after every session, so state the sessions share may live
  // in it (captured by value).
  using SessionFactory = std::function<void(boost::asio::ip::tcp::socket, ConnectionSlot)>;

  HttpListener(HttpListenerOptions options, SessionFactory make_session);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  Status Start();
  uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  void Wait();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awscrape
