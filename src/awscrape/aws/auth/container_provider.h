// Credentials from the container credential endpoint (ECS task roles, and anything imitating
// them), as botocore's ContainerProvider fetches them.
//
// Configured by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (fetched from http://169.254.170.2) or else
// AWS_CONTAINER_CREDENTIALS_FULL_URI, whose host must be 169.254.170.2 (ECS), 169.254.170.23 or
// fd00:ec2::23 (EKS Pod Identity), localhost or a loopback address.
// The Authorization header is the contents of the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
// names when that variable is set (read verbatim on every Resolve(), so a rotated token is used
// at the next refresh; an unreadable file is kUnauthenticated), else
// AWS_CONTAINER_AUTHORIZATION_TOKEN. A token holding CR or LF is kInvalidArgument, as in
// botocore (1.31+, which added the token file for EKS Pod Identity; 1.29 knows only the
// variable). Messages never quote the token.
// A GET with "Accept: application/json"; non-200, transport errors and unparseable bodies are
// retried (3 attempts, 1 s apart, like botocore), then reported as kUnavailable, which stops a
// chain. Not configured (kNotFound) when neither variable is set.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

using SleepFunction = std::function<void(std::chrono::milliseconds)>;
void SleepFor(std::chrono::milliseconds duration);

struct ContainerCredentialOptions {
  std::shared_ptr<HttpTransport> transport;  // required
  EnvLookup env;                             // default: the process environment
  int attempts = 3;
  std::chrono::milliseconds retry_delay{1000};
  std::chrono::milliseconds timeout{2000};
  SleepFunction sleep;  // default: SleepFor
};

// Whether a full URI's host may serve container credentials.
bool IsAllowedContainerHost(std::string_view host);

class ContainerCredentialProvider : public CredentialProvider {
 public:
  explicit ContainerCredentialProvider(ContainerCredentialOptions options);
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "container-role"; }

 private:
  const ContainerCredentialOptions options_;
};

}  // namespace awscrape::aws
