// STS AssumeRole and AssumeRoleWithWebIdentity over the query protocol, just enough for the
// credential chain (the general protocol layer is not needed, and the chain must work before any
// client exists).
//
// AssumeRole is byte for byte what botocore's AssumeRoleProvider sends: POST / with the form
// body "Action=AssumeRole&Version=2011-06-15&RoleSessionName=..[&ExternalId=..]
// [&DurationSeconds=..]&RoleArn=.." (a generated session name comes last instead), Content-Type
// "application/x-www-form-urlencoded; charset=utf-8", SigV4-signed for service "sts".
// AssumeRoleWithWebIdentity is what botocore's AssumeRoleWithWebIdentityProvider sends: the form
// "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=..&RoleArn=..
// &WebIdentityToken=.." (a generated session name after RoleArn instead), unsigned: the token is
// the proof of identity, so no credentials are needed.
// The endpoint follows botocore 1.29's default sts_regional_endpoints=legacy: no region and the
// legacy regions (us-east-1, eu-west-1, ...) use https://sts.amazonaws.com signed for us-east-1;
// other regions, or every region with `regional`, use https://sts.<region>.<dns suffix>.
//
// Errors: an <ErrorResponse> becomes kAwsError "<Action> failed for <role arn>: <Code>:
// <Message> (HTTP n, request id r)"; transport failures keep their code; an unreadable success
// is kParseError. No message quotes a response body beyond AWS's own error Code and Message, and
// none quotes the web identity token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/http/transport.h"
#include "awscrape/core/result.h"
#include "awscrape/core/time.h"

namespace awscrape::aws {

struct AssumeRoleParams {
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;              // omitted when empty
  std::optional<int> duration_seconds;  // omitted when absent
  bool session_name_generated = false;  // a default name, not the profile's role_session_name
};

struct StsEndpoint {
  std::string url;             // "https://sts.amazonaws.com"
  std::string signing_region;  // "us-east-1"
};

// `override_url` (tests, emulators) wins; it is signed for `region`, or us-east-1 without one.
StsEndpoint ResolveStsEndpoint(std::string_view region, bool regional,
                               std::string_view override_url = {});

// The DNS suffix of a region's partition: "amazonaws.com", "amazonaws.com.cn", ...
std::string AwsDnsSuffix(std::string_view region);

// The unsigned request.
Result<HttpRequest> BuildAssumeRoleRequest(const AssumeRoleParams& params,
                                           const StsEndpoint& endpoint);

// Reads an AssumeRole answer: credentials (source "assume-role") or the AWS error.
Result<Credentials> ParseAssumeRoleResponse(const HttpResponse& response,
                                            std::string_view role_arn);

// Builds, signs with `source` at `now`, sends and parses.
Result<Credentials> CallAssumeRole(HttpTransport& transport, const Credentials& source,
                                   const AssumeRoleParams& params, const StsEndpoint& endpoint,
                                   Timestamp now);

// AssumeRoleWithWebIdentity: `params.external_id` and `duration_seconds` are not sent (botocore
// sends neither). `token` is sent verbatim.
Result<HttpRequest> BuildAssumeRoleWithWebIdentityRequest(const AssumeRoleParams& params,
                                                          std::string_view token,
                                                          const StsEndpoint& endpoint);
// Credentials with source "assume-role-with-web-identity", or the AWS error.
Result<Credentials> ParseAssumeRoleWithWebIdentityResponse(const HttpResponse& response,
                                                           std::string_view role_arn);
// Builds, sends unsigned and parses.
Result<Credentials> CallAssumeRoleWithWebIdentity(HttpTransport& transport,
                                                  const AssumeRoleParams& params,
                                                  std::string_view token,
                                                  const StsEndpoint& endpoint);

}  // namespace awscrape::aws
