// AwsClient: one AWS API call, end to end — model lookup, endpoint, serialisation, credentials,
// SigV4, rate limiting, the transport, botocore's standard retries, and response parsing.
//
// Threads, and why: a scrape makes thousands of small calls, so every hand-off between threads
// (a wake-up and a context switch) is a visible share of a call's CPU. CallAsync() therefore
// prepares the request on the caller's thread — model lookup, endpoint, serialisation, and SigV4
// with credentials the client already holds — and hands it straight to the transport; the
// response is parsed and `done` called on the transport's thread when its body is small
// (ClientConfig::inline_parse_max_bytes), else on the client's timer thread so one big parse does
// not stall the other transfers. The timer thread also serves retry backoff, rate-limiter waits,
// credential resolution (which may block: the first call, and credentials within 15 minutes of
// expiry, resolve there) and calls that fail before anything is sent. So CallAsync() never waits
// on the network or another thread (loading a service's model on its first use reads a file),
// and `done` is called exactly once, never inside CallAsync(); it must be quick and must not
// block. Call() is the blocking form; it must not be called from `done` or the transport's thread.
// Thread-safe; one client serves a whole scrape. The catalogue, transport and credential provider
// must outlive the client, and the client must outlive every call it started.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/client/call_endpoint.h"
#include "awscrape/aws/http/transport.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/aws/retry/error_classifier.h"
#include "awscrape/aws/retry/rate_limiter_registry.h"
#include "awscrape/aws/retry/retry_policy.h"
#include "awscrape/core/json.h"
#include "awscrape/core/timer_queue.h"

namespace awscrape::aws {

struct ClientConfig {
  std::string default_region = "us-east-1";
  std::string endpoint_url;  // --endpoint-url: every call goes there
  std::string account_id;    // part of the rate limiter's key; may be empty
  HttpOptions http;
  RetryOptions retry;
  bool adaptive_rate_limit = true;
  RandomSource backoff_random;  // jitter for retry backoff; empty: a real random source
  std::string user_agent = "awscrape/" AWSCRAPE_VERSION;
  // botocore's Config(inject_host_prefix): false sends host-prefixed operations (endpoint trait
  // "api.", "data-", "{AccountId}.") to the endpoint's host unchanged.
  bool inject_host_prefix = true;
  // Response bodies up to this size are parsed on the transport's thread (a hand-off would cost
  // more than the parse); larger ones on the client's timer thread.
  size_t inline_parse_max_bytes = size_t{256} << 10;
};

struct CallRequest {
  std::string service;    // catalogue name: "ec2", "s3", "elbv2"
  std::string operation;  // "DescribeInstances"
  std::string region;     // empty: the client's default region
  JsonDocument params;    // an object, or null for no input
};

struct CallResult {
  // ok: `response` holds the parsed output. kAwsError: AWS answered with an error (see the
  // fields below; `response` holds botocore's parsed error). Anything else: the call never got
  // an answer (transport failure, bad parameters, unknown operation, no credentials).
  Status status;
  JsonDocument response;
  int http_status = 0;
  std::string error_code;
  std::string error_message;
  std::string request_id;
  ErrorKind error_kind = ErrorKind::kNone;
  int attempts = 0;  // 1 + retries
  std::chrono::milliseconds duration{0};
};

class AwsClient {
 public:
  AwsClient(const model::ModelCatalogue& catalogue, HttpTransport& transport,
            CredentialProvider& credentials, ClientConfig config);
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  void CallAsync(CallRequest request, std::function<void(CallResult)> done);
  CallResult Call(CallRequest request);

  const ClientConfig& config() const { return config_; }

 private:
  struct PendingCall;
  // Where SendAttempt runs: on the timer thread it may block to resolve credentials.
  enum class Thread { kCaller, kTimer };
  // Model, endpoint, serialisation; false (and the call failed) when it cannot be sent.
  bool Prepare(PendingCall& call);
  void SendAttempt(std::shared_ptr<PendingCall> call, Thread thread, bool slot_reserved = false);
  void OnResponse(std::shared_ptr<PendingCall> call, Result<HttpResponse> response);
  void Finish(std::shared_ptr<PendingCall> call);
  void FinishLater(std::shared_ptr<PendingCall> call);
  // The credentials resolved last, while they are more than 15 minutes from expiry (or never
  // expire); null otherwise.
  std::shared_ptr<const Credentials> FreshCredentials();

  const model::ModelCatalogue& catalogue_;
  HttpTransport& transport_;
  CredentialProvider& credentials_;
  const ClientConfig config_;
  RetryPolicy retry_policy_;
  RateLimiterRegistry limiters_;
  CallEndpointResolver endpoints_;
  std::mutex credentials_mutex_;
  std::shared_ptr<const Credentials> cached_credentials_;  // guarded by credentials_mutex_
  TimerQueue timers_;  // last member: destroyed first, so no callback outlives the rest
};

}  // namespace awscrape::aws
