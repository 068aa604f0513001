#include "awscrape/aws/auth/assume_role_provider.h"

#include <string>
#include <utility>

namespace awscrape::aws {

AssumeRoleCredentialProvider::AssumeRoleCredentialProvider(
    std::shared_ptr<CredentialProvider> source, AssumeRoleParams params,
    std::shared_ptr<HttpTransport> transport, StsEndpoint endpoint, TimeSource now)
    : source_(std::move(source)),
      params_(std::move(params)),
      transport_(std::move(transport)),
      endpoint_(std::move(endpoint)),
      now_(now ? std::move(now) : TimeSource(SystemTime)) {
  if (params_.role_session_name.empty()) {
    params_.role_session_name = "awscrape-session-" + std::to_string(now_().seconds);
    params_.session_name_generated = true;
  }
}

Result<Credentials> AssumeRoleCredentialProvider::Resolve() {
  if (!transport_) return Internal("assuming a role needs an HTTP transport");
  auto source = source_->Resolve();
  if (!source.ok()) {
    // "Not configured" from the source is a broken profile, not a reason to try the next
    // provider of the chain.
    StatusCode code = source.status().code() == StatusCode::kNotFound ? StatusCode::kUnauthenticated
                                                                      : source.status().code();
    return Status(
        code, "source credentials for role " + params_.role_arn + ": " + source.status().message());
  }
  return CallAssumeRole(*transport_, *source, params_, endpoint_, now_());
}

}  // namespace awscrape::aws
