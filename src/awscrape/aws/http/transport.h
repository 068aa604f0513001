// HttpTransport: sends HTTP requests and delivers responses; the seam between awscrape and the
// network.
//
// Send() never blocks: it queues the request and calls `done` exactly once, from the transport's
// own thread, with the response or a Status (kTimeout, kUnavailable for connection failures,
// kCancelled at shutdown). Callbacks must be quick and must not block; hand heavy work off.
// Implementations are thread-safe. The real one is libcurl's multi interface (CurlTransport);
// tests use fakes that answer from memory or inject faults.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5000};
  // Whole-response limit, from sending the request to the last byte of the body.
  std::chrono::milliseconds response_timeout{60000};
};

class HttpTransport {
 public:
  using Callback = std::function<void(Result<HttpResponse>)>;

  virtual ~HttpTransport() = default;
  virtual void Send(HttpRequest request, const HttpOptions& options, Callback done) = 0;

  // Blocking convenience for one-off calls (credential providers, the `call` command).
  // Must not be called from the transport's own thread.
  Result<HttpResponse> SendAndWait(HttpRequest request, const HttpOptions& options = {});
};

}  // namespace awscrape::aws
