// Credentials of the EC2 instance's IAM role from the instance metadata service, as botocore's
// InstanceMetadataProvider gets them (IMDSv2 with fallback to v1):
//
//   PUT  <endpoint>/latest/api/token                         x-aws-ec2-metadata-token-ttl-seconds:
//   21600 GET  <endpoint>/latest/meta-data/iam/security-credentials/       -> the role name GET
//   <endpoint>/latest/meta-data/iam/security-credentials/<role> -> the credential document (both
//   GETs carry x-aws-ec2-metadata-token when a token was issued)
//
// A token answer of 403/404/405, a timeout, or no answer falls back to IMDSv1 (GETs without a
// token); 400 gives up. GETs are retried while the answer is non-200, empty or (credentials) not
// JSON, up to `attempts` in all. The endpoint is http://169.254.169.254/ unless overridden
// (AWS_EC2_METADATA_SERVICE_ENDPOINT, or AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6).
//
// Every failure, and AWS_EC2_METADATA_DISABLED=true, is kNotFound with the reason: botocore
// treats an unreachable metadata service as "no credentials here" and the chain ends with
// "Unable to locate credentials". Like botocore, credentials that expire within the refresh
// window plus 2-10 minutes of jitter get their expiration pushed out that far (so an outage of
// the metadata service does not make every call refresh).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/environment.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

inline constexpr std::string_view kDefaultImdsEndpoint = "http://169.254.169.254/";
inline constexpr std::string_view kDefaultImdsIpv6Endpoint = "http://[fd00:ec2::254]/";

struct ImdsCredentialOptions {
  std::shared_ptr<HttpTransport> transport;  // required
  EnvLookup env;                             // for AWS_EC2_METADATA_DISABLED; default: process
  std::string endpoint;                      // empty: kDefaultImdsEndpoint
  int attempts = 1;                          // botocore's metadata_service_num_attempts
  std::chrono::milliseconds timeout{1000};   // botocore's metadata_service_timeout
  TimeSource now;                            // default: SystemTime
  std::chrono::seconds refresh_window{15 * 60};
  std::function<int()> jitter_seconds;  // default: uniform in [120, 600]
};

// The endpoint botocore would use: an explicit override, else AWS_EC2_METADATA_SERVICE_ENDPOINT
// or `config_endpoint` (the profile's ec2_metadata_service_endpoint), else the IPv6 endpoint
// when the mode (env or `config_mode`) is "IPv6", else kDefaultImdsEndpoint.
std::string ResolveImdsEndpoint(const EnvLookup& env, std::string_view config_endpoint,
                                std::string_view config_mode);

class ImdsCredentialProvider : public CredentialProvider {
 public:
  explicit ImdsCredentialProvider(ImdsCredentialOptions options);
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "iam-role"; }

 private:
  std::string Url(std::string_view path) const;
  // The token, "" for IMDSv1, or an error that ends the attempt.
  Result<std::string> FetchToken() const;
  Result<std::string> Get(std::string_view path, const std::string& token, bool want_json) const;

  const ImdsCredentialOptions options_;
};

}  // namespace awscrape::aws
