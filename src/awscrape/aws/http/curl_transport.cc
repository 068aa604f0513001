#include "awscrape/aws/http/curl_transport.h"

#include <curl/curl.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "awscrape/aws/http/curl_socket_loop.h"
#include "awscrape/aws/http/curl_transfer.h"

namespace awscrape::aws {
namespace {

void InitCurlOnce() {
  // curl_global_init is not thread-safe; run it once before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status Cancelled() { return {StatusCode::kCancelled, "HTTP transport shut down"}; }

}  // namespace

class CurlTransport::Impl {
 public:
  explicit Impl(CurlTransportOptions options);
  ~Impl();

  void Send(std::unique_ptr<CurlTransfer> transfer);
  CurlTransportStats stats() const;

 private:
  // Per scheme://host: transfers running and transfers waiting for a slot.
  struct HostSlots {
    int active = 0;
    std::deque<std::unique_ptr<CurlTransfer>> waiting;
  };

  // Everything below runs on the loop thread only.
  void Run();
  void Enqueue(std::unique_ptr<CurlTransfer> transfer);
  // Starts waiting transfers while slots are free, hosts served round-robin.
  void AdmitWaiting();
  void Start(std::unique_ptr<CurlTransfer> transfer);
  // Hands finished transfers to their callbacks.
  void CollectFinished();
  void Complete(std::unique_ptr<CurlTransfer> transfer, Result<HttpResponse> result);
  void ReleaseSlot(const std::string& host_key);
  CURL* TakeEasyHandle();
  void ReturnEasyHandle(CURL* easy);
  void CancelEverything();

  const CurlTransportOptions options_;
  // Owns the multi handle; null if it could not be set up, and then startup_error_ says why.
  std::unique_ptr<CurlSocketLoop> loop_;
  CURLM* multi() const { return loop_->multi(); }  // only while loop_ is set
  Status startup_error_;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<CurlTransfer>> submitted_;  // guarded by mutex_
  bool stopping_ = false;                                 // guarded by mutex_

  // Loop thread state.
  std::unordered_map<std::string, HostSlots> hosts_;  // node-based: HostSlots* stay valid
  std::deque<HostSlots*> hosts_waiting_;  // exactly the hosts whose `waiting` is non-empty
  std::unordered_map<CURL*, std::unique_ptr<CurlTransfer>> active_;
  std::vector<CURL*> idle_handles_;

  std::atomic<uint64_t> started_{0};
  std::atomic<uint64_t> finished_{0};
  std::atomic<uint64_t> connections_{0};
  std::atomic<size_t> queued_{0};
  std::atomic<size_t> in_flight_{0};

  std::thread thread_;  // last: starts after everything above is initialised
};

CurlTransport::Impl::Impl(CurlTransportOptions options) : options_(std::move(options)) {
  InitCurlOnce();
  Result<std::unique_ptr<CurlSocketLoop>> loop = CurlSocketLoop::Create();
  if (loop.ok()) {
    loop_ = std::move(*loop);
    curl_multi_setopt(multi(), CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(options_.max_host_connections));
    curl_multi_setopt(multi(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(options_.max_total_connections));
    // The idle-connection cache: room for every connection we may keep open.
    curl_multi_setopt(multi(), CURLMOPT_MAXCONNECTS,
                      static_cast<long>(options_.max_total_connections));
    curl_multi_setopt(multi(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_NOTHING));
  } else {
    startup_error_ = loop.status();
  }
  thread_ = std::thread([this] { Run(); });
}

CurlTransport::Impl::~Impl() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (loop_) loop_->Wake();
  }
  thread_.join();
  for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
  // loop_ cleans the multi handle up as the members are destroyed.
}

void CurlTransport::Impl::Send(std::unique_ptr<CurlTransfer> transfer) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && loop_) {
      // Only the first request of a batch wakes the loop: it takes the whole batch at once, and
      // a wake-up is a system call and often a context switch. Waking under the lock keeps the
      // destructor from closing the loop in between.
      if (submitted_.empty()) loop_->Wake();
      submitted_.push_back(std::move(transfer));
      ++queued_;
      return;
    }
  }
  // Shutting down (or the loop could not start): answer at once, on the caller's thread.
  ++finished_;
  transfer->done(loop_ ? Cancelled() : startup_error_);
}

CurlTransportStats CurlTransport::Impl::stats() const {
  CurlTransportStats s;
  s.requests_started = started_.load();
  s.requests_finished = finished_.load();
  s.connections_opened = connections_.load();
  s.in_flight = in_flight_.load();
  s.queued = queued_.load();
  return s;
}

void CurlTransport::Impl::Run() {
  if (!loop_) return;
  std::vector<std::unique_ptr<CurlTransfer>> incoming;
  for (;;) {
    bool stop;
    {
      std::lock_guard lock(mutex_);
      incoming.swap(submitted_);
      stop = stopping_;
    }
    for (auto& transfer : incoming) Enqueue(std::move(transfer));
    incoming.clear();
    if (stop) break;
    // A transfer admitted here sets libcurl's timer to "now", so the wait below returns at once
    // and libcurl starts it.
    AdmitWaiting();
    // Sleeps until a socket is ready, libcurl's timer expires or Send() wakes the loop.
    loop_->WaitAndDispatch();
    CollectFinished();
  }
  CancelEverything();
}

void CurlTransport::Impl::Enqueue(std::unique_ptr<CurlTransfer> transfer) {
  HostSlots& host = hosts_[transfer->host_key];
  if (host.waiting.empty()) hosts_waiting_.push_back(&host);
  host.waiting.push_back(std::move(transfer));
}

