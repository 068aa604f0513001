// HttpListener, what the API server and the simulator share: binding (bad addresses refused), the
// URL, TCP_NODELAY on accepted sockets, the max_connections limit counted by ConnectionSlot, and
// stopping by itself after max_seconds.
#include "awscrape/net/http_listener.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace awscrape {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// The sessions the listener hands over, kept open until the test lets them go.
struct HeldSessions {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::pair<tcp::socket, ConnectionSlot>> sessions;
  std::vector<bool> no_delay;

  HttpListener::SessionFactory Factory() {
    return [this](tcp::socket socket, ConnectionSlot slot) {
      tcp::no_delay option;
      socket.get_option(option);
      std::lock_guard<std::mutex> lock(mu);
      no_delay.push_back(option.value());
      sessions.emplace_back(std::move(socket), std::move(slot));
      changed.notify_all();
    };
  }

  bool WaitFor(size_t count) {
    std::unique_lock<std::mutex> lock(mu);
    return changed.wait_for(lock, std::chrono::seconds(10),
                            [&] { return sessions.size() >= count; });
  }

  void Release() {
    std::lock_guard<std::mutex> lock(mu);
    sessions.clear();  // closes the sockets and gives back their slots
  }
};

HttpListenerOptions TestOptions() {
  HttpListenerOptions options;
  options.max_seconds = 30;  // never outlives a hung test
  return options;
}

tcp::socket Connect(net::io_context& ioc, uint16_t port) {
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  return socket;
}

TEST(HttpListener, RefusesABadAddress) {
  HttpListenerOptions options = TestOptions();
  options.host = "not-an-address";
  HttpListener listener(options, [](tcp::socket, ConnectionSlot) {});
  Status status = listener.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("not-an-address"), std::string::npos) << status.ToString();
}

TEST(HttpListener, HandsOverConnectionsWithNoDelayAndReportsItsUrl) {
  HeldSessions held;
  HttpListener listener(TestOptions(), held.Factory());
  ASSERT_TRUE(listener.Start().ok());
  ASSERT_NE(listener.port(), 0);
  EXPECT_EQ(listener.url(), "http://127.0.0.1:" + std::to_string(listener.port()));
  net::io_context ioc;
  tcp::socket client = Connect(ioc, listener.port());
  ASSERT_TRUE(held.WaitFor(1));
  {
    std::lock_guard<std::mutex> lock(held.mu);
    EXPECT_TRUE(held.no_delay.at(0));
  }
  held.Release();
  listener.Stop();
  listener.Wait();
}

TEST(HttpListener, ClosesConnectionsBeyondTheLimitUntilASlotIsFree) {
  HeldSessions held;
  HttpListenerOptions options = TestOptions();
  options.max_connections = 1;
  HttpListener listener(options, held.Factory());
  ASSERT_TRUE(listener.Start().ok());
  net::io_context ioc;
  tcp::socket first = Connect(ioc, listener.port());
  ASSERT_TRUE(held.WaitFor(1));

  // Over the limit: the listener closes it at once, the client reads end of stream.
  // (Read with a deadline, so a listener that keeps it open fails the test instead of hanging it.)
  tcp::socket second = Connect(ioc, listener.port());
  char byte;
  boost::system::error_code ec = net::error::would_block;
  net::async_read(second, net::buffer(&byte, 1),
                  [&](boost::system::error_code e, size_t) { ec = e; });
  ioc.run_for(std::chrono::seconds(5));
  EXPECT_EQ(ec, net::error::eof) << ec.message();
  {
    std::lock_guard<std::mutex> lock(held.mu);
    EXPECT_EQ(held.sessions.size(), 1u);
  }

  held.Release();  // the slot is free again
  tcp::socket third = Connect(ioc, listener.port());
  EXPECT_TRUE(held.WaitFor(1));
  held.Release();
  listener.Stop();
  listener.Wait();
}

TEST(HttpListener, StopsByItselfAfterMaxSeconds) {
  HttpListenerOptions options = TestOptions();
  options.max_seconds = 0.2;
  HttpListener listener(options, [](tcp::socket, ConnectionSlot) {});
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(listener.Start().ok());
  listener.Wait();
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(200));
  EXPECT_LT(took, std::chrono::seconds(5));
  // Stopped: nothing listens on the port any more.
  net::io_context ioc;
  tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), listener.port()), ec);
  EXPECT_TRUE(ec) << "still accepting after max_seconds";
}

}  // namespace
}  // namespace awscrape
