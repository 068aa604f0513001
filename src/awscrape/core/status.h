// Status: the outcome of an operation that returns no value.
//
// Errors are values in awscrape: a failed AWS call, a malformed response or a bad argument is
// reported through Status / Result<T> and handled by the caller, never logged and swallowed.
// Exceptions thrown by third-party libraries are caught at their edge and converted here.
// Status is cheap to copy when ok (no allocation) and is safe to use from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace awscrape {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something malformed
  kNotFound,         // a named thing (service, operation, profile, file) does not exist
  kParseError,       // bytes we received or read could not be understood
  kIoError,          // the filesystem or network failed
  kUnavailable,      // a dependency (server, database) is down; retrying later may work
  kTimeout,
  kPermissionDenied,
  kUnauthenticated,  // missing or expired credentials
  kAwsError,         // AWS answered with an error; see AwsError for details
  kCancelled,
  kUnimplemented,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : state_(code == StatusCode::kOk ? nullptr
                                       : std::make_shared<State>(State{code, std::move(message)})) {
  }

  static Status Ok() { return {}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; ok stays ok.
  Status WithContext(std::string_view context) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
// IoError "<what>: <strerror(errno)>", for a system call that has just failed and set errno.
Status IoErrorFromErrno(std::string_view what);

}  // namespace awscrape

// Propagates a non-ok Status out of the current function.
#define AWSCRAPE_RETURN_IF_ERROR(expr) \
  do {                                 \
    ::awscrape::Status _st = (expr);   \
    if (!_st.ok()) return _st;         \
  } while (0)
