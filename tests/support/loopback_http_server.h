// LoopbackHttpServer: a small HTTP/1.1 server on 127.0.0.1 for tests of HTTP clients.
//
// Plain HTTP by default; with `tls` it speaks HTTPS with a fresh self-signed certificate for
// 127.0.0.1 (certificate_pem() gives it to clients that should trust it). It listens on an
// ephemeral port of the loopback interface only, runs one I/O thread, and answers each request with
// whatever the handler returns. Knobs on the returned response delay it, hang (never answer, keep
// the connection open), cut the body short and close, or send raw bytes. Connections and requests
// are counted, so tests can prove keep-alive reuse. The destructor stops the thread and closes
// every connection, hanging ones included. The handler runs on the server thread, one request at a
// time: keep it quick (use `delay`, not sleep).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "awscrape/aws/http/http_message.h"

namespace awscrape::testing {

struct LoopbackRequest {
  std::string method;
  std::string target;  // as received: "/path?query" or, through a proxy, an absolute URL
  aws::HttpHeaders headers;
  std::string body;
  uint64_t connection_id = 0;  // 1 for the first connection accepted, 2 for the next, ...
};

struct LoopbackResponse {
  int status = 200;
  aws::HttpHeaders headers;  // Content-Length is added; do not set it
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before answering
  bool hang = false;                   // never answer; keep the connection open
  // Announce the whole body but send only this many bytes of it, then close the connection.
  std::optional<size_t> truncate_body_at;
  bool close_connection = false;   // "Connection: close", then close after the response
  std::optional<std::string> raw;  // written verbatim instead of a response, then close
};

struct LoopbackServerOptions {
  bool tls = false;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<LoopbackResponse(const LoopbackRequest&)>;

  explicit LoopbackHttpServer(Handler handler, LoopbackServerOptions options = {});
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  uint16_t port() const;
  std::string host() const;  // "127.0.0.1:<port>", for HttpRequest::host
  std::string url() const;   // "http://127.0.0.1:<port>" (https with tls)
  // The server's certificate in PEM; empty without tls.
  const std::string& certificate_pem() const;

  uint64_t connections_accepted() const;
  uint64_t requests_received() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A loopback port with nothing listening on it (bound then released), for "connection refused".
uint16_t UnusedLoopbackPort();

// A loopback listener whose accept queue is full, so that connecting to it hangs in the TCP
// handshake: the place to test connect timeouts without any network.
class BlackholeListener {
 public:
  BlackholeListener();
  ~BlackholeListener();
  BlackholeListener(const BlackholeListener&) = delete;
  BlackholeListener& operator=(const BlackholeListener&) = delete;

  uint16_t port() const { return port_; }
  std::string host() const;

 private:
  int listen_fd_ = -1;
  int filler_fds_[4] = {-1, -1, -1, -1};
  uint16_t port_ = 0;
};

}  // namespace awscrape::testing
