#include "awscrape/aws/auth/sso_portal.h"

#include <cmath>

#include "awscrape/aws/auth/metadata_http.h"
#include "awscrape/aws/auth/sts_assume_role.h"
#include "awscrape/core/encoding.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

std::string Describe(const SsoRoleRequest& role) {
  return "GetRoleCredentials for role " + role.role_name + " in account " + role.account_id +
         " (profile " + role.profile + ")";
}

// The rest-json error code: "UnauthorizedException:http://..." or "aws.sso#Unauthorized...".
std::string ErrorCode(const HttpResponse& response, const JsonValue* body) {
  std::string code;
  if (const std::string* header = FindHeader(response.headers, "x-amzn-ErrorType")) {
    code = *header;
  } else if (body != nullptr) {
    code = std::string(GetString(*body, "__type"));
    if (code.empty()) code = std::string(GetString(*body, "code"));
  }
  if (size_t colon = code.find(':'); colon != std::string::npos) code.resize(colon);
  if (size_t hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
  return code;
}

std::string ErrorMessage(const JsonValue* body) {
  if (body == nullptr) return "";
  std::string_view message = GetString(*body, "message");
  if (message.empty()) message = GetString(*body, "Message");
  return std::string(message);
}

}  // namespace

std::string ResolveSsoPortalEndpoint(std::string_view region, std::string_view override_url) {
  if (!override_url.empty()) return std::string(override_url);
  return "https://portal.sso." + std::string(region) + "." + AwsDnsSuffix(region);
}

Result<HttpRequest> BuildGetRoleCredentialsRequest(const SsoRoleRequest& role,
                                                   std::string_view access_token,
                                                   std::string_view endpoint) {
  if (role.role_name.empty() || role.account_id.empty()) {
    return InvalidArgument("GetRoleCredentials needs a role name and an account id");
  }
  if (access_token.find_first_of("\r\n") != std::string_view::npos) {
    return Unauthenticated(Describe(role) +
                           ": the cached SSO access token is not a legal header value; run "
                           "`aws sso login --profile " +
                           role.profile + "`");
  }
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, RequestForUrl("GET", endpoint));
  // botocore appends the operation's URI to the endpoint's path.
  if (request.path.ends_with('/')) request.path.pop_back();
  request.path += "/federation/credentials";
  request.query =
      "role_name=" + UriEncode(role.role_name) + "&account_id=" + UriEncode(role.account_id);
  if (!access_token.empty()) {
    SetHeader(request.headers, "x-amz-sso_bearer_token", std::string(access_token));
  }
  return request;
}

Result<Credentials> ParseGetRoleCredentialsResponse(const HttpResponse& response,
                                                    const SsoRoleRequest& role) {
  std::string context = Describe(role);
  auto doc = ParseJson(response.body);
  const JsonValue* body = doc.ok() && doc->IsObject() ? &*doc : nullptr;
  if (response.status < 200 || response.status >= 300) {
    std::string code = ErrorCode(response, body);
    std::string message = ErrorMessage(body);
    std::string detail = " (" + (code.empty() ? std::string("no error code") : code);
    if (!message.empty()) detail += ": " + message;
    detail += ", HTTP " + std::to_string(response.status);
    if (const std::string* id = FindHeader(response.headers, "x-amzn-RequestId")) {
      detail += ", request id " + *id;
    }
    detail += ")";
    if (response.status == 401 || code == "UnauthorizedException") {
      return Unauthenticated(
          "The SSO session associated with profile " + role.profile +
          " has expired or is otherwise invalid. To refresh this SSO session run `aws sso login "
          "--profile " +
          role.profile + "`. " + context + " was refused" + detail);
    }
    if (response.status == 403 || code == "ForbiddenException") {
      return Status(StatusCode::kPermissionDenied,
                    context + " was refused" + detail +
                        ": check that sso_account_id and sso_role_name name a permission set "
                        "assigned to you");
    }
    if (response.status == 429 || response.status >= 500 || code == "TooManyRequestsException") {
      return Unavailable(context + " failed" + detail);
    }
    return Status(StatusCode::kAwsError, context + " failed" + detail);
  }
  if (body == nullptr) return ParseError(context + ": the portal's answer is not a JSON object");
  const JsonValue* credentials = FindMember(*body, "roleCredentials");
  const JsonValue* expiration = credentials != nullptr && credentials->IsObject()
                                    ? FindMember(*credentials, "expiration")
                                    : nullptr;
  if (expiration == nullptr || !expiration->IsNumber()) {
    return ParseError(context +
                      ": the portal's answer lacks roleCredentials with a numeric expiration");
  }
  Credentials out;
  out.access_key_id = std::string(GetString(*credentials, "accessKeyId"));
  out.secret_access_key = std::string(GetString(*credentials, "secretAccessKey"));
  out.session_token = std::string(GetString(*credentials, "sessionToken"));
  out.source = "sso";
  if (out.empty() || out.session_token.empty()) {
    return ParseError(context +
                      ": the portal's answer lacks accessKeyId, secretAccessKey or sessionToken");
  }
  double milliseconds = expiration->GetDouble();
  if (!std::isfinite(milliseconds) || milliseconds <= 0 || milliseconds > 1e15) {
    return ParseError(context + ": the portal's answer has an unreadable expiration");
  }
  out.expiration = Timestamp{static_cast<int64_t>(std::floor(milliseconds / 1000)), 0};
  return out;
}

Result<Credentials> CallGetRoleCredentials(HttpTransport& transport, const SsoRoleRequest& role,
                                           std::string_view access_token,
                                           std::string_view endpoint) {
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request,
                            BuildGetRoleCredentialsRequest(role, access_token, endpoint));
  auto response = transport.SendAndWait(std::move(request));
  if (!response.ok()) {
    return response.status().WithContext(Describe(role) + " (" + std::string(endpoint) + ")");
  }
  return ParseGetRoleCredentialsResponse(*response, role);
}

}  // namespace awscrape::aws
