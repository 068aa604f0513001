#include "awscrape/aws/http/curl_socket_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

namespace awscrape::aws {
namespace {

using Clock = std::chrono::steady_clock;

// Events handled per wake-up; more ready sockets simply wait for the next (level-triggered).
constexpr int kMaxEvents = 64;

uint32_t EpollEvents(int what) {
  uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
  return events;
}

int CurlSelectMask(uint32_t events) {
  int mask = 0;
  if (events & EPOLLIN) mask |= CURL_CSELECT_IN;
  if (events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
  if (events & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
  return mask;
}

}  // namespace

Result<std::unique_ptr<CurlSocketLoop>> CurlSocketLoop::Create() {
  std::unique_ptr<CurlSocketLoop> loop(new CurlSocketLoop());
  loop->epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (loop->epoll_fd_ < 0) return IoErrorFromErrno("epoll_create1");
  loop->wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (loop->wake_fd_ < 0) return IoErrorFromErrno("eventfd");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = loop->wake_fd_;
  if (epoll_ctl(loop->epoll_fd_, EPOLL_CTL_ADD, loop->wake_fd_, &event) != 0) {
    return IoErrorFromErrno("epoll_ctl");
  }
  loop->multi_ = curl_multi_init();
  if (loop->multi_ == nullptr) return Internal("curl_multi_init failed");
  curl_multi_setopt(loop->multi_, CURLMOPT_SOCKETFUNCTION, &CurlSocketLoop::OnSocket);
  curl_multi_setopt(loop->multi_, CURLMOPT_SOCKETDATA, static_cast<void*>(loop.get()));
  curl_multi_setopt(loop->multi_, CURLMOPT_TIMERFUNCTION, &CurlSocketLoop::OnTimer);
  curl_multi_setopt(loop->multi_, CURLMOPT_TIMERDATA, static_cast<void*>(loop.get()));
  return loop;
}

CurlSocketLoop::~CurlSocketLoop() {
  // First: libcurl may report sockets to remove while it closes its cached connections.
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
  if (wake_fd_ >= 0) close(wake_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void CurlSocketLoop::Wake() {
  const uint64_t one = 1;
  // Can only fail if the counter is about to overflow, and then a wake-up is pending anyway.
  [[maybe_unused]] ssize_t written = write(wake_fd_, &one, sizeof(one));
}

void CurlSocketLoop::WaitAndDispatch() {
  int timeout_ms = -1;
  if (deadline_) {
    // Rounded up: waking a little early would only spin until the deadline.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - Clock::now());
    timeout_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT_MAX));
  }
  epoll_event events[kMaxEvents];
  const int ready = epoll_wait(epoll_fd_, events, kMaxEvents, timeout_ms);  // EINTR: ready < 0
  int running = 0;
  for (int i = 0; i < ready; ++i) {
    const int fd = events[i].data.fd;
    if (fd == wake_fd_) {
      uint64_t count = 0;
      [[maybe_unused]] ssize_t got = read(wake_fd_, &count, sizeof(count));
      continue;
    }
    curl_multi_socket_action(multi_, fd, CurlSelectMask(events[i].events), &running);
  }
  if (deadline_ && Clock::now() >= *deadline_) {
    deadline_.reset();  // before the call, which may set the next one
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
}

int CurlSocketLoop::OnSocket(CURL* /*easy*/, curl_socket_t socket, int what, void* loop_ptr,
                             void* socket_data) {
  auto& loop = *static_cast<CurlSocketLoop*>(loop_ptr);
  if (what == CURL_POLL_REMOVE) {
    // Fails harmlessly if libcurl already closed the socket: epoll forgot it then.
    epoll_ctl(loop.epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = EpollEvents(what);
  event.data.fd = socket;
  // libcurl keeps socket_data per socket until it removes the socket: non-null means "in the
  // epoll set". The fallbacks cover a descriptor number reused behind libcurl's back.
  if (socket_data == nullptr) {
    if (epoll_ctl(loop.epoll_fd_, EPOLL_CTL_ADD, socket, &event) != 0 && errno == EEXIST) {
      epoll_ctl(loop.epoll_fd_, EPOLL_CTL_MOD, socket, &event);
    }
    curl_multi_assign(loop.multi_, socket, loop_ptr);
  } else if (epoll_ctl(loop.epoll_fd_, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT) {
    epoll_ctl(loop.epoll_fd_, EPOLL_CTL_ADD, socket, &event);
  }
  return 0;
}

int CurlSocketLoop::OnTimer(CURLM* /*multi*/, long timeout_ms,  // NOLINT(runtime/int)
                            void* loop_ptr) {
  auto& loop = *static_cast<CurlSocketLoop*>(loop_ptr);
  if (timeout_ms < 0) {
    loop.deadline_.reset();
  } else {
    loop.deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

}  // namespace awscrape::aws
