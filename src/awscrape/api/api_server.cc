#include "awscrape/api/api_server.h"

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "awscrape/api/query_params.h"
#include "awscrape/api/websocket_session.h"

namespace awscrape::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kChunkBytes = 64 * 1024;

struct Shared {
  const Dispatcher& dispatcher;
  EventBus* events;
  const ApiServerOptions& options;
  std::atomic<size_t> connections{0};
};

void SetCommonHeaders(http::fields& fields, const ApiResponse& response) {
  fields.set(http::field::server, "awscrape");
  if (!response.content_type.empty()) fields.set(http::field::content_type, response.content_type);
  fields.set("X-Content-Type-Options", "nosniff");
  fields.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : response.headers) fields.set(name, value);
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    ++shared_.connections;
  }
  ~HttpSession() { --shared_.connections; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(shared_.options.max_body_bytes);
    parser_->header_limit(shared_.options.max_header_bytes);
    buffer_.clear();
    // One deadline for the whole request, idle time included: a client that trickles bytes
    // (slowloris) or says nothing is cut off.
    stream_.expires_after(shared_.options.request_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return SendError(413, "payload_too_large", "request body too large");
    }
    if (ec == http::error::header_limit) {
      return SendError(431, "headers_too_large", "request headers too large");
    }
    if (ec) return SendError(400, "bad_request", "malformed HTTP request");

    auto& req = parser_->get();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    head_ = req.method() == http::verb::head;
    std::string_view target(req.target().data(), req.target().size());
    if (target.empty() || target[0] != '/' || target.find('\0') != std::string_view::npos) {
      return SendError(400, "bad_request", "request target must be an absolute path");
    }
    ApiRequest request;
    request.method = std::string(req.method_string());
    size_t q = target.find('?');
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request.query = ParseQueryString(target.substr(q + 1));
    for (const auto& field : req) {
      request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }

    if (beast::websocket::is_upgrade(req)) {
      ApiResponse refusal;
      const Route* route = shared_.dispatcher.Authorize(request, refusal);
      std::optional<std::string> scrape_id = request.Query("scrape_id");
      if (route && scrape_id && !IsValidScrapeId(*scrape_id)) {
        keep_alive_ = false;
        return Send(ErrorResponse(ValidateScrapeId(*scrape_id)));
      }
      if (route && route->pattern == "/api/ws" && shared_.events) {
        stream_.expires_never();
        StartWebSocketSession(std::move(stream_), parser_->release(), *shared_.events, scrape_id,
                              shared_.options.max_ws_queue);
        return;
      }
      if (route) refusal = ErrorResponse(400, "bad_request", "no WebSocket on this path");
      keep_alive_ = false;
      return Send(std::move(refusal));
    }

    request.body = std::move(req.body());
    Send(shared_.dispatcher.Handle(std::move(request)));
  }

  void SendError(int status, std::string_view code, std::string_view message) {
    keep_alive_ = false;
    Send(ErrorResponse(status, code, message));
  }

  void Send(ApiResponse response) {
    if (response.stream && !head_) return SendStream(std::move(response));
    if (response.stream) {
      response.stream.reset();  // HEAD: headers only
      response.body.clear();
    }
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version_);
    SetCommonHeaders(*res, response);
    res->keep_alive(keep_alive_);
    res->body() = std::move(response.body);
    res->prepare_payload();
    if (head_) res->body().clear();
    stream_.expires_after(shared_.options.write_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        self->AfterResponse(ec);
                      });
  }

  void SendStream(ApiResponse response) {
    source_ = std::move(response.stream);
    stream_header_ = std::make_shared<http::response<http::empty_body>>(
        static_cast<http::status>(response.status), version_);
    SetCommonHeaders(*stream_header_, response);
    stream_header_->keep_alive(keep_alive_);
    stream_header_->chunked(true);
    serializer_ = std::make_shared<http::response_serializer<http::empty_body>>(*stream_header_);
    stream_.expires_after(shared_.options.write_timeout);
    http::async_write_header(stream_, *serializer_,
                             [self = shared_from_this()](beast::error_code ec, size_t) {
                               if (ec) return self->Close();
                               self->WriteNextChunk();
                             });
  }

  void WriteNextChunk() {
    chunk_.clear();
    bool finished = false;
    while (chunk_.size() < kChunkBytes) {
      auto piece = source_->Next();
      if (!piece.ok()) {
        // Too late for a status: end the connection so the client sees a truncated body.
        return Close();
      }
      if (!*piece) {
        finished = true;
        break;
      }
      if (chunk_.empty()) {
        chunk_ = std::move(**piece);  // a whole document: no copy
      } else {
        chunk_ += **piece;
      }
    }
    stream_.expires_after(shared_.options.write_timeout);
    auto self = shared_from_this();
    if (chunk_.empty() && finished) return WriteLastChunk();
    if (finished) {
      // The last data and the terminating chunk in one write: one segment for a small page.
      source_.reset();
      net::async_write(
          stream_,
          beast::buffers_cat(http::make_chunk(net::buffer(chunk_)), http::make_chunk_last()),
          [self](beast::error_code ec, size_t) { self->AfterStream(ec); });
      return;
    }
    net::async_write(stream_, http::make_chunk(net::buffer(chunk_)),
                     [self](beast::error_code ec, size_t) {
                       if (ec) return self->Close();
                       self->WriteNextChunk();
                     });
  }

  void WriteLastChunk() {
    source_.reset();
    net::async_write(
        stream_, http::make_chunk_last(),
        [self = shared_from_this()](beast::error_code ec, size_t) { self->AfterStream(ec); });
  }

  void AfterStream(beast::error_code ec) {
    serializer_.reset();
    stream_header_.reset();
    AfterResponse(ec);
  }

  void AfterResponse(beast::error_code ec) {
    if (ec) return Close();
    if (!keep_alive_) return LingerAndClose();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  // Closing a socket with unread input makes the kernel send RST, and a client still sending
  // (a body over the limit, say) may then lose the answer it has not read yet. So, as HTTP
  // servers do: stop sending, read and discard what still arrives for a moment, then close.
  void LingerAndClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    lingered_bytes_ = 0;
    DiscardInput();
  }

  void DiscardInput() {
    drain_.resize(64 * 1024);
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->lingered_bytes_ += n;
                              if (ec || self->lingered_bytes_ > kLingerMaxBytes) {
                                return self->stream_.close();
                              }
                              self->DiscardInput();
                            });
  }

  static constexpr std::chrono::seconds kLingerTime{2};
  static constexpr size_t kLingerMaxBytes = 64u << 20;

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_ = false;
  std::unique_ptr<ChunkSource> source_;
  std::shared_ptr<http::response<http::empty_body>> stream_header_;
  std::shared_ptr<http::response_serializer<http::empty_body>> serializer_;
  std::string chunk_;
  std::string drain_;  // lingering close: where discarded input goes
  size_t lingered_bytes_ = 0;
};

}  // namespace

