#include "awscrape/sim/sim_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "awscrape/net/http_listener.h"

namespace awscrape::sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

aws::HttpRequest ToHttpRequest(const http::request<http::string_body>& req) {
  aws::HttpRequest out;
  out.method = std::string(req.method_string());
  out.scheme = "http";
  std::string_view target(req.target().data(), req.target().size());
  size_t q = target.find('?');
  out.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  for (const auto& field : req) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  if (const std::string* host = aws::FindHeader(out.headers, "Host")) out.host = *host;
  out.body = req.body();
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ConnectionSlot slot, Simulator& sim, const ServerOptions& options)
      : stream_(std::move(socket)),
        slot_(std::move(slot)),
        sim_(sim),
        options_(options),
        timer_(stream_.get_executor()) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(options_.max_header_bytes);
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      http::response<http::string_body> res{http::status::payload_too_large, 11};
      res.set(http::field::content_type, "text/plain");
      res.body() = "request too large\n";
      res.keep_alive(false);
      res.prepare_payload();
      return Write(std::move(res));
    }
    if (ec) return Close();
    stream_.expires_never();
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    reply_ = sim_.Handle(ToHttpRequest(req));
    if (reply_.fault == TransportFault::kHang) {
      // Hold the connection open and silent until the server stops.
      timer_.expires_after(std::chrono::hours(24));
      timer_.async_wait([self = shared_from_this()](beast::error_code) {});
      return;
    }
    if (reply_.delay.count() > 0) {
      timer_.expires_after(reply_.delay);
      timer_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->Respond();
      });
      return;
    }
    Respond();
  }

  void Respond() {
    const aws::HttpResponse& r = reply_.response;
    if (reply_.fault == TransportFault::kTruncate) {
      // Announce the whole body, send part of it, hang up.
      auto raw = std::make_shared<std::string>();
      *raw =
          "HTTP/1.1 " + std::to_string(r.status) + " " +
          std::string(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(r.status)))) +
          "\r\n";
      for (const auto& h : r.headers) *raw += h.name + ": " + h.value + "\r\n";
      *raw += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
      *raw += r.body.substr(0, r.body.size() / 2);
      net::async_write(
          stream_, net::buffer(*raw),
          [self = shared_from_this(), raw](beast::error_code, size_t) { self->Close(); });
      return;
    }
    http::response<http::string_body> res{static_cast<http::status>(r.status), version_};
    for (const auto& h : r.headers) res.set(h.name, h.value);
    res.body() = r.body;
    res.keep_alive(keep_alive_);
    res.prepare_payload();
    Write(std::move(res));
  }

  void Write(http::response<http::string_body> res) {
    auto shared = std::make_shared<http::response<http::string_body>>(std::move(res));
    bool close = !shared->keep_alive();
    http::async_write(stream_, *shared,
                      [self = shared_from_this(), shared, close](beast::error_code ec, size_t) {
                        if (ec || close) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ConnectionSlot slot_;
  Simulator& sim_;
  const ServerOptions& options_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  SimReply reply_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

SimServer::SimServer(Simulator& simulator, ServerOptions options)
    : HttpListener(options, [&simulator, options = std::make_shared<const ServerOptions>(options)](
                                tcp::socket socket, ConnectionSlot slot) {
        std::make_shared<Session>(std::move(socket), std::move(slot), simulator, *options)->Start();
      }) {}

}  // namespace awscrape::sim
