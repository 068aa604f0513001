#include "awscrape/api/websocket_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>

#include "awscrape/core/json.h"

namespace awscrape::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(beast::tcp_stream stream, EventBus& events, std::optional<std::string> scrape_id,
            size_t max_queue)
      : ws_(std::move(stream)),
        events_(events),
        scrape_id_(std::move(scrape_id)),
        max_queue_(max_queue) {}

  ~WsSession() {
    if (handle_) events_.Unsubscribe(handle_);
  }

  void Start(http::request<http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "awscrape"); }));
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->OnAccepted();
    });
  }

 private:
  void OnAccepted() {
    std::weak_ptr<WsSession> weak = shared_from_this();
    auto executor = ws_.get_executor();
    handle_ = events_.Subscribe(scrape_id_, [weak, executor](const std::string& text) {
      net::post(executor, [weak, text] {
        if (auto self = weak.lock()) self->Enqueue(text);
      });
    });
    JsonDocument hello(rapidjson::kObjectType);
    auto& a = hello.GetAllocator();
    hello.AddMember("type", "hello", a);
    JsonValue id(rapidjson::kNullType);
    if (scrape_id_) id = MakeString(*scrape_id_, a);
    hello.AddMember("scrape_id", id, a);
    Enqueue(ToJson(hello));
    Read();
  }

  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Shut();
      self->buffer_.consume(self->buffer_.size());
      self->Read();
    });
  }

  void Enqueue(std::string text) {
    if (closed_) return;
    if (queue_.size() >= max_queue_) return Shut();
    queue_.push_back(std::move(text));
    if (!writing_) Write();
  }

  void Write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      self->writing_ = false;
                      if (ec || self->closed_) return self->Shut();
                      self->queue_.pop_front();
                      if (!self->queue_.empty() && !self->closed_) self->Write();
                    });
  }

  void Shut() {
    if (closed_) return;
    closed_ = true;  // the queue stays: a write in flight still points into its front
    if (handle_) {
      events_.Unsubscribe(handle_);
      handle_ = 0;
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

  websocket::stream<beast::tcp_stream> ws_;
  EventBus& events_;
  std::optional<std::string> scrape_id_;
  size_t max_queue_;
  uint64_t handle_ = 0;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;  // on the session's strand
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace

void StartWebSocketSession(beast::tcp_stream stream, http::request<http::string_body> request,
                           EventBus& events, std::optional<std::string> scrape_id,
                           size_t max_queue) {
  std::make_shared<WsSession>(std::move(stream), events, std::move(scrape_id), max_queue)
      ->Start(std::move(request));
}

}  // namespace awscrape::api
