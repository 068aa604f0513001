#include "awscrape/aws/auth/sts_assume_role.h"

#include <array>
#include <pugixml.hpp>
#include <utility>

#include "awscrape/aws/auth/metadata_http.h"
#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws {
namespace {

// botocore's STS endpoint rule set sends these to the global endpoint in "legacy" mode.
constexpr std::array<std::string_view, 16> kLegacyGlobalRegions = {
    "ap-northeast-1", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
    "aws-global",     "ca-central-1", "eu-central-1",   "eu-north-1",
    "eu-west-1",      "eu-west-2",    "eu-west-3",      "sa-east-1",
    "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2"};

// Python's urlencode (quote_plus): RFC 3986 encoding with spaces as '+'.
std::string FormEncode(std::string_view value) {
  std::string encoded = UriEncode(value);
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded.compare(i, 3, "%20") == 0) {
      out += '+';
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

std::string ChildText(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

// Reads the answer of `action` ("AssumeRole"): <ActionResponse><ActionResult><Credentials>.
Result<Credentials> ParseStsCredentials(const HttpResponse& response, std::string_view action,
                                        std::string_view role_arn, std::string_view source) {
  std::string context = std::string(action) + " failed for " + std::string(role_arn);
  pugi::xml_document doc;
  bool parsed =
      doc.load_buffer(response.body.data(), response.body.size()).status == pugi::status_ok;
  if (response.status < 200 || response.status >= 300) {
    pugi::xml_node error = doc.child("ErrorResponse").child("Error");
    std::string code = parsed ? ChildText(error, "Code") : std::string();
    std::string detail = " (HTTP " + std::to_string(response.status);
    if (parsed) {
      std::string request_id = ChildText(doc.child("ErrorResponse"), "RequestId");
      if (!request_id.empty()) detail += ", request id " + request_id;
    }
    detail += ")";
    if (code.empty()) {
      StatusCode status_code =
          response.status >= 500 ? StatusCode::kUnavailable : StatusCode::kAwsError;
      return Status(status_code, context + ": STS answered without an error code" + detail);
    }
    return Status(StatusCode::kAwsError,
                  context + ": " + code + ": " + ChildText(error, "Message") + detail);
  }
  if (!parsed) return ParseError(context + ": the STS response is not XML");
  std::string response_name = std::string(action) + "Response";
  std::string result_name = std::string(action) + "Result";
  pugi::xml_node node =
      doc.child(response_name.c_str()).child(result_name.c_str()).child("Credentials");
  Credentials credentials;
  credentials.access_key_id = ChildText(node, "AccessKeyId");
  credentials.secret_access_key = ChildText(node, "SecretAccessKey");
  credentials.session_token = ChildText(node, "SessionToken");
  credentials.expiration = ParseIso8601(ChildText(node, "Expiration"));
  credentials.source = std::string(source);
  if (credentials.empty() || credentials.session_token.empty() || !credentials.expiration) {
    return ParseError(context +
                      ": the STS response lacks AccessKeyId, SecretAccessKey, SessionToken or "
                      "Expiration");
  }
  return credentials;
}

}  // namespace

std::string AwsDnsSuffix(std::string_view region) {
  if (region.starts_with("cn-")) return "amazonaws.com.cn";
  if (region.starts_with("us-iso-")) return "c2s.ic.gov";
  if (region.starts_with("us-isob-")) return "sc2s.sgov.gov";
  return "amazonaws.com";
}

StsEndpoint ResolveStsEndpoint(std::string_view region, bool regional,
                               std::string_view override_url) {
  std::string signing_region =
      region.empty() || region == "aws-global" ? "us-east-1" : std::string(region);
  if (!override_url.empty()) return {std::string(override_url), signing_region};
  bool global = region.empty() || region == "aws-global";
  if (!global && !regional) {
    for (std::string_view legacy : kLegacyGlobalRegions) global = global || legacy == region;
  }
  if (global) return {"https://sts.amazonaws.com", "us-east-1"};
  return {"https://sts." + std::string(region) + "." + AwsDnsSuffix(region), signing_region};
}

Result<HttpRequest> BuildAssumeRoleRequest(const AssumeRoleParams& params,
                                           const StsEndpoint& endpoint) {
  if (params.role_arn.empty()) return InvalidArgument("AssumeRole needs a role ARN");
  if (params.role_session_name.empty()) return InvalidArgument("AssumeRole needs a session name");
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, RequestForUrl("POST", endpoint.url));
  // botocore serialises the arguments in the order its credential fetcher adds them.
  std::string body = "Action=AssumeRole&Version=2011-06-15";
  std::string session_name = "&RoleSessionName=" + FormEncode(params.role_session_name);
  if (!params.session_name_generated) body += session_name;
  if (!params.external_id.empty()) body += "&ExternalId=" + FormEncode(params.external_id);
  if (params.duration_seconds) {
    body += "&DurationSeconds=" + std::to_string(*params.duration_seconds);
  }
  body += "&RoleArn=" + FormEncode(params.role_arn);
  if (params.session_name_generated) body += session_name;
  request.body = std::move(body);
  SetHeader(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return request;
}

Result<Credentials> ParseAssumeRoleResponse(const HttpResponse& response,
                                            std::string_view role_arn) {
  return ParseStsCredentials(response, "AssumeRole", role_arn, "assume-role");
}

Result<Credentials> CallAssumeRole(HttpTransport& transport, const Credentials& source,
                                   const AssumeRoleParams& params, const StsEndpoint& endpoint,
                                   Timestamp now) {
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, BuildAssumeRoleRequest(params, endpoint));
  SigningOptions signing;
  signing.region = endpoint.signing_region;
  signing.service = "sts";
  signing.time = now;
  SignRequest(request, source, signing);
  auto response = transport.SendAndWait(std::move(request));
  if (!response.ok()) {
    return response.status().WithContext("AssumeRole failed for " + params.role_arn + " (" +
                                         endpoint.url + ")");
  }
  return ParseAssumeRoleResponse(*response, params.role_arn);
}

Result<HttpRequest> BuildAssumeRoleWithWebIdentityRequest(const AssumeRoleParams& params,
                                                          std::string_view token,
                                                          const StsEndpoint& endpoint) {
  if (params.role_arn.empty()) {
    return InvalidArgument("AssumeRoleWithWebIdentity needs a role ARN");
  }
  if (params.role_session_name.empty()) {
    return InvalidArgument("AssumeRoleWithWebIdentity needs a session name");
  }
  if (token.empty()) return InvalidArgument("AssumeRoleWithWebIdentity needs a token");
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request, RequestForUrl("POST", endpoint.url));
  std::string body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15";
  std::string session_name = "&RoleSessionName=" + FormEncode(params.role_session_name);
  if (!params.session_name_generated) body += session_name;
  body += "&RoleArn=" + FormEncode(params.role_arn);
  if (params.session_name_generated) body += session_name;
  body += "&WebIdentityToken=" + FormEncode(token);
  request.body = std::move(body);
  SetHeader(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return request;
}

Result<Credentials> ParseAssumeRoleWithWebIdentityResponse(const HttpResponse& response,
                                                           std::string_view role_arn) {
  return ParseStsCredentials(response, "AssumeRoleWithWebIdentity", role_arn,
                             "assume-role-with-web-identity");
}

Result<Credentials> CallAssumeRoleWithWebIdentity(HttpTransport& transport,
                                                  const AssumeRoleParams& params,
                                                  std::string_view token,
                                                  const StsEndpoint& endpoint) {
  AWSCRAPE_ASSIGN_OR_RETURN(HttpRequest request,
                            BuildAssumeRoleWithWebIdentityRequest(params, token, endpoint));
  auto response = transport.SendAndWait(std::move(request));
  if (!response.ok()) {
    return response.status().WithContext("AssumeRoleWithWebIdentity failed for " + params.role_arn +
                                         " (" + endpoint.url + ")");
  }
  return ParseAssumeRoleWithWebIdentityResponse(*response, params.role_arn);
}

}  // namespace awscrape::aws
