// AssumeRoleCredentialProvider: temporary credentials for a role, obtained from STS AssumeRole
// with the credentials of a source provider (a profile's keys, another role, the environment,
// the container or the instance role).
//
// Each Resolve() resolves the source and calls STS; wrap it in a RefreshingCredentialProvider
// to reuse the role's credentials until they near expiry (DefaultCredentialChain does). The
// session name, when the profile gives none, is "awscrape-session-<epoch seconds>", fixed at
// construction like botocore's "botocore-session-<epoch>".
#pragma once

#include <memory>
#include <string_view>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "awscrape/aws/http/transport.h"

namespace awscrape::aws {

class AssumeRoleCredentialProvider : public CredentialProvider {
 public:
  AssumeRoleCredentialProvider(std::shared_ptr<CredentialProvider> source, AssumeRoleParams params,
                               std::shared_ptr<HttpTransport> transport, StsEndpoint endpoint,
                               TimeSource now = {});
  Result<Credentials> Resolve() override;
  std::string_view name() const override { return "assume-role"; }

  const AssumeRoleParams& params() const { return params_; }

 private:
  const std::shared_ptr<CredentialProvider> source_;
  AssumeRoleParams params_;
  const std::shared_ptr<HttpTransport> transport_;
  const StsEndpoint endpoint_;
  const TimeSource now_;
};

}  // namespace awscrape::aws