struct ApiServer::Impl {
  Impl(const Dispatcher& d, EventBus* e, ApiServerOptions o)
      : options(std::move(o)),
        shared{d, e, options, {}},
        ioc(std::max(1, options.threads)),
        acceptor(ioc),
        signals(ioc),
        deadline(ioc),
        grace(ioc) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (shared.connections.load() >= options.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);
        } else {
          // Responses go out in a few writes (headers, chunks): without TCP_NODELAY, Nagle's
          // algorithm holds the last small one until the client's delayed ACK (~40 ms).
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<HttpSession>(std::move(socket), shared)->Start();
        }
      }
      Accept();
    });
  }

  void BeginStop() {
    net::post(ioc, [this] {
      if (stopping) return;
      stopping = true;
      beast::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      deadline.cancel();
      grace.expires_after(std::chrono::milliseconds(200));
      grace.async_wait([this](beast::error_code) { ioc.stop(); });
    });
  }

  ApiServerOptions options;
  Shared shared;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer deadline;
  net::steady_timer grace;
  std::vector<std::thread> threads;
  bool stopping = false;  // only on the io_context's threads, via BeginStop's post
  uint16_t port = 0;
};

ApiServer::ApiServer(const Dispatcher& dispatcher, EventBus* events, ApiServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, events, std::move(options))) {}

ApiServer::~ApiServer() {
  Stop();
  Wait();
}

Status ApiServer::Start() {
  beast::error_code ec;
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
    impl_->signals.async_wait([this](beast::error_code e, int) {
      if (!e) impl_->BeginStop();
    });
  }
  if (impl_->options.max_seconds > 0) {
    impl_->deadline.expires_after(
        std::chrono::milliseconds(static_cast<int64_t>(impl_->options.max_seconds * 1000)));
    impl_->deadline.async_wait([this](beast::error_code e) {
      if (!e) impl_->BeginStop();
    });
  }
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status::Ok();
}

uint16_t ApiServer::port() const { return impl_->port; }

std::string ApiServer::url() const {
  std::string host = impl_->options.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port);
}

void ApiServer::Wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

void ApiServer::Stop() {
  if (impl_->threads.empty()) return;
  impl_->BeginStop();
}

}  // namespace awscrape::api
