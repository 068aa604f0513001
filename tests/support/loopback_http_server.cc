#include "loopback_http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "test_certificate.h"

namespace awscrape::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string ReasonPhrase(int status) {
  auto reason = http::obsolete_reason(static_cast<http::status>(status));
  return reason.empty() ? "Status" : std::string(reason.data(), reason.size());
}

std::string Serialize(const LoopbackResponse& r, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + ReasonPhrase(r.status) + "\r\n";
  for (const auto& h : r.headers) out += h.name + ": " + h.value + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  out += r.truncate_body_at ? r.body.substr(0, *r.truncate_body_at) : r.body;
  return out;
}

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

}  // namespace

class LoopbackHttpServer::Impl {
 public:
  Impl(Handler handler, LoopbackServerOptions options)
      : handler_(std::move(handler)),
        options_(options),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    if (options_.tls) {
      TestCertificate cert = MakeSelfSignedCertificate("127.0.0.1");
      certificate_pem_ = cert.certificate_pem;
      tls_.use_certificate(asio::buffer(cert.certificate_pem), asio::ssl::context::pem);
      tls_.use_private_key(asio::buffer(cert.private_key_pem), asio::ssl::context::pem);
    }
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    // Abandon every pending operation; destroying io_ then destroys the sessions its handlers
    // hold, which closes their sockets, hanging connections included.
    io_.stop();
    thread_.join();
  }

  uint16_t port() const { return port_; }
  bool tls() const { return options_.tls; }
  const std::string& certificate_pem() const { return certificate_pem_; }
  uint64_t connections() const { return connections_.load(); }
  uint64_t requests() const { return requests_.load(); }

 private:
  template <typename Stream>
  class Session;

  void Accept();

  Handler handler_;
  const LoopbackServerOptions options_;
  std::string certificate_pem_;
  asio::ssl::context tls_{asio::ssl::context::tls_server};
  asio::io_context io_{1};
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<uint64_t> connections_{0};
  std::atomic<uint64_t> requests_{0};
  std::thread thread_;
};

template <typename Stream>
class LoopbackHttpServer::Impl::Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... StreamArgs>
  Session(Impl& server, uint64_t id, StreamArgs&&... stream_args)
      : server_(server),
        stream_(std::forward<StreamArgs>(stream_args)...),
        timer_(stream_.get_executor()),
        id_(id) {}

  void Start() {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      Read();
    } else {
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->Read();
                              });
    }
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(64u << 20);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->OnRequest();
                     });
  }

  void OnRequest() {
    http::request<http::string_body> message = parser_->release();
    LoopbackRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    request.body = std::move(message.body());
    request.connection_id = id_;
    keep_alive_ = message.keep_alive();
    ++server_.requests_;
    response_ = server_.handler_(request);
    if (response_.hang) {
      // Keep the session alive until the peer goes away or the server stops.
      WaitForPeerClose();
      return;
    }
    if (response_.delay.count() > 0) {
      timer_.expires_after(response_.delay);
      timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) self->Respond();
      });
      return;
    }
    Respond();
  }

  void Respond() {
    const bool close =
        response_.raw || response_.truncate_body_at || response_.close_connection || !keep_alive_;
    out_ = response_.raw ? *response_.raw : Serialize(response_, !close);
    asio::async_write(stream_, asio::buffer(out_),
                      [self = this->shared_from_this(), close](beast::error_code ec, size_t) {
                        if (ec) return;
                        if (close) {
                          beast::error_code ignored;
                          self->stream_.lowest_layer().shutdown(tcp::socket::shutdown_both,
                                                                ignored);
                          self->stream_.lowest_layer().close(ignored);
                          return;
                        }
                        self->Read();
                      });
  }

  void WaitForPeerClose() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              if (!ec) self->WaitForPeerClose();
                            });
  }

  Impl& server_;
  Stream stream_;
  asio::steady_timer timer_;
  const uint64_t id_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  LoopbackResponse response_;
  bool keep_alive_ = true;
  std::string out_;
  char scratch_[512];
};

void LoopbackHttpServer::Impl::Accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // the acceptor was closed
    const uint64_t id = ++connections_;
    if (options_.tls) {
      std::make_shared<Session<asio::ssl::stream<tcp::socket>>>(*this, id, std::move(socket), tls_)
          ->Start();
    } else {
      std::make_shared<Session<tcp::socket>>(*this, id, std::move(socket))->Start();
    }
    Accept();
  });
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler, LoopbackServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), options)) {}
LoopbackHttpServer::~LoopbackHttpServer() = default;

uint16_t LoopbackHttpServer::port() const { return impl_->port(); }
std::string LoopbackHttpServer::host() const { return "127.0.0.1:" + std::to_string(port()); }
std::string LoopbackHttpServer::url() const {
  return (impl_->tls() ? "https://" : "http://") + host();
}
const std::string& LoopbackHttpServer::certificate_pem() const { return impl_->certificate_pem(); }
uint64_t LoopbackHttpServer::connections_accepted() const { return impl_->connections(); }
uint64_t LoopbackHttpServer::requests_received() const { return impl_->requests(); }

namespace {

sockaddr_in LoopbackAddress(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

uint16_t BoundPort(int fd) {
  sockaddr_in addr{};
  socklen_t length = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) Die("getsockname");
  return ntohs(addr.sin_port);
}

}  // namespace

uint16_t UnusedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket");
  sockaddr_in addr = LoopbackAddress(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Die("bind");
  const uint16_t port = BoundPort(fd);
  close(fd);
  return port;
}

BlackholeListener::BlackholeListener() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) Die("socket");
  sockaddr_in addr = LoopbackAddress(0);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Die("bind");
  // Backlog 0 admits one connection into the accept queue; nobody ever accepts it, so the
  // kernel drops the SYNs of every later connection and their handshakes never finish.
  if (listen(listen_fd_, 0) != 0) Die("listen");
  port_ = BoundPort(listen_fd_);
  sockaddr_in target = LoopbackAddress(port_);
  for (int& fd : filler_fds_) {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) Die("socket");
    // Non-blocking: the fillers beyond the first stay in SYN_SENT, which is all we need.
    (void)connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof(target));
  }
}

BlackholeListener::~BlackholeListener() {
  for (int fd : filler_fds_) {
    if (fd >= 0) close(fd);
  }
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string BlackholeListener::host() const { return "127.0.0.1:" + std::to_string(port_); }

}  // namespace awscrape::testing
