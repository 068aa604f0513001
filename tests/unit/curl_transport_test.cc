// CurlTransport against a loopback HTTP server: keep-alive, limits, timeouts, failures,
// shutdown, TLS verification and proxies from the environment.
#include "awscrape/aws/http/curl_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../support/loopback_http_server.h"

namespace awscrape::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::BlackholeListener;
using ::testing::HasSubstr;
using testing::LoopbackHttpServer;
using testing::LoopbackRequest;
using testing::LoopbackResponse;

// Collects callback results from the transport thread.
class Results {
 public:
  HttpTransport::Callback Callback() {
    return [this](Result<HttpResponse> result) {
      std::lock_guard lock(mutex_);
      results_.push_back(std::move(result));
      changed_.notify_all();
    };
  }
  // Waits for n results; false on timeout.
  bool WaitFor(size_t n, std::chrono::milliseconds limit = seconds(30)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return results_.size() >= n; });
  }
  std::vector<Result<HttpResponse>> Take() {
    std::lock_guard lock(mutex_);
    return std::move(results_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Result<HttpResponse>> results_;
};

HttpRequest Get(const std::string& host, const std::string& path = "/") {
  HttpRequest request;
  request.scheme = "http";
  request.host = host;
  request.path = path;
  return request;
}

LoopbackResponse Ok(std::string body) {
  LoopbackResponse response;
  response.body = std::move(body);
  return response;
}

std::string Deflate(const std::string& data) {
  uLongf size = compressBound(data.size());
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                      reinterpret_cast<const Bytef*>(data.data()), data.size(), 9),
            Z_OK);
  out.resize(size);
  return out;
}

TEST(CurlTransportTest, RoundTripsRequestAndResponse) {
  std::mutex mutex;
  LoopbackRequest seen;
  LoopbackHttpServer server([&](const LoopbackRequest& request) {
    std::lock_guard lock(mutex);
    seen = request;
    LoopbackResponse response = Ok(R"({"ok":true})");
    response.status = 201;
    response.headers = {{"X-Amzn-RequestId", "req-1"}, {"x-multi", "a"}, {"x-multi", "b"}};
    return response;
  });
  CurlTransport transport;
  HttpRequest request = Get(server.host(), "/a%20b/c");
  request.method = "POST";
  request.query = "Action=DescribeThings&Version=2016-11-15";
  request.body = "payload=1";
  request.headers = {{"X-Amz-Target", "Service.Op"}, {"X-Empty", ""}};
  Result<HttpResponse> result = transport.SendAndWait(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, R"({"ok":true})");
  // Header names as received, repeats kept.
  bool found = false;
  for (const HttpHeader& h : result->headers) found |= h.name == "X-Amzn-RequestId";
  EXPECT_TRUE(found);
  const std::string* id = FindHeader(result->headers, "x-amzn-requestid");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(*id, "req-1");
  int multi = 0;
  for (const HttpHeader& h : result->headers) multi += h.name == "x-multi";
  EXPECT_EQ(multi, 2);

  std::lock_guard lock(mutex);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/a%20b/c?Action=DescribeThings&Version=2016-11-15");
  EXPECT_EQ(seen.body, "payload=1");
  ASSERT_NE(FindHeader(seen.headers, "X-Amz-Target"), nullptr);
  EXPECT_EQ(*FindHeader(seen.headers, "X-Amz-Target"), "Service.Op");
  ASSERT_NE(FindHeader(seen.headers, "X-Empty"), nullptr);
  EXPECT_EQ(*FindHeader(seen.headers, "X-Empty"), "");
  // The request goes out as the signer saw it: no defaults libcurl would add on its own.
  EXPECT_EQ(FindHeader(seen.headers, "Content-Type"), nullptr);
  EXPECT_EQ(FindHeader(seen.headers, "Accept"), nullptr);
  EXPECT_EQ(FindHeader(seen.headers, "Expect"), nullptr);
  ASSERT_NE(FindHeader(seen.headers, "Accept-Encoding"), nullptr);
  EXPECT_THAT(*FindHeader(seen.headers, "Accept-Encoding"), HasSubstr("gzip"));
}

