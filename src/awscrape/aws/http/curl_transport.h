// CurlTransport: the real HttpTransport, on libcurl's multi interface.
//
// One dedicated thread owns a curl multi handle and drives every transfer through libcurl's
// socket interface over epoll (curl_socket_loop.h), so each wake-up touches only the sockets that
// are ready. Send() only queues the request and wakes that thread, so it is thread-safe and never
// blocks. Callbacks run on that thread (see transport.h); they must not block or destroy the
// transport.
//
// Connections: HTTP/1.1 with keep-alive, pooled per scheme://host. At most
// max_host_connections transfers run per host and max_total_connections in all; further
// requests wait in a FIFO inside the transport, and their timeouts start only when they start,
// so HttpOptions mean "per request on the wire". Easy handles are reused.
//
// Security and environment: TLS peer and host verification are always on (ca_file only picks
// the trust store). Proxies come from the environment, read by libcurl itself, because
// CurlTransport never sets CURLOPT_PROXY or CURLOPT_NOPROXY: HTTPS_PROXY/https_proxy for https
// URLs, http_proxy (lower case only: libcurl ignores HTTP_PROXY, see "httpoxy") for http URLs,
// ALL_PROXY and NO_PROXY/no_proxy. gzip and deflate responses are accepted and decoded (the
// Content-Encoding header is kept as received).
//
// Errors: a timeout (connect or whole response) is kTimeout; refused, reset or dropped
// connections, DNS and TLS failures are kUnavailable; both carry libcurl's error text. A
// response whose decoded body exceeds max_response_body_bytes (or whose headers exceed
// max_response_header_bytes) is abandoned with kParseError rather than held in memory, so a
// request's memory is bounded by those limits. A malformed request (CR/LF in a header, unknown
// scheme) fails with kInvalidArgument through its callback.
//
// Shutdown: the destructor cancels everything still queued or in flight with kCancelled and
// joins the thread. A Send() racing with the destructor is answered kCancelled at once, on the
// caller's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

struct CurlTransportOptions {
  // Concurrent transfers, hence connections, per scheme://host and in all.
  int max_host_connections = 8;
  int max_total_connections = 64;
  size_t max_response_body_bytes = size_t{256} << 20;
  size_t max_response_header_bytes = size_t{1} << 20;
  // PEM bundle of trusted CAs; empty means libcurl's default trust store. Verification itself
  // cannot be turned off.
  std::string ca_file;
  // Sent as User-Agent unless the request sets one; empty sends none.
  std::string user_agent;
};

struct CurlTransportStats {
  uint64_t requests_started = 0;
  uint64_t requests_finished = 0;  // with any outcome, cancellations included
  uint64_t connections_opened = 0;
  size_t in_flight = 0;  // started, not finished
  size_t queued = 0;     // waiting for a free connection slot
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  void Send(HttpRequest request, const HttpOptions& options, Callback done) override;

  CurlTransportStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awscrape::aws
