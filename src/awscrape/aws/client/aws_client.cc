#include "awscrape/aws/client/aws_client.h"

#include <future>

#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

// The state of one call across its attempts; shared by the callbacks that carry it along.
struct AwsClient::PendingCall {
  CallRequest request;
  std::function<void(CallResult)> done;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::shared_ptr<const model::ServiceEntry> service;
  const model::Operation* operation = nullptr;
  CallEndpoint endpoint;
  HttpRequest unsigned_request;  // serialised once; each attempt signs a copy
  AdaptiveRateLimiter* limiter = nullptr;
  CallRetryState retry_state;
  int attempts = 0;
  CallResult result;
};

namespace {

bool UsesS3Signing(const model::ServiceMetadata& metadata) {
  return metadata.signature_version == "s3" || metadata.signature_version == "s3v4";
}

// botocore's RefreshableCredentials advisory window: closer to expiry than this, credentials are
// resolved again (on the timer thread, where a refresh may block).
constexpr double kCredentialsReuseSeconds = 15 * 60;

// True while this thread is inside transport.Send() for CallAsync(): a transport that answers
// at once (shutting down) would otherwise run `done` inside CallAsync().
thread_local bool t_sending_for_caller = false;

double NowEpochSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

AwsClient::AwsClient(const model::ModelCatalogue& catalogue, HttpTransport& transport,
                     CredentialProvider& credentials, ClientConfig config)
    : catalogue_(catalogue),
      transport_(transport),
      credentials_(credentials),
      config_(std::move(config)),
      retry_policy_(config_.retry, std::make_shared<RetryQuota>(),
                    config_.backoff_random ? config_.backoff_random : DefaultRandomSource()),
      endpoints_(catalogue) {}

AwsClient::~AwsClient() = default;

void AwsClient::CallAsync(CallRequest request, std::function<void(CallResult)> done) {
  auto call = std::make_shared<PendingCall>();
  call->request = std::move(request);
  if (call->request.region.empty()) call->request.region = config_.default_region;
  call->done = std::move(done);
  if (!Prepare(*call)) return FinishLater(std::move(call));
  SendAttempt(std::move(call), Thread::kCaller);
}

CallResult AwsClient::Call(CallRequest request) {
  std::promise<CallResult> promise;
  auto future = promise.get_future();
  CallAsync(std::move(request),
            [&promise](CallResult result) { promise.set_value(std::move(result)); });
  return future.get();
}

bool AwsClient::Prepare(PendingCall& call) {
  auto fail = [&](Status status) {
    call.result.status = std::move(status);
    return false;
  };
  auto service = catalogue_.GetService(call.request.service);
  if (!service.ok()) return fail(service.status());
  call.service = *service;
  const model::ServiceModel& model = *call.service->model;
  call.operation = model.FindOperation(call.request.operation);
  if (!call.operation) {
    return fail(NotFound("service '" + call.request.service + "' has no operation '" +
                         call.request.operation + "'"));
  }
  JsonValue null_params;
  const JsonValue& params = call.request.params.IsObject()
                                ? static_cast<const JsonValue&>(call.request.params)
                                : null_params;
  auto endpoint = endpoints_.Resolve(
      {call.service.get(), call.operation, &params, call.request.region, config_.endpoint_url});
  if (!endpoint.ok()) return fail(endpoint.status());
  call.endpoint = std::move(endpoint).value();

  SerializeOptions options;
  options.host = call.endpoint.host;
  options.scheme = call.endpoint.scheme;
  options.base_path = call.endpoint.base_path;
  options.omit_uri_labels_in_endpoint = call.endpoint.bucket_in_endpoint;
  options.inject_host_prefix = config_.inject_host_prefix;
  auto request = SerializeRequest(model, *call.operation, params, options);
  if (!request.ok()) return fail(request.status());
  call.unsigned_request = std::move(request).value();
  for (const auto& header : call.endpoint.headers) {
    SetHeader(call.unsigned_request.headers, header.name, header.value);
  }
  SetHeader(call.unsigned_request.headers, "User-Agent", config_.user_agent);
  if (config_.adaptive_rate_limit) {
    call.limiter = &limiters_.Get(RateLimiterRegistry::MakeKey(
        config_.account_id, call.endpoint.signing_region, call.request.service));
  }
  return true;
}

std::shared_ptr<const Credentials> AwsClient::FreshCredentials() {
  std::lock_guard lock(credentials_mutex_);
  if (!cached_credentials_) return nullptr;
  const auto& expiration = cached_credentials_->expiration;
  if (expiration && expiration->ToEpochSeconds() - NowEpochSeconds() <= kCredentialsReuseSeconds) {
    return nullptr;
  }
  return cached_credentials_;
}

void AwsClient::SendAttempt(std::shared_ptr<PendingCall> call, Thread thread, bool slot_reserved) {
  if (call->limiter && !slot_reserved) {
    auto wait = call->limiter->Acquire();
    if (wait > std::chrono::nanoseconds(0)) {
      // The limiter reserved a slot in the future: send then.
      timers_.PostAfter(std::chrono::ceil<std::chrono::milliseconds>(wait), [this, call] {
        SendAttempt(call, Thread::kTimer, /*slot_reserved=*/true);
      });
      return;
    }
  }
  std::shared_ptr<const Credentials> credentials = FreshCredentials();
  if (!credentials) {
    if (thread == Thread::kCaller) {
      // Resolving may block (a refresh goes to the network): not on the caller's thread.
      timers_.Post([this, call] { SendAttempt(call, Thread::kTimer, /*slot_reserved=*/true); });
      return;
    }
    auto resolved = credentials_.Resolve();
    if (!resolved.ok()) {
      call->result.status = resolved.status().WithContext("credentials");
      return Finish(call);
    }
    credentials = std::make_shared<const Credentials>(std::move(resolved).value());
    std::lock_guard lock(credentials_mutex_);
    cached_credentials_ = credentials;
  }
  HttpRequest request = call->unsigned_request;
  if (call->operation->auth_type != "none") {
    SigningOptions signing;
    signing.region = call->endpoint.signing_region;
    signing.service = call->endpoint.signing_name;
    signing.time = Timestamp::FromEpochSeconds(NowEpochSeconds());
    signing.time.microseconds = 0;
    if (call->endpoint.disable_double_encoding) signing.double_uri_encode = false;
    if (UsesS3Signing(call->service->model->metadata())) {
      signing.double_uri_encode = false;
      signing.normalize_path = false;
      signing.add_content_sha256_header = true;
    }
    SignRequest(request, *credentials, signing);
  }
  ++call->attempts;
  t_sending_for_caller = thread == Thread::kCaller;
  transport_.Send(std::move(request), config_.http, [this, call](Result<HttpResponse> response) {
    // A small body is parsed right here: handing it to another thread would cost more than the
    // parse. A big one goes to the timer thread so other transfers are not stalled behind it.
    const bool inline_parse =
        !response.ok() || response->body.size() <= config_.inline_parse_max_bytes;
    if (inline_parse && !t_sending_for_caller) return OnResponse(call, std::move(response));
    auto shared = std::make_shared<Result<HttpResponse>>(std::move(response));
    timers_.Post([this, call, shared] { OnResponse(call, std::move(*shared)); });
  });
  t_sending_for_caller = false;
}

void AwsClient::OnResponse(std::shared_ptr<PendingCall> call, Result<HttpResponse> response) {
  AttemptOutcome outcome;
  outcome.service_name = call->request.service;
  CallResult& result = call->result;
  if (!response.ok()) {
    outcome.transport_error = response.status().code();
    result.status = response.status();
    result.http_status = 0;
  } else {
    const HttpResponse& http = *response;
    result.http_status = http.status;
    ParseOptions parse;
    parse.retry_attempts = call->attempts - 1;
    bool is_error = http.status >= 300;
    if (!is_error) {
      auto parsed = ParseResponse(*call->service->model, *call->operation, http, parse);
      if (parsed.ok()) {
        result.status = Status::Ok();
        result.response = std::move(parsed).value();
        result.error_code.clear();
        result.error_message.clear();
      } else if (http.status == 200 && http.body.find("<Error>") != std::string::npos) {
        is_error = true;  // S3 can answer 200 with an error document
      } else {
        result.status = parsed.status().WithContext("cannot parse the response");
        outcome.error_code = "MalformedResponse";
      }
    }
    if (is_error) {
      AwsError error = ParseErrorResponse(*call->service->model, *call->operation, http, parse);
      outcome.http_status = http.status;
      outcome.error_code = error.code;
      result.error_code = error.code;
      result.error_message = error.message;
      result.request_id = error.request_id;
      result.response = std::move(error.parsed);
      result.status =
          Status(StatusCode::kAwsError,
                 (error.code.empty() ? "HTTP " + std::to_string(http.status) : error.code) +
                     (error.message.empty() ? "" : ": " + error.message));
    } else {
      outcome.http_status = http.status;
    }
    if (result.status.ok() && result.response.IsObject()) {
      if (const JsonValue* meta = FindMember(result.response, "ResponseMetadata")) {
        result.request_id = std::string(GetString(*meta, "RequestId"));
      }
    }
  }
  ErrorKind kind = result.status.ok() ? ErrorKind::kNone : ClassifyError(outcome);
  result.error_kind = kind;
  if (call->limiter) call->limiter->OnResponse(kind == ErrorKind::kThrottling);
  if (kind != ErrorKind::kNone) {
    if (auto delay = retry_policy_.ShouldRetry(call->attempts, outcome, call->retry_state)) {
      timers_.PostAfter(*delay, [this, call] { SendAttempt(call, Thread::kTimer); });
      return;
    }
  }
  retry_policy_.OnCallFinished(call->retry_state, result.http_status);
  Finish(call);
}

void AwsClient::FinishLater(std::shared_ptr<PendingCall> call) {
  // Never call `done` inside CallAsync(): a caller may hold a lock its callback takes.
  timers_.Post([this, call] { Finish(call); });
}

void AwsClient::Finish(std::shared_ptr<PendingCall> call) {
  call->result.attempts = call->attempts;
  call->result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - call->started);
  auto done = std::move(call->done);
  done(std::move(call->result));
}

}  // namespace awscrape::aws