TEST(CurlTransportTest, MethodsWithAndWithoutBodies) {
  LoopbackHttpServer server(
      [](const LoopbackRequest& request) { return Ok(request.method + ":" + request.body); });
  CurlTransport transport;
  for (const char* method : {"GET", "DELETE", "PUT", "PATCH"}) {
    HttpRequest request = Get(server.host());
    request.method = method;
    if (std::string(method) == "PUT") request.body = "x";
    Result<HttpResponse> result = transport.SendAndWait(request);
    ASSERT_TRUE(result.ok()) << method << ": " << result.status().ToString();
    EXPECT_EQ(result->body, std::string(method) + ":" + request.body);
  }
  HttpRequest head = Get(server.host());
  head.method = "HEAD";
  Result<HttpResponse> result = transport.SendAndWait(head);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "");
}

TEST(CurlTransportTest, ManyConcurrentRequestsShareFewKeptAliveConnections) {
  LoopbackHttpServer server([](const LoopbackRequest& request) {
    LoopbackResponse response = Ok("echo " + request.target);
    response.delay = milliseconds(2);
    return response;
  });
  CurlTransport transport({.max_host_connections = 4, .max_total_connections = 16});
  Results results;
  constexpr int kRequests = 300;
  for (int i = 0; i < kRequests; ++i) {
    transport.Send(Get(server.host(), "/item/" + std::to_string(i)), {}, results.Callback());
  }
  ASSERT_TRUE(results.WaitFor(kRequests));
  int ok = 0;
  for (auto& result : results.Take()) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->status, 200);
    EXPECT_THAT(result->body, HasSubstr("echo /item/"));
    ++ok;
  }
  EXPECT_EQ(ok, kRequests);
  EXPECT_EQ(server.requests_received(), static_cast<uint64_t>(kRequests));
  EXPECT_LE(server.connections_accepted(), 4u) << "keep-alive must reuse connections";
  EXPECT_GE(server.connections_accepted(), 1u);
  const CurlTransportStats stats = transport.stats();
  EXPECT_EQ(stats.requests_finished, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(stats.connections_opened, server.connections_accepted());
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(stats.queued, 0u);
}

TEST(CurlTransportTest, QueuedRequestsTimeOnlyFromTheirStart) {
  // One connection, four 300 ms answers: the last one ends ~1.2 s after it was sent, yet each
  // spends only 300 ms on the wire, well inside its 800 ms response timeout.
  LoopbackHttpServer server([](const LoopbackRequest&) {
    LoopbackResponse response = Ok("slow");
    response.delay = milliseconds(300);
    return response;
  });
  CurlTransport transport({.max_host_connections = 1});
  Results results;
  HttpOptions options;
  options.response_timeout = milliseconds(800);
  for (int i = 0; i < 4; ++i) transport.Send(Get(server.host()), options, results.Callback());
  ASSERT_TRUE(results.WaitFor(4));
  for (auto& result : results.Take()) EXPECT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(CurlTransportTest, ManySlowRequestsRunInParallelOnManyConnections) {
  // 96 connections at once: more sockets than the loop takes per wake-up, all of them waiting
  // on the server together. Serially the 288 answers would take 29 s.
  LoopbackHttpServer server([](const LoopbackRequest& request) {
    LoopbackResponse response = Ok("slow " + request.target);
    response.delay = milliseconds(100);
    return response;
  });
  CurlTransport transport({.max_host_connections = 96, .max_total_connections = 96});
  Results results;
  constexpr int kRequests = 288;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRequests; ++i) {
    transport.Send(Get(server.host(), "/" + std::to_string(i)), {}, results.Callback());
  }
  ASSERT_TRUE(results.WaitFor(kRequests));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  for (auto& result : results.Take()) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_THAT(result->body, HasSubstr("slow /"));
  }
  EXPECT_LT(elapsed, seconds(5));
  EXPECT_GT(server.connections_accepted(), 64u);
  EXPECT_LE(server.connections_accepted(), 96u);
  EXPECT_EQ(transport.stats().in_flight, 0u);
}

