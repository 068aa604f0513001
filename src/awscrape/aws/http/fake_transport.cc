#include "awscrape/aws/http/fake_transport.h"

#include <algorithm>

namespace awscrape::aws {

FakeTransport::FakeTransport(Handler handler)
    : handler_(std::move(handler)), thread_([this] { Run(); }) {}

FakeTransport::~FakeTransport() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void FakeTransport::Send(HttpRequest request, const HttpOptions& options, Callback done) {
  std::unique_lock lock(mutex_);
  if (stopping_) {
    lock.unlock();
    done(Status(StatusCode::kCancelled, "HTTP transport shut down"));
    return;
  }
  requests_.push_back(request);
  Result<HttpResponse> result = Status(StatusCode::kInternal, "FakeTransport has no handler");
  std::chrono::milliseconds delay = latency_;
  Handler handler;
  if (failures_left_ > 0) {
    --failures_left_;
    result = failure_;
  } else if (delay > options.response_timeout) {
    delay = options.response_timeout;
    result = Status(StatusCode::kTimeout, "FakeTransport: simulated latency exceeds the timeout");
  } else {
    handler = handler_;
  }
  if (handler) {
    // Outside the lock: a handler may inspect the fake (requests(), request_count()).
    lock.unlock();
    result = handler(request);
    lock.lock();
    if (stopping_) {
      lock.unlock();
      done(Status(StatusCode::kCancelled, "HTTP transport shut down"));
      return;
    }
  }
  queue_.emplace(std::chrono::steady_clock::now() + delay,
                 Pending{std::move(request), std::move(done), std::move(result)});
  lock.unlock();
  changed_.notify_all();
}

void FakeTransport::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty()) {
      if (stopping_) return;
      changed_.wait(lock);
      continue;
    }
    auto first = queue_.begin();
    if (!stopping_ && first->first > std::chrono::steady_clock::now()) {
      changed_.wait_until(lock, first->first);
      continue;
    }
    Pending pending = std::move(first->second);
    queue_.erase(first);
    if (stopping_) pending.result = Status(StatusCode::kCancelled, "HTTP transport shut down");
    ++running_;
    lock.unlock();
    pending.done(std::move(pending.result));
    lock.lock();
    --running_;
    changed_.notify_all();
  }
}

void FakeTransport::set_handler(Handler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

void FakeTransport::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

void FakeTransport::InjectFailures(int count, Status status) {
  std::lock_guard lock(mutex_);
  failures_left_ = count;
  failure_ = std::move(status);
}

std::vector<HttpRequest> FakeTransport::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t FakeTransport::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void FakeTransport::WaitIdle() const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

HttpResponse FakeTransport::Reply(int status, std::string body, HttpHeaders headers) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

}  // namespace awscrape::aws
