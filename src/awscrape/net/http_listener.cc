#include "awscrape/net/http_listener.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

namespace awscrape {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// How long in-flight replies may take to finish once stopping has begun.
constexpr std::chrono::milliseconds kStopGrace{200};

}  // namespace

struct HttpListener::Impl {
  Impl(HttpListenerOptions o, SessionFactory f)
      : options(std::move(o)),
        make_session(std::move(f)),
        ioc(std::max(1, options.threads)),
        acceptor(ioc),
        signals(ioc),
        deadline(ioc),
        grace(ioc) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (open_connections.load() >= options.max_connections) {
          error_code ignored;
          socket.close(ignored);
        } else {
          // Responses may go out in a few writes (headers, chunks): without TCP_NODELAY, Nagle's
          // algorithm holds the last small one until the client's delayed ACK (~40 ms).
          error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          make_session(std::move(socket), ConnectionSlot(&open_connections));
        }
      }
      Accept();
    });
  }

  void BeginStop() {
    net::post(ioc, [this] {
      if (stopping) return;
      stopping = true;
      error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      deadline.cancel();
      grace.expires_after(kStopGrace);
      grace.async_wait([this](error_code) { ioc.stop(); });
    });
  }

  HttpListenerOptions options;
  // Before ioc, so destroyed after it: sessions still pending when the io_context is destroyed
  // may use what the factory holds, and release their slots.
  SessionFactory make_session;
  std::atomic<size_t> open_connections{0};
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer deadline;
  net::steady_timer grace;
  std::vector<std::thread> threads;
  bool stopping = false;  // only on the io_context's threads, via BeginStop's post
  uint16_t port = 0;
};

HttpListener::HttpListener(HttpListenerOptions options, SessionFactory make_session)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(make_session))) {}

HttpListener::~HttpListener() {
  Stop();
  Wait();
}

Status HttpListener::Start() {
  error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return InvalidArgument("bad listen address '" + impl_->options.host + "'");
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return IoError("cannot listen on " + impl_->options.host + ":" +
                   std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->Accept();
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](error_code e, int) {
      if (!e) impl_->BeginStop();
    });
  }
  if (impl_->options.max_seconds > 0) {
    impl_->deadline.expires_after(
        std::chrono::milliseconds(static_cast<int64_t>(impl_->options.max_seconds * 1000)));
    impl_->deadline.async_wait([this](error_code e) {
      if (!e) impl_->BeginStop();
    });
  }
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status::Ok();
}

uint16_t HttpListener::port() const { return impl_->port; }

std::string HttpListener::url() const {
  std::string host = impl_->options.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6 literal
  return "http://" + host + ":" + std::to_string(impl_->port);
}

void HttpListener::Wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

void HttpListener::Stop() {
  if (impl_->threads.empty()) return;
  impl_->BeginStop();
}

}  // namespace awscrape