TEST(CurlTransportTest, SendWakesTheLoopPromptly) {
  LoopbackHttpServer server([](const LoopbackRequest& request) {
    LoopbackResponse response = Ok("quick");
    response.hang = request.target == "/hang";
    return response;
  });
  // Declared before the transport: its destructor answers the hanging request (Cancelled)
  // through `hanging`'s callback, which must still exist then.
  Results results, hanging;
  CurlTransport transport;
  auto sent_and_answered_within = [&](milliseconds limit) {
    const auto start = std::chrono::steady_clock::now();
    transport.Send(Get(server.host(), "/quick"), {}, results.Callback());
    if (!results.WaitFor(1, limit)) return false;
    auto taken = results.Take();
    EXPECT_TRUE(taken[0].ok()) << taken[0].status().ToString();
    return std::chrono::steady_clock::now() - start < limit;
  };
  // An idle loop has no libcurl timer: only the wake-up can end its wait.
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_TRUE(sent_and_answered_within(seconds(2)));
  // With a request hanging, the loop's timer is that request's 30 s timeout.
  HttpOptions patient;
  patient.response_timeout = seconds(30);
  transport.Send(Get(server.host(), "/hang"), patient, hanging.Callback());
  for (int i = 0; i < 200 && server.requests_received() < 2; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_TRUE(sent_and_answered_within(seconds(2)));
}

TEST(CurlTransportTest, ServerClosingAKeptAliveConnectionIsHandled) {
  // The first answer looks kept alive (no "Connection: close") but the server then closes the
  // connection; libcurl must notice, or retry on a fresh connection, instead of failing.
  std::atomic<int> seen{0};
  LoopbackHttpServer server([&](const LoopbackRequest&) {
    if (seen++ % 3 == 0) {
      LoopbackResponse response;
      response.raw = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ngone";
      return response;
    }
    return Ok("kept");
  });
  CurlTransport transport({.max_host_connections = 1});
  // Closed while idle: found dead before reuse.
  for (int i = 0; i < 3; ++i) {
    Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->body, i == 0 ? "gone" : "kept");
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(server.connections_accepted(), 2u);
  // Back to back: the next request may reach the connection before the close does.
  Results results;
  for (int i = 0; i < 9; ++i) transport.Send(Get(server.host()), {}, results.Callback());
  ASSERT_TRUE(results.WaitFor(9));
  for (auto& result : results.Take()) EXPECT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(transport.stats().requests_finished, 12u);
}

TEST(CurlTransportTest, HangingServerTimesOut) {
  LoopbackHttpServer server([](const LoopbackRequest&) {
    LoopbackResponse response;
    response.hang = true;
    return response;
  });
  CurlTransport transport;
  HttpOptions options;
  options.response_timeout = milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  Result<HttpResponse> result = transport.SendAndWait(Get(server.host()), options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kTimeout) << result.status().ToString();
  EXPECT_THAT(result.status().message(), HasSubstr("Operation timed out"));
  EXPECT_GE(elapsed, milliseconds(250));
  EXPECT_LT(elapsed, seconds(10));
}

TEST(CurlTransportTest, ConnectTimeout) {
  BlackholeListener blackhole;
  CurlTransport transport;
  HttpOptions options;
  options.connect_timeout = milliseconds(300);
  options.response_timeout = seconds(20);
  const auto start = std::chrono::steady_clock::now();
  Result<HttpResponse> result = transport.SendAndWait(Get(blackhole.host()), options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kTimeout) << result.status().ToString();
  // libcurl words it "Failed to connect ... after 300 ms" or "Connection timeout after 300 ms",
  // depending on whether its timer or the socket noticed first.
  EXPECT_THAT(result.status().message(), HasSubstr("onnect"));
  EXPECT_LT(elapsed, seconds(10)) << "the connect timeout, not the response timeout, applies";
}

TEST(CurlTransportTest, RefusedConnectionIsUnavailable) {
  CurlTransport transport;
  const std::string host = "127.0.0.1:" + std::to_string(testing::UnusedLoopbackPort());
  Result<HttpResponse> result = transport.SendAndWait(Get(host));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), HasSubstr("127.0.0.1"));
  EXPECT_THAT(result.status().message(), HasSubstr("onnect"));  // libcurl's own words
}

