// Test helpers for the credential chain tests: a scoped environment, a temporary directory, a
// manual wall clock and an in-memory HttpTransport answering from a handler.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/http/transport.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws::testing {

// Sets and unsets process environment variables, restoring every touched one on destruction.
// Clears the AWS variables that would leak the developer's setup into a test.
class ScopedEnv {
 public:
  ScopedEnv() {
    for (const char* name : {"AWS_ACCESS_KEY_ID",
                             "AWS_SECRET_ACCESS_KEY",
                             "AWS_SESSION_TOKEN",
                             "AWS_SECURITY_TOKEN",
                             "AWS_CREDENTIAL_EXPIRATION",
                             "AWS_PROFILE",
                             "AWS_DEFAULT_PROFILE",
                             "AWS_REGION",
                             "AWS_DEFAULT_REGION",
                             "AWS_CONFIG_FILE",
                             "AWS_SHARED_CREDENTIALS_FILE",
                             "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                             "AWS_EC2_METADATA_DISABLED",
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                             "AWS_METADATA_SERVICE_TIMEOUT",
                             "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                             "AWS_STS_REGIONAL_ENDPOINTS",
                             "AWS_WEB_IDENTITY_TOKEN_FILE",
                             "AWS_ROLE_ARN",
                             "AWS_ROLE_SESSION_NAME",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"}) {
      Unset(name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  void Set(const std::string& name, const std::string& value) {
    Save(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void Unset(const std::string& name) {
    Save(name);
    ::unsetenv(name.c_str());
  }

 private:
  void Save(const std::string& name) {
    if (saved_.contains(name)) return;
    const char* value = std::getenv(name.c_str());
    saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "awscrape-creds-XXXXXX");
    path_ = ::mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Write(const std::string& relative, const std::string& contents) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file;
  }

 private:
  std::filesystem::path path_;
};

// Wall time that moves only when told to.
class ManualTime {
 public:
  explicit ManualTime(int64_t start = 1700000000) : seconds_(start) {}
  Timestamp Now() const { return Timestamp{seconds_.load(), 0}; }
  void Advance(int64_t seconds) { seconds_ += seconds; }
  void Set(int64_t seconds) { seconds_ = seconds; }
  TimeSource Source() {
    return [this] { return Now(); };
  }

 private:
  std::atomic<int64_t> seconds_;
};

// Answers every request from `handler`, synchronously, recording what was sent.
class FakeTransport : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  void Send(HttpRequest request, const HttpOptions& options, Callback done) override {
    Result<HttpResponse> response = handler_(request);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(std::move(request));
      options_.push_back(options);
    }
    done(std::move(response));
  }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::vector<HttpOptions> options() const {
    std::lock_guard lock(mu_);
    return options_;
  }

 private:
  Handler handler_;
  mutable std::mutex mu_;
  std::vector<HttpRequest> requests_;
  std::vector<HttpOptions> options_;
};

// A shared config file's text as the providers take it (the test fails on a parse error).
inline std::shared_ptr<const SharedConfig> Config(std::string_view text) {
  auto parsed = SharedConfig::FromText(text, "");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return std::make_shared<const SharedConfig>(std::move(parsed).value());
}

inline HttpResponse Respond(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// An STS imitation for AssumeRole and AssumeRoleWithWebIdentity. The role
// "arn:aws:iam::123456789012:role/NAME" yields ASIA-NAME / secret-NAME / token-NAME expiring at
// `expiration`; `fail_code` makes it answer with an ErrorResponse instead. The web identity
// tokens received are kept in `web_identity_tokens`.
struct FakeSts {
  int64_t expiration = 1900000000;  // 2030-03-17T17:46:40Z
  std::string fail_code;
  int fail_status = 403;
  std::vector<std::string> bodies;
  std::vector<std::string> signing_key_ids;  // the access key id in each Authorization
  std::vector<std::string> security_tokens;  // X-Amz-Security-Token of each request, or ""
  std::vector<std::string> web_identity_tokens;

  static std::string FormValue(const std::string& body, const std::string& name) {
    size_t at = ("&" + body).find("&" + name + "=");
    if (at == std::string::npos) return "";
    size_t begin = at + name.size() + 1;
    size_t end = body.find('&', begin);
    std::string raw =
        body.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    for (char& c : raw) {
      if (c == '+') c = ' ';
    }
    return UriDecode(raw);
  }

  Result<HttpResponse> operator()(const HttpRequest& request) {
    bodies.push_back(request.body);
    const std::string* authorization = FindHeader(request.headers, "Authorization");
    std::string key_id;
    if (authorization != nullptr) {
      size_t begin = authorization->find("Credential=");
      if (begin != std::string::npos) {
        begin += 11;
        key_id = authorization->substr(begin, authorization->find('/', begin) - begin);
      }
    }
    signing_key_ids.push_back(key_id);
    const std::string* token = FindHeader(request.headers, "X-Amz-Security-Token");
    security_tokens.push_back(token ? *token : "");
    std::string action = FormValue(request.body, "Action");
    if (action.empty()) action = "AssumeRole";
    if (action == "AssumeRoleWithWebIdentity") {
      web_identity_tokens.push_back(FormValue(request.body, "WebIdentityToken"));
    }
    if (!fail_code.empty()) {
      return Respond(fail_status,
                     "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                     "<Type>Sender</Type><Code>" +
                         fail_code +
                         "</Code><Message>Not authorized "
                         "to perform sts:AssumeRole</Message></Error><RequestId>req-1</RequestId>"
                         "</ErrorResponse>");
    }
    std::string role = FormValue(request.body, "RoleArn");
    role = role.substr(role.rfind('/') + 1);
    return Respond(
        200, "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
                 action +
                 "Result><AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId>"
                 "<Arn>arn</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIA-" +
                 role + "</AccessKeyId><SecretAccessKey>secret-" + role +
                 "</SecretAccessKey><SessionToken>token-" + role + "</SessionToken><Expiration>" +
                 FormatIso8601(Timestamp{expiration, 0}, false) + "</Expiration></Credentials></" +
                 action +
                 "Result><ResponseMetadata><RequestId>req-ok</RequestId>"
                 "</ResponseMetadata></" +
                 action + "Response>");
  }
};

// An IAM Identity Center portal imitation for GetRoleCredentials: role NAME in account ACCOUNT
// yields ASIA-SSO-NAME / sso-secret / sso-token expiring at `expiration_ms`, when the bearer
// token is `valid_token`; otherwise 401 UnauthorizedException. `fail_status` (with
// `fail_code`) forces an error answer.
struct FakeSsoPortal {
  std::string valid_token = "sso-access-token";
  int64_t expiration_ms = 1900000000123;
  int fail_status = 0;
  std::string fail_code;
  std::vector<std::string> bearer_tokens;  // x-amz-sso_bearer_token of each request
  std::vector<std::string> targets;        // path?query of each request

  Result<HttpResponse> operator()(const HttpRequest& request) {
    const std::string* token = FindHeader(request.headers, "x-amz-sso_bearer_token");
    bearer_tokens.push_back(token ? *token : "");
    targets.push_back(request.Target());
    auto error = [](int status, const std::string& code, const std::string& message) {
      HttpResponse response = Respond(status, "{\"message\":\"" + message + "\"}");
      response.headers.push_back({"x-amzn-ErrorType", code + ":http://internal.amazon.com/"});
      response.headers.push_back({"x-amzn-RequestId", "sso-req-1"});
      return response;
    };
    if (fail_status != 0) return error(fail_status, fail_code, "forced failure");
    if (token == nullptr || *token != valid_token) {
      return error(401, "UnauthorizedException", "Session token not found or invalid");
    }
    std::string query = request.query;
    std::string role = query.substr(10, query.find('&') - 10);  // after "role_name="
    return Respond(200, "{\"roleCredentials\":{\"accessKeyId\":\"ASIA-SSO-" + role +
                            "\",\"secretAccessKey\":\"sso-secret\",\"sessionToken\":\"sso-token\","
                            "\"expiration\":" +
                            std::to_string(expiration_ms) + "}}");
  }
};

}  // namespace awscrape::aws::testing
