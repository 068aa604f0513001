#include "awscrape/aws/auth/process_provider.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "awscrape/core/json.h"

extern char** environ;

namespace awscrape::aws {
namespace {

constexpr size_t kMaxOutputBytes = 1 << 20;
constexpr size_t kMaxQuotedStderr = 300;

struct ProcessOutput {
  int wait_status = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
};

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

Result<ProcessOutput> RunShell(const std::string& command, std::chrono::milliseconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return IoError(std::string("pipe: ") + strerror(errno));
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return IoError(std::string("pipe: ") + strerror(errno));
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);
  std::string shell = "/bin/sh";
  std::string dash_c = "-c";
  std::string command_copy = command;
  char* argv[] = {shell.data(), dash_c.data(), command_copy.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return IoError(std::string("cannot start /bin/sh: ") + strerror(rc));
  out_write.Close();
  err_write.Close();

  ProcessOutput output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true;
  char buffer[4096];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      output.timed_out = true;
      break;
    }
    pollfd fds[2];
    nfds_t count = 0;
    if (out_open) fds[count++] = {out_read.get(), POLLIN, 0};
    if (err_open) fds[count++] = {err_read.get(), POLLIN, 0};
    int ready = ::poll(fds, count, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      bool is_out = fds[i].fd == out_read.get();
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (is_out ? out_open : err_open) = false;
        continue;
      }
      std::string& sink = is_out ? output.out : output.err;
      if (sink.size() < kMaxOutputBytes) sink.append(buffer, static_cast<size_t>(n));
    }
  }
  if (output.timed_out) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &output.wait_status, 0) < 0 && errno == EINTR) {
  }
  return output;
}

std::string Scrub(std::string text, const std::string& secret) {
  if (secret.size() < 4) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "****");
  }
  return text;
}

// A short, secret-free excerpt of stderr for the error message.
std::string QuoteStderr(const ProcessOutput& output) {
  std::string err = output.err;
  if (auto parsed = ParseJson(output.out); parsed.ok() && parsed->IsObject()) {
    err = Scrub(std::move(err), std::string(GetString(*parsed, "SecretAccessKey")));
    err = Scrub(std::move(err), std::string(GetString(*parsed, "SessionToken")));
  }
  size_t end = err.find_last_not_of(" \t\r\n");
  err.resize(end == std::string::npos ? 0 : end + 1);
  if (err.size() > kMaxQuotedStderr) err = err.substr(0, kMaxQuotedStderr) + "...";
  return err.empty() ? std::string() : ": " + err;
}

}  // namespace

Result<Credentials> ParseCredentialProcessOutput(std::string_view output) {
  // ParseJson's own message is safe (an offset and a reason) but we keep ours shorter.
  auto parsed = ParseJson(output);
  if (!parsed.ok() || !parsed->IsObject()) {
    return Unauthenticated("its output is not a JSON object");
  }
  const JsonValue& doc = *parsed;
  const JsonValue* version = FindMember(doc, "Version");
  if (version == nullptr) {
    return Unauthenticated(
        "Unsupported version '<Version key not provided>' for credential process provider, "
        "supported versions: 1");
  }
  if (!version->IsNumber() || version->GetDouble() != 1.0) {
    std::string shown = version->IsNumber() || version->IsString() ? ToJson(*version) : "?";
    return Unauthenticated("Unsupported version '" + shown +
                           "' for credential process provider, supported versions: 1");
  }
  Credentials credentials;
  for (auto [key, field] : {std::pair{"AccessKeyId", &credentials.access_key_id},
                            std::pair{"SecretAccessKey", &credentials.secret_access_key}}) {
    const JsonValue* value = FindMember(doc, key);
    if (value == nullptr || !value->IsString() || value->GetStringLength() == 0) {
      return Unauthenticated(std::string("Missing required key in response: '") + key + "'");
    }
    *field = value->GetString();
  }
  credentials.session_token = std::string(GetString(doc, "SessionToken"));
  if (const JsonValue* expiration = FindMember(doc, "Expiration");
      expiration != nullptr && !expiration->IsNull()) {
    if (expiration->IsString()) credentials.expiration = ParseAnyTimestamp(expiration->GetString());
    if (!credentials.expiration) return Unauthenticated("its Expiration is not a timestamp");
  }
  credentials.source = "custom-process";
  return credentials;
}

Result<Credentials> ProcessCredentialProvider::Resolve() {
  std::string context =
      "Error when retrieving credentials from custom-process (credential_process "
      "of profile " +
      profile_ + ")";
  auto ran = RunShell(command_, timeout_);
  if (!ran.ok()) return ran.status().WithContext(context);
  const ProcessOutput& output = *ran;
  if (output.timed_out) {
    return Status(StatusCode::kTimeout,
                  context + ": timed out after " + std::to_string(timeout_.count()) + " ms");
  }
  if (WIFSIGNALED(output.wait_status)) {
    return Unauthenticated(context + ": killed by signal " +
                           std::to_string(WTERMSIG(output.wait_status)) + QuoteStderr(output));
  }
  int exit_code = WIFEXITED(output.wait_status) ? WEXITSTATUS(output.wait_status) : -1;
  if (exit_code != 0) {
    return Unauthenticated(context + ": exited with status " + std::to_string(exit_code) +
                           QuoteStderr(output));
  }
  auto credentials = ParseCredentialProcessOutput(output.out);
  if (!credentials.ok()) return credentials.status().WithContext(context);
  return credentials;
}

}  // namespace awscrape::aws