TEST(CurlTransportTest, UnresolvableHostIsUnavailable) {
  CurlTransport transport;
  HttpOptions options;
  options.connect_timeout = seconds(5);
  Result<HttpResponse> result = transport.SendAndWait(Get("awscrape-test.invalid"), options);
  ASSERT_FALSE(result.ok());
  // Without any DNS server the resolver may also give up by timing out.
  EXPECT_THAT(result.status().code(),
              ::testing::AnyOf(StatusCode::kUnavailable, StatusCode::kTimeout))
      << result.status().ToString();
}

TEST(CurlTransportTest, ConnectionClosedMidBodyIsAnError) {
  LoopbackHttpServer server([](const LoopbackRequest&) {
    LoopbackResponse response = Ok(std::string(10000, 'x'));
    response.truncate_body_at = 100;
    return response;
  });
  CurlTransport transport;
  Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable) << result.status().ToString();
}

TEST(CurlTransportTest, GarbageReplyIsAnError) {
  LoopbackHttpServer server([](const LoopbackRequest&) {
    LoopbackResponse response;
    response.raw = "this is not HTTP\r\n\r\n";
    return response;
  });
  CurlTransport transport;
  Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable) << result.status().ToString();
}

TEST(CurlTransportTest, LargeBodyArrivesIntact) {
  std::string big(20u << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  LoopbackHttpServer server([&](const LoopbackRequest&) { return Ok(big); });
  CurlTransport transport;
  Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->body.size(), big.size());
  EXPECT_TRUE(result->body == big);
}

TEST(CurlTransportTest, OversizeBodyIsRejected) {
  LoopbackHttpServer server([](const LoopbackRequest&) { return Ok(std::string(3u << 20, 'z')); });
  CurlTransport transport({.max_response_body_bytes = 1u << 20});
  Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kParseError);
  EXPECT_THAT(result.status().message(), HasSubstr("exceeds the limit of 1048576 bytes"));
  // The transport keeps working afterwards.
  EXPECT_EQ(transport.stats().in_flight, 0u);
}

TEST(CurlTransportTest, CompressedBodiesAreDecodedAndBombsStopped) {
  const std::string text(4u << 20, 'a');
  const std::string packed = Deflate(text);
  ASSERT_LT(packed.size(), 64u << 10);
  LoopbackHttpServer server([&](const LoopbackRequest&) {
    LoopbackResponse response = Ok(packed);
    response.headers = {{"Content-Encoding", "deflate"}};
    return response;
  });
  {
    CurlTransport transport;
    Result<HttpResponse> result = transport.SendAndWait(Get(server.host()));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_TRUE(result->body == text);
  }
  // 64 KiB on the wire, 4 MiB decoded: the limit applies to the decoded bytes.
  CurlTransport small({.max_response_body_bytes = 1u << 20});
  Result<HttpResponse> result = small.SendAndWait(Get(server.host()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kParseError) << result.status().ToString();
}

TEST(CurlTransportTest, ShutdownCancelsRequestsInFlight) {
  LoopbackHttpServer server([](const LoopbackRequest&) {
    LoopbackResponse response;
    response.hang = true;
    return response;
  });
  Results results;
  {
    CurlTransport transport({.max_host_connections = 2});
    for (int i = 0; i < 10; ++i) transport.Send(Get(server.host()), {}, results.Callback());
    // Let two reach the server; eight stay queued in the transport.
    for (int i = 0; i < 200 && server.requests_received() < 2; ++i) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    EXPECT_EQ(server.requests_received(), 2u);
  }
  ASSERT_TRUE(results.WaitFor(10, milliseconds(0)));
  for (auto& result : results.Take()) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  }
}