void CurlTransport::Impl::AdmitWaiting() {
  const auto max_host = static_cast<size_t>(std::max(options_.max_host_connections, 1));
  const auto max_total = static_cast<size_t>(std::max(options_.max_total_connections, 1));
  // Each host present now gets one turn; a host still waiting goes to the back. Transfers start
  // after the walk, because a failed start releases its slot and may forget its host.
  std::vector<std::unique_ptr<CurlTransfer>> admitted;
  for (size_t turns = hosts_waiting_.size();
       turns > 0 && active_.size() + admitted.size() < max_total; --turns) {
    HostSlots* host = hosts_waiting_.front();
    hosts_waiting_.pop_front();
    while (!host->waiting.empty() && static_cast<size_t>(host->active) < max_host &&
           active_.size() + admitted.size() < max_total) {
      admitted.push_back(std::move(host->waiting.front()));
      host->waiting.pop_front();
      --queued_;
      ++host->active;
    }
    if (!host->waiting.empty()) hosts_waiting_.push_back(host);
  }
  for (auto& transfer : admitted) Start(std::move(transfer));
}

void CurlTransport::Impl::Start(std::unique_ptr<CurlTransfer> transfer) {
  ++started_;
  Status status = transfer->rejected;
  CURL* easy = nullptr;
  if (status.ok()) {
    easy = TakeEasyHandle();
    status = easy == nullptr ? Internal("curl_easy_init failed")
                             : ConfigureEasyHandle(easy, *transfer, options_);
  }
  if (status.ok()) {
    CURLMcode rc = curl_multi_add_handle(multi(), easy);
    if (rc != CURLM_OK)
      status = Internal(std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc));
  }
  if (!status.ok()) {
    if (easy != nullptr) ReturnEasyHandle(easy);
    transfer->easy = nullptr;
    ReleaseSlot(transfer->host_key);
    Complete(std::move(transfer), status);
    return;
  }
  ++in_flight_;
  active_.emplace(easy, std::move(transfer));
}

void CurlTransport::Impl::CollectFinished() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;  // read before the handle is removed
    auto node = active_.extract(easy);
    curl_multi_remove_handle(multi(), easy);
    if (node.empty()) continue;
    std::unique_ptr<CurlTransfer> transfer = std::move(node.mapped());
    long connects = 0;  // NOLINT(runtime/int): libcurl's type
    if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
      connections_ += static_cast<uint64_t>(connects);
    }
    Result<HttpResponse> result = FinishTransfer(*transfer, code);
    ReturnEasyHandle(easy);
    transfer->easy = nullptr;
    --in_flight_;
    ReleaseSlot(transfer->host_key);
    Complete(std::move(transfer), std::move(result));
  }
}

void CurlTransport::Impl::Complete(std::unique_ptr<CurlTransfer> transfer,
                                   Result<HttpResponse> result) {
  // Free the request (and its body) before the callback, which may start the next one.
  HttpTransport::Callback done = std::move(transfer->done);
  transfer.reset();
  ++finished_;
  done(std::move(result));
}

void CurlTransport::Impl::ReleaseSlot(const std::string& host_key) {
  auto it = hosts_.find(host_key);
  if (it == hosts_.end()) return;
  --it->second.active;
  // Forget idle hosts so a long scrape over many endpoints does not accumulate entries.
  if (it->second.active <= 0 && it->second.waiting.empty()) hosts_.erase(it);
}

CURL* CurlTransport::Impl::TakeEasyHandle() {
  if (idle_handles_.empty()) return curl_easy_init();
  CURL* easy = idle_handles_.back();
  idle_handles_.pop_back();
  return easy;
}

void CurlTransport::Impl::ReturnEasyHandle(CURL* easy) {
  // Connections live in the multi handle's cache, so resetting the easy handle keeps them.
  if (idle_handles_.size() >= static_cast<size_t>(std::max(options_.max_total_connections, 1))) {
    curl_easy_cleanup(easy);
    return;
  }
  curl_easy_reset(easy);
  idle_handles_.push_back(easy);
}

void CurlTransport::Impl::CancelEverything() {
  // Detach everything from libcurl first, then run callbacks on a quiet loop.
  std::vector<std::unique_ptr<CurlTransfer>> cancelled;
  for (auto& [easy, transfer] : active_) {
    curl_multi_remove_handle(multi(), easy);
    curl_easy_cleanup(easy);
    transfer->easy = nullptr;
    cancelled.push_back(std::move(transfer));
  }
  active_.clear();
  in_flight_ = 0;
  for (HostSlots* host : hosts_waiting_) {
    for (auto& transfer : host->waiting) cancelled.push_back(std::move(transfer));
    host->waiting.clear();
  }
  hosts_waiting_.clear();
  hosts_.clear();
  queued_ = 0;
  for (auto& transfer : cancelled) Complete(std::move(transfer), Cancelled());
}

CurlTransport::CurlTransport(CurlTransportOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlTransport::~CurlTransport() = default;

void CurlTransport::Send(HttpRequest request, const HttpOptions& options, Callback done) {
  auto transfer = std::make_unique<CurlTransfer>();
  // A malformed request still travels through the loop so its callback runs on that thread.
  transfer->rejected = ValidateRequest(request);
  transfer->host_key = HostKey(request);
  transfer->request = std::move(request);
  transfer->options = options;
  transfer->done = std::move(done);
  impl_->Send(std::move(transfer));
}

CurlTransportStats CurlTransport::stats() const { return impl_->stats(); }

}  // namespace awscrape::aws
