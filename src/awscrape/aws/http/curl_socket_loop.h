// CurlSocketLoop: a libcurl multi handle driven through libcurl's socket interface over epoll
// (an implementation detail of CurlTransport, separate so the event loop reads on its own).
//
// libcurl tells the loop which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when it next needs
// to run (CURLMOPT_TIMERFUNCTION); the loop keeps those sockets in an epoll set and hands libcurl
// only the sockets that are ready (curl_multi_socket_action), so a wake-up costs in proportion
// to the work it brings, not to the number of transfers or connections. An eventfd in the same
// epoll set lets other threads interrupt a wait (Wake()).
//
// Threading: Wake() is thread-safe. Everything else, including every use of multi(), belongs to
// one thread, the one calling WaitAndDispatch(); libcurl calls the callbacks from inside its own
// functions on that thread. The loop owns the multi handle and cleans it up before closing the
// epoll set, because libcurl may still report sockets while it cleans up.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <optional>

#include "awscrape/core/result.h"

namespace awscrape::aws {

class CurlSocketLoop {
 public:
  // A multi handle with the socket and timer callbacks installed, an epoll set and an eventfd.
  static Result<std::unique_ptr<CurlSocketLoop>> Create();
  ~CurlSocketLoop();
  CurlSocketLoop(const CurlSocketLoop&) = delete;
  CurlSocketLoop& operator=(const CurlSocketLoop&) = delete;

  CURLM* multi() const { return multi_; }

  // Makes the WaitAndDispatch() in progress, or the next one, return promptly. Thread-safe.
  void Wake();

  // Sleeps until a watched socket is ready, libcurl's timer expires or Wake() is called, then
  // lets libcurl act on the ready sockets and on its timer. Finished transfers are then waiting
  // in curl_multi_info_read().
  void WaitAndDispatch();

 private:
  CurlSocketLoop() = default;
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* loop, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* loop);  // NOLINT(runtime/int)

  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  // When libcurl wants curl_multi_socket_action(CURL_SOCKET_TIMEOUT); none: no timer set.
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace awscrape::aws
