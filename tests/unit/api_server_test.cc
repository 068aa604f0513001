// `awscrape serve`'s server on loopback: keep-alive, chunked resource pages, limits on bodies,
// headers and time, malformed requests, a slow client that must not stop others — and a
// WebSocket client following a scrape from queued to finished.
#include "awscrape/api/api_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "api_test_util.h"
#include "awscrape/api/api_handlers.h"

namespace awscrape::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::FilledStore();
    queue_ = std::make_unique<ScrapeQueue>(*store_, launcher_, events_, metrics_, 1);
    context_.store = store_.get();
    context_.scrapes = queue_.get();
    context_.metrics = &metrics_;
    routes_ = BuildApiRoutes(context_);
    DispatchOptions dispatch;
    dispatch.token = "t0k";
    dispatcher_ = std::make_unique<Dispatcher>(*routes_, dispatch, &metrics_);
    ApiServerOptions options;
    options.max_body_bytes = 4096;
    options.max_header_bytes = 4096;
    options.request_timeout = std::chrono::milliseconds(700);
    options.max_seconds = 60;  // never outlives a hung test
    server_ = std::make_unique<ApiServer>(*dispatcher_, &events_, options);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    launcher_.ReleaseAll();
    server_->Stop();
    server_->Wait();
    queue_->Shutdown();
  }

  tcp::socket Connect() {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    return socket;
  }

  // Sends raw bytes and reads until the server closes or `timeout`.
  std::string Raw(const std::string& bytes,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    beast::tcp_stream stream(Connect());
    stream.expires_after(timeout);
    net::write(stream.socket(), net::buffer(bytes));
    std::string out;
    char buf[4096];
    beast::error_code ec;
    while (true) {
      size_t n = stream.read_some(net::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }

  http::response<http::string_body> Get(beast::tcp_stream& stream, const std::string& target) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  }

  bool ServesHealth() {
    beast::tcp_stream stream(Connect());
    stream.expires_after(std::chrono::seconds(3));
    return Get(stream, "/healthz").result_int() == 200;
  }

  net::io_context ioc_;
  std::unique_ptr<store::Store> store_;
  testing::GatedLauncher launcher_;
  EventBus events_;
  Metrics metrics_;
  std::unique_ptr<ScrapeQueue> queue_;
  ApiContext context_;
  std::unique_ptr<RouteTable> routes_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<ApiServer> server_;
};

TEST_F(ApiServerTest, KeepAliveAndChunkedResourcePages) {
  beast::tcp_stream stream(Connect());
  stream.expires_after(std::chrono::seconds(5));
  auto first = Get(stream, std::string("/api/scrapes/") + testing::kScrapeA + "/resources");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_TRUE(first.chunked());
  auto json = ParseJson(first.body());
  ASSERT_TRUE(json.ok()) << first.body();
  EXPECT_EQ((*json)["resources"].Size(), 3u);
  EXPECT_EQ((*json)["total"].GetInt64(), 3);
  // Same connection, second request.
  auto second = Get(stream, "/api/stats");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second[http::field::content_type], "application/json");
  auto third = Get(stream, "/api/scrapes/bad");
  EXPECT_EQ(third.result_int(), 400);
  EXPECT_NE(third.body().find("\"error\""), std::string::npos);
}

TEST_F(ApiServerTest, MalformedRequestsGetJson400AndTheServerGoesOn) {
  for (const std::string& bad :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nBad Header Without Colon\r\n\r\n"),
        std::string("GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("POST /api/scrapes HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
    std::string reply = Raw(bad);
    EXPECT_NE(reply.find("HTTP/1.1 400"), std::string::npos) << bad << " -> " << reply;
    EXPECT_NE(reply.find("{\"error\":"), std::string::npos) << reply;
  }
  EXPECT_TRUE(ServesHealth());
}

TEST_F(ApiServerTest, OversizedBodiesAndHeadersAreRefused) {
  std::string huge_body(100000, 'x');
  std::string reply =
      Raw("POST /api/scrapes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0k\r\n"
          "Content-Length: " +
          std::to_string(huge_body.size()) + "\r\n\r\n" + huge_body);
  EXPECT_NE(reply.find("HTTP/1.1 413"), std::string::npos) << reply.substr(0, 200);
  reply = Raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10000, 'a') + "\r\n\r\n");
  EXPECT_NE(reply.find("HTTP/1.1 431"), std::string::npos) << reply.substr(0, 200);
  auto listed = store_->ListScrapes(store::ScrapeFilter{});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 2);  // nothing stored
  EXPECT_TRUE(ServesHealth());
}

TEST_F(ApiServerTest, AClientStillSendingARefusedBodyGetsTheAnswer) {
  // The server answers 413 long before the client has sent its 4 MB. Closing with input unread
  // would reset the connection and the client could lose the answer; every try must see it.
  const std::string request =
      "POST /api/scrapes HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(4 << 20) +
      "\r\n\r\n" + std::string(4 << 20, 'x');
  for (int attempt = 0; attempt < 10; ++attempt) {
    beast::tcp_stream stream(Connect());
    stream.expires_after(std::chrono::seconds(10));
    beast::error_code ec;
    net::write(stream.socket(), net::buffer(request), ec);
    EXPECT_FALSE(ec) << "attempt " << attempt << ": sending failed: " << ec.message();
    std::string reply;
    char buf[4096];
    while (true) {
      size_t n = stream.read_some(net::buffer(buf), ec);
      if (ec) break;
      reply.append(buf, n);
    }
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << "attempt " << attempt << ": " << ec.message();
  }
  EXPECT_TRUE(ServesHealth());
}

