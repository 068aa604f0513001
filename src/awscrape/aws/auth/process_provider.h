// Credentials from a profile's `credential_process`, as botocore's ProcessProvider gets them.
//
// The command runs through /bin/sh -c (stdin and the environment inherited). It must exit 0 and
// print JSON {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}
// on stdout. A non-zero exit, a timeout, bad JSON, another Version or a missing key is an
// error (kUnauthenticated) that names the profile but never echoes stdout, which may carry the
// secret; up to a few hundred bytes of stderr are quoted for diagnosis, with any secret found
// in stdout scrubbed from them. The command itself is not quoted either: it may hold a password.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "awscrape/aws/auth/credential_provider.h"

namespace awscrape::aws {

// Parses a credential_process's stdout (exposed for tests).
Result<Credentials> ParseCredentialProcessOutput(std::string_view output);

class ProcessCredentialProvider : public CredentialProvider {
 public:
  ProcessCredentialProvider(std::string command, std::string profile,
                            std::chrono::milliseconds timeout = std::chrono::minutes(2))
      : command_(std::move(command)), profile_(std::move(profile)), timeout_(timeout) {}
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "custom-process"; }

 private:
  const std::string command_;
  const std::string profile_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace awscrape::aws
