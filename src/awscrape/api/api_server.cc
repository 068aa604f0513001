#include "awscrape/api/api_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <optional>

#include "awscrape/api/query_params.h"
#include "awscrape/api/websocket_session.h"
#include "awscrape/net/http_listener.h"

namespace awscrape::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kChunkBytes = 64 * 1024;

// What every session reads; kept by the listener's session factory, so it outlives them all.
struct Shared {
  Shared(const Dispatcher& d, EventBus* e, ApiServerOptions o)
      : dispatcher(d), events(e), options(std::move(o)) {}
  const Dispatcher& dispatcher;
  EventBus* events;
  const ApiServerOptions options;
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
  HttpSession(tcp::socket socket, ConnectionSlot slot, const Shared& shared)
      : stream_(std::move(socket)), slot_(std::move(slot)), shared_(shared) {}

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
  ConnectionSlot slot_;  // counted until the session ends (a WebSocket takes over uncounted)
  const Shared& shared_;
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

ApiServer::ApiServer(const Dispatcher& dispatcher, EventBus* events, ApiServerOptions options)
    : HttpListener(options, [shared = std::make_shared<Shared>(dispatcher, events, options)](
                                tcp::socket socket, ConnectionSlot slot) {
        std::make_shared<HttpSession>(std::move(socket), std::move(slot), *shared)->Start();
      }) {}

}  // namespace awscrape::api