TEST_F(ApiServerTest, SlowAndSilentClientsAreCutOffWhileOthersAreServed) {
  // A client that sends half a request line and stops (slowloris), and one that says nothing.
  beast::tcp_stream slow(Connect());
  net::write(slow.socket(), net::buffer(std::string("GET /api/sta")));
  beast::tcp_stream silent(Connect());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(ServesHealth());
  EXPECT_TRUE(ServesHealth());
  // The server closes both after request_timeout (700 ms); reading sees the end of stream.
  for (beast::tcp_stream* s : {&slow, &silent}) {
    s->expires_after(std::chrono::seconds(5));
    char buf[256];
    beast::error_code ec;
    while (!ec) s->read_some(net::buffer(buf), ec);
    EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  EXPECT_TRUE(ServesHealth());
}

TEST_F(ApiServerTest, PathTraversalAndEncodedTricksFindNothing) {
  for (const char* target :
       {"/../../etc/passwd", "/api/scrapes/..%2f..%2fetc%2fpasswd", "/api/scrapes/%2e%2e/resources",
        "/api//scrapes", "/api/scrapes/%00", "/api/openapi.json/../../etc/passwd"}) {
    beast::tcp_stream stream(Connect());
    stream.expires_after(std::chrono::seconds(3));
    auto res = Get(stream, target);
    EXPECT_TRUE(res.result_int() == 404 || res.result_int() == 400) << target;
    EXPECT_EQ(res.body().find("root:"), std::string::npos);
  }
}

TEST_F(ApiServerTest, WebSocketFollowsAScrapeFromQueuedToFinished) {
  // Subscribe to every scrape's events, then start one through the REST API.
  beast::websocket::stream<beast::tcp_stream> ws(Connect());
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  ws.handshake("127.0.0.1", "/api/ws");
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_NE(beast::buffers_to_string(buffer.data()).find("\"hello\""), std::string::npos);
  buffer.consume(buffer.size());

  std::string id;
  {
    beast::tcp_stream stream(Connect());
    stream.expires_after(std::chrono::seconds(5));
    http::request<http::string_body> req{http::verb::post, "/api/scrapes", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer t0k");
    req.body() = R"({"services":["ec2"],"regions":["us-east-1"]})";
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(stream, b, res);
    ASSERT_EQ(res.result_int(), 202) << res.body();
    auto json = ParseJson(res.body());
    ASSERT_TRUE(json.ok());
    id = std::string(GetString(*json, "scrape_id"));
  }
  ASSERT_TRUE(launcher_.WaitStarted(id));
  launcher_.Release(id);

  std::vector<std::string> types;
  while (types.empty() || types.back() != "scrape.finished") {
    ws.read(buffer);
    auto event = ParseJson(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
    ASSERT_TRUE(event.ok());
    EXPECT_EQ(GetString(*event, "scrape_id"), id);
    types.emplace_back(GetString(*event, "type"));
    if (types.back() == "scrape.progress") {
      EXPECT_EQ((*event)["planned"].GetInt64(), 2);
      EXPECT_EQ((*event)["by_outcome"]["ok"].GetInt64(), 1);
    }
    if (types.back() == "scrape.finished") {
      EXPECT_TRUE((*event)["success"].GetBool());
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"scrape.queued", "scrape.started", "scrape.progress",
                                             "scrape.ingest", "scrape.finished"}));
  ws.close(beast::websocket::close_code::normal);
}

TEST_F(ApiServerTest, WebSocketForOneScrapeOnlySeesThatScrape) {
  beast::websocket::stream<beast::tcp_stream> ws(Connect());
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  ws.handshake("127.0.0.1", "/api/ws?scrape_id=scrape_20990101_000000_00000001");
  beast::flat_buffer buffer;
  ws.read(buffer);  // hello
  buffer.consume(buffer.size());
  events_.Publish("scrape.progress", "scrape_20990101_000000_00000002",
                  JsonDocument(rapidjson::kObjectType));
  events_.Publish("scrape.finished", "scrape_20990101_000000_00000001",
                  JsonDocument(rapidjson::kObjectType));
  ws.read(buffer);
  std::string text = beast::buffers_to_string(buffer.data());
  EXPECT_NE(text.find("scrape_20990101_000000_00000001"), std::string::npos) << text;
  EXPECT_NE(text.find("scrape.finished"), std::string::npos) << text;
}

TEST_F(ApiServerTest, WebSocketRefusesAMalformedScrapeIdAndAWrongToken) {
  const std::string upgrade =
      " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
  std::string reply = Raw("GET /api/ws?scrape_id=%22%7D%2C%7B%22x" + upgrade);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  // With the token required for reads, the WebSocket needs it too (?token= or a header).
  DispatchOptions strict;
  strict.token = "t0k";
  strict.token_for_reads = true;
  Dispatcher dispatcher(*routes_, strict, nullptr);
  ApiServerOptions options;
  options.max_seconds = 30;
  ApiServer server(dispatcher, &events_, options);
  ASSERT_TRUE(server.Start().ok());
  auto connect = [&] {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
    return socket;
  };
  for (const char* target : {"/api/ws?token=wrong", "/api/ws"}) {
    beast::tcp_stream stream(connect());
    stream.expires_after(std::chrono::seconds(5));
    net::write(stream.socket(), net::buffer(std::string("GET ") + target + upgrade));
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), std::string_view(target).size() > 7 ? 403 : 401) << target;
  }
  {
    beast::websocket::stream<beast::tcp_stream> ws(connect());
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(5));
    ws.handshake("127.0.0.1", "/api/ws?token=t0k");
    beast::flat_buffer buffer;
    ws.read(buffer);
    EXPECT_NE(beast::buffers_to_string(buffer.data()).find("hello"), std::string::npos);
  }
  server.Stop();
  server.Wait();
}

}  // namespace
}  // namespace awscrape::api
