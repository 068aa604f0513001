// AwsClient: one AWS API call, end to end — model lookup, endpoint, serialisation, credentials,
// SigV4, rate limiting, the transport, botocore's standard retries, and response parsing.
//
// CallAsync() never blocks the caller: work runs on the client's timer thread and the transport's
// thread, and `done` is called exactly once, from the timer thread, with the outcome: a parsed
// response, or the AWS error (code, message, request id, status, kind) or transport failure that
// ended the call. Call() is the blocking form. Thread-safe; one client serves a whole scrape.
// The catalogue, transport and credential provider must outlive the client.
#pragma once

#include <chrono>
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
  void Start(std::shared_ptr<PendingCall> call);
  void SendAttempt(std::shared_ptr<PendingCall> call, bool slot_reserved = false);
  void OnResponse(std::shared_ptr<PendingCall> call, Result<HttpResponse> response);
  void Finish(std::shared_ptr<PendingCall> call);

  const model::ModelCatalogue& catalogue_;
  HttpTransport& transport_;
  CredentialProvider& credentials_;
  const ClientConfig config_;
  RetryPolicy retry_policy_;
  RateLimiterRegistry limiters_;
  CallEndpointResolver endpoints_;
  TimerQueue timers_;  // last member: destroyed first, so no callback outlives the rest
};

}  // namespace awscrape::aws
