// FakeTransport: an in-memory HttpTransport for unit tests of the layers above the network.
//
// A user-supplied handler answers each request (a response, or a Status standing for a
// transport failure); it runs on the thread calling Send(), so it may block that caller only. Like
// CurlTransport, Send() never blocks and callbacks run on the fake's own thread, optionally after a
// simulated latency; faults can be injected for the next N requests. Every request is recorded for
// assertions. The destructor answers whatever is still pending with kCancelled. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

class FakeTransport final : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  explicit FakeTransport(Handler handler);
  ~FakeTransport() override;
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;

  void Send(HttpRequest request, const HttpOptions& options, Callback done) override;

  void set_handler(Handler handler);
  // Delay before each answer. A latency beyond the request's response_timeout ends with
  // kTimeout at the timeout, as the real transport would.
  void set_latency(std::chrono::milliseconds latency);
  // The next `count` requests fail with `status` without reaching the handler.
  void InjectFailures(int count, Status status);

  // Requests received so far, in order of Send().
  std::vector<HttpRequest> requests() const;
  size_t request_count() const;
  // Blocks until every request sent so far has been answered.
  void WaitIdle() const;

  // A response with the given status, body and headers, for handlers.
  static HttpResponse Reply(int status, std::string body = "", HttpHeaders headers = {});

 private:
  struct Pending {
    HttpRequest request;
    Callback done;
    Result<HttpResponse> result;
  };
  void Run();

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  // All guarded by mutex_.
  Handler handler_;
  std::chrono::milliseconds latency_{0};
  int failures_left_ = 0;
  Status failure_;
  std::vector<HttpRequest> requests_;
  // Due time and arrival order: answers go out in due order, ties in arrival order.
  std::multimap<std::chrono::steady_clock::time_point, Pending> queue_;
  size_t running_ = 0;  // answers being delivered right now
  bool stopping_ = false;

  std::thread thread_;
};

}  // namespace awscrape::aws
