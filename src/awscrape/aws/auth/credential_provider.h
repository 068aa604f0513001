// CredentialProvider: one source of AWS credentials (environment, a profile, a process, STS,
// the container or instance metadata service), and the conventions every source follows.
//
// Resolve() fetches credentials now; it may block on a file, a process or the network, so call
// it off any event loop. Its result means:
//   ok             credentials (Credentials::source names where they came from);
//   kNotFound      this source is not configured here: a chain moves on to the next source;
//   anything else  the source is configured but failed (a partial key pair, an STS error, a
//                  broken credential_process): a chain stops and reports it, as botocore does.
// Messages never contain a secret key or session token (see Credentials::Redacted()).
//
// Providers do not cache: RefreshingCredentialProvider (refreshing_provider.h) adds caching and
// refresh before expiry. Implementations are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <utility>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/core/result.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  virtual Result<Credentials> Resolve() = 0;
  // A short name for messages: "env", "assume-role", "container-role", ...
  virtual std::string_view name() const = 0;
};

// The current time; injectable so refresh windows and expirations are testable.
using TimeSource = std::function<Timestamp()>;
Timestamp SystemTime();

// Always returns the same credentials (explicit keys, tests).
class StaticCredentialProvider : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Result<Credentials> Resolve() override { return credentials_; }
  std::string_view name() const override { return "static"; }

 private:
  const Credentials credentials_;
};

}  // namespace awscrape::aws
