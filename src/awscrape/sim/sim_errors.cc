#include "awscrape/sim/sim_errors.h"

#include <initializer_list>

namespace awscrape::sim {
namespace {

bool HasModelledError(const aws::model::ServiceEntry* service, std::string_view code) {
  return service && service->model->FindErrorShape(code) != nullptr;
}

// The first code the model declares, else the fallback.
std::string Prefer(const aws::model::ServiceEntry* service,
                   std::initializer_list<std::string_view> modelled, std::string_view fallback) {
  for (std::string_view code : modelled) {
    if (HasModelledError(service, code)) return std::string(code);
  }
  return std::string(fallback);
}

}  // namespace

ErrorReply MakeError(SimError error, std::string_view protocol,
                     const aws::model::ServiceEntry* service, std::string_view detail) {
  const bool ec2 = protocol == "ec2", query = protocol == "query", json = protocol == "json",
             rest_json = protocol == "rest-json";
  const bool s3 = service && (service->name == "s3" || service->name == "s3control");
  const bool rest_xml = protocol == "rest-xml";
  const std::string d(detail);
  ErrorReply e;
  switch (error) {
    case SimError::kMissingAuthentication:
      if (ec2)
        return {401, "AuthFailure", "AWS was not able to validate the provided access credentials"};
      if (s3) return {403, "AccessDenied", "Access Denied"};
      return {
          json ? 400 : 403,
          json || rest_json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken",
          "Missing Authentication Token"};
    case SimError::kIncompleteSignature:
      if (ec2)
        return {401, "AuthFailure", "AWS was not able to validate the provided access credentials"};
      if (s3)
        return {400, "AuthorizationHeaderMalformed", "The authorization header is malformed."};
      return {json ? 400 : 403,
              json || rest_json ? "IncompleteSignatureException" : "IncompleteSignature",
              "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'."};
    case SimError::kUnknownAccessKey:
    case SimError::kRegionNotEnabled: {
      if (ec2)
        return {401, "AuthFailure", "AWS was not able to validate the provided access credentials"};
      if (s3) {
        return {403, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records."};
      }
      if (json)
        return {400, "UnrecognizedClientException",
                "The security token included in the request is invalid."};
      if (rest_json)
        return {403, "UnrecognizedClientException",
                "The security token included in the request is invalid."};
      return {403, "InvalidClientTokenId",
              "The security token included in the request is invalid."};
    }
    case SimError::kSignatureMismatch: {
      if (ec2)
        return {401, "AuthFailure", "AWS was not able to validate the provided access credentials"};
      std::string message =
          "The request signature we calculated does not match the signature you provided. Check "
          "your AWS Secret Access Key and signing method. Consult the service documentation for "
          "details.";
      if (json) return {400, "InvalidSignatureException", message};
      if (rest_json) return {403, "InvalidSignatureException", message};
      return {403, "SignatureDoesNotMatch", message};
    }
    case SimError::kAccessDenied: {
      std::string message = "User: arn:aws:iam::" + d + " is not authorized to perform this action";
      if (ec2)
        return {403, "UnauthorizedOperation", "You are not authorized to perform this operation."};
      if (json)
        return {400, Prefer(service, {"AccessDeniedException"}, "AccessDeniedException"), message};
      if (rest_json)
        return {403, Prefer(service, {"AccessDeniedException"}, "AccessDeniedException"), message};
      if (s3) return {403, "AccessDenied", "Access Denied"};
      return {403, Prefer(service, {"AccessDenied", "AccessDeniedException"}, "AccessDenied"),
              message};
    }
    case SimError::kThrottled:
      if (ec2) return {503, "RequestLimitExceeded", "Request limit exceeded."};
      if (s3) return {503, "SlowDown", "Please reduce your request rate."};
      if (json) return {400, "ThrottlingException", "Rate exceeded"};
      if (rest_json) {
        return {429,
                Prefer(service, {"TooManyRequestsException", "ThrottlingException"},
                       "ThrottlingException"),
                "Rate exceeded"};
      }
      return {400, "Throttling", "Rate exceeded"};
    case SimError::kInternalError:
      e = {500, ec2 || s3 ? "InternalError" : "InternalFailure",
           "We encountered an internal error. Please try again.", false};
      if ((json || rest_json) && HasModelledError(service, "InternalServerException")) {
        e.code = "InternalServerException";
      }
      return e;
    case SimError::kServiceUnavailable:
      return {503,
              ec2  ? "Unavailable"
              : s3 ? "ServiceUnavailable"
                   : "ServiceUnavailable",
              "The service is unavailable. Please try again shortly.", false};
    case SimError::kMissingParameter:
      if (ec2 || query)
        return {400, "MissingParameter", "The request must contain the parameter " + d};
      if (s3 || rest_xml) return {400, "InvalidArgument", "Missing required parameter " + d};
      return {400,
              Prefer(service,
                     {"ValidationException", "InvalidParameterException", "BadRequestException"},
                     "ValidationException"),
              "1 validation error detected: Value null at '" + d +
                  "' failed to satisfy constraint: Member must not be null"};
    case SimError::kInvalidPaginationToken:
      if (ec2) return {400, "InvalidParameterValue", "The token '" + d + "' is invalid."};
      if (s3 || rest_xml)
        return {400, "InvalidArgument", "The continuation token provided is incorrect"};
      if (query) {
        return {
            400,
            Prefer(service, {"InvalidNextToken", "InvalidNextTokenException", "ValidationError"},
                   "ValidationError"),
            "Invalid pagination token"};
      }
      return {400,
              Prefer(service,
                     {"InvalidNextTokenException", "InvalidPaginationTokenException",
                      "ValidationException", "InvalidParameterException", "BadRequestException"},
                     "ValidationException"),
              "Invalid pagination token"};
    case SimError::kUnknownOperation:
      if (ec2 || query)
        return {400, "InvalidAction", "The action or operation requested is invalid. " + d};
      if (s3 || rest_xml)
        return {405, "MethodNotAllowed",
                "The specified method is not allowed against this resource."};
      return {json ? 400 : 404, "UnknownOperationException", d};
  }
  return {500, "InternalFailure", "unreachable", false};
}

}  // namespace awscrape::sim