TEST(CurlTransportTest, CallbacksMaySendAgain) {
  LoopbackHttpServer server([](const LoopbackRequest&) { return Ok("pong"); });
  CurlTransport transport;
  Results results;
  std::function<void(Result<HttpResponse>)> chain;
  std::atomic<int> remaining{5};
  auto callback = results.Callback();
  chain = [&](Result<HttpResponse> result) {
    callback(std::move(result));
    if (--remaining > 0) transport.Send(Get(server.host()), {}, chain);
  };
  transport.Send(Get(server.host()), {}, chain);
  ASSERT_TRUE(results.WaitFor(5));
  for (auto& result : results.Take()) EXPECT_TRUE(result.ok());
}

TEST(CurlTransportTest, MalformedRequestsFailThroughTheCallback) {
  CurlTransport transport;
  HttpRequest request = Get("127.0.0.1:1");
  request.headers = {{"X-Bad", "a\r\nInjected: yes"}};
  Result<HttpResponse> result = transport.SendAndWait(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);

  request = Get("");
  result = transport.SendAndWait(request);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);

  request = Get("127.0.0.1:1");
  request.scheme = "file";
  result = transport.SendAndWait(request);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

// TLS verification cannot be bypassed: speaking https to a plain-HTTP server must fail, as must
// any endpoint whose certificate does not verify.
TEST(CurlTransportTest, TlsIsVerifiedAndFailuresAreErrors) {
  LoopbackHttpServer server([](const LoopbackRequest&) { return Ok("plain"); });
  CurlTransport transport;
  HttpRequest request = Get(server.host());
  request.scheme = "https";
  Result<HttpResponse> result = transport.SendAndWait(request);
  ASSERT_FALSE(result.ok()) << "https must never silently succeed against a plain server";
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable) << result.status().ToString();

  CurlTransport bad_ca({.ca_file = "/nonexistent/ca.pem"});
  result = bad_ca.SendAndWait(request);
  ASSERT_FALSE(result.ok());
}

TEST(CurlTransportTest, UntrustedCertificateIsRejectedAndTrustedOneAccepted) {
  LoopbackHttpServer server([](const LoopbackRequest&) { return Ok("secret"); }, {.tls = true});
  HttpRequest request = Get(server.host(), "/tls");
  request.scheme = "https";
  {
    CurlTransport transport;
    Result<HttpResponse> result = transport.SendAndWait(request);
    ASSERT_FALSE(result.ok()) << "a self-signed certificate must not verify";
    EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
    EXPECT_THAT(result.status().message(), HasSubstr("certificate"));
  }
  const std::string ca_file = ::testing::TempDir() + "/awscrape_loopback_ca.pem";
  {
    std::ofstream out(ca_file);
    out << server.certificate_pem();
  }
  CurlTransport trusting({.ca_file = ca_file});
  Result<HttpResponse> result = trusting.SendAndWait(request);
  std::remove(ca_file.c_str());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->body, "secret");
  EXPECT_EQ(server.requests_received(), 1u);
}

// Proxies come from the environment, read by libcurl itself.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CurlTransportTest, UsesProxyFromEnvironment) {
  LoopbackHttpServer proxy([](const LoopbackRequest& request) { return Ok(request.target); });
  ScopedEnv http_proxy("http_proxy", proxy.url());
  {
    CurlTransport transport;
    Result<HttpResponse> result =
        transport.SendAndWait(Get("service.awscrape-test.invalid", "/via/proxy"));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->body, "http://service.awscrape-test.invalid/via/proxy");
  }
  {
    // NO_PROXY bypasses it: the request then goes direct, to a host that does not resolve.
    ScopedEnv no_proxy("no_proxy", "awscrape-test.invalid");
    CurlTransport transport;
    HttpOptions options;
    options.connect_timeout = seconds(5);
    Result<HttpResponse> result =
        transport.SendAndWait(Get("service.awscrape-test.invalid", "/direct"), options);
    EXPECT_FALSE(result.ok());
  }
  EXPECT_EQ(proxy.requests_received(), 1u);
}

}  // namespace
}  // namespace awscrape::aws
