// The IAM Identity Center (SSO) portal's GetRoleCredentials, just enough for the credential
// chain: exchanges a cached SSO access token for a role's temporary credentials, as botocore's
// SSOCredentialFetcher does through the "sso" service model.
//
// The request: GET https://portal.sso.<sso_region>.<dns suffix>/federation/credentials
// ?role_name=<role>&account_id=<account> with the access token in the header
// "x-amz-sso_bearer_token"; unsigned (the model's authtype is "none").
// The answer: {"roleCredentials": {"accessKeyId", "secretAccessKey", "sessionToken",
// "expiration": <epoch milliseconds>}}; the expiration is truncated to whole seconds, as
// botocore formats it.
//
// Errors (the code from the x-amzn-ErrorType header, else the body's "__type" or "code"):
//   401 / UnauthorizedException   kUnauthenticated: the SSO session has expired or was revoked;
//                                 the message says to run `aws sso login --profile <profile>`
//   403 / ForbiddenException      kPermissionDenied: the user may not use that role in that
//                                 account
//   429 and 5xx                   kUnavailable
//   anything else                 kAwsError
// An unreadable success is kParseError. No message quotes the access token or a response body
// beyond the portal's own error code and message.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/auth/credentials.h"
#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/http/transport.h"
#include "awscrape/core/result.h"

namespace awscrape::aws {

struct SsoRoleRequest {
  std::string region;  // sso_region
  std::string account_id;
  std::string role_name;
  std::string profile;  // for messages only
};

// "https://portal.sso.<region>.<dns suffix>", or `override_url` (tests, emulators) when given.
std::string ResolveSsoPortalEndpoint(std::string_view region, std::string_view override_url = {});

// The request, without the token header when `access_token` is empty.
Result<HttpRequest> BuildGetRoleCredentialsRequest(const SsoRoleRequest& role,
                                                   std::string_view access_token,
                                                   std::string_view endpoint);

// Credentials with source "sso", or the portal's error.
Result<Credentials> ParseGetRoleCredentialsResponse(const HttpResponse& response,
                                                    const SsoRoleRequest& role);

// Builds, sends and parses.
Result<Credentials> CallGetRoleCredentials(HttpTransport& transport, const SsoRoleRequest& role,
                                           std::string_view access_token,
                                           std::string_view endpoint);

}  // namespace awscrape::aws
