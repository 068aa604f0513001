// SerializeRequest: validation, idempotency tokens, the per-protocol serialiser, then what every
// protocol shares: the host (with the operation's host prefix), the endpoint's base path and
// Content-Length (botocore sets it on every request but GET, HEAD and OPTIONS).
#include <string>
#include <string_view>

#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/aws/protocol/serializer_util.h"
#include "awscrape/aws/protocol/serializers.h"

namespace awscrape::aws {
namespace {

bool IsHostLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

// endpoint.hostPrefix with its {Label}s filled from the parameters ("{AccountId}.data-").
Result<std::string> ExpandHostPrefix(const model::Operation& operation, const JsonValue& params) {
  const std::string_view pattern = operation.host_prefix;
  std::string prefix;
  for (size_t i = 0; i < pattern.size();) {
    const size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) {
      prefix.append(pattern.substr(i));
      break;
    }
    prefix.append(pattern.substr(i, open - i));
    const size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      return InvalidArgument(operation.name + ": malformed hostPrefix '" + operation.host_prefix +
                             "'");
    }
    // A std::string, not a view into the pattern: the JSON lookup wants a terminated name.
    const std::string label(pattern.substr(open + 1, close - open - 1));
    const JsonValue* value = params.IsObject() ? FindMember(params, label) : nullptr;
    if (!value || !value->IsString()) {
      return InvalidArgument(operation.name + ": missing required host label parameter \"" + label +
                             "\"");
    }
    std::string_view text(value->GetString(), value->GetStringLength());
    for (char c : text) {
      if (!IsHostLabelChar(c)) {
        return InvalidArgument(operation.name + ": invalid value for parameter " + label +
                               ": must contain only alphanumeric characters, hyphen, or period");
      }
    }
    prefix.append(text);
    i = close + 1;
  }
  return prefix;
}

// botocore's _urljoin of the endpoint URL's path and the request path.
void JoinBasePath(std::string_view base, std::string& path) {
  if (path.empty() || path == "/") {
    path = base.empty() ? std::string("/") : std::string(base);
  } else if (!base.empty()) {
    if (base.back() == '/' && path.front() == '/') base.remove_suffix(1);
    path.insert(0, base);
  }
}

// The REST template to render. When the endpoint already holds the bucket (S3 virtual-hosted or
// path-style endpoints from the rule set), a leading "/{Bucket}" goes, as botocore's
// remove_bucket_from_url_paths_from_model does.
std::string_view RequestUri(const model::Operation& operation, const SerializeOptions& options) {
  constexpr std::string_view kBucket = "/{Bucket}";
  std::string_view uri = operation.request_uri;
  if (options.omit_uri_labels_in_endpoint && uri.starts_with(kBucket)) {
    uri.remove_prefix(kBucket.size());
  }
  return uri;
}

Status FillIdempotencyTokens(const model::Shape& input, const SerializeOptions& options,
                             JsonDocument& params) {
  for (const model::Member& m : input.members) {
    if (!m.traits.idempotency_token) continue;
    JsonValue* value = nullptr;
    if (auto it = params.FindMember(AsRef(m.name)); it != params.MemberEnd()) value = &it->value;
    if (value && !value->IsNull()) continue;
    std::string token =
        options.new_idempotency_token ? options.new_idempotency_token() : internal::NewUuidV4();
    JsonValue text = MakeString(token, params.GetAllocator());
    if (value) {
      *value = std::move(text);
    } else {
      params.AddMember(MakeString(m.name, params.GetAllocator()), text, params.GetAllocator());
    }
  }
  return Status::Ok();
}

}  // namespace

Result<HttpRequest> SerializeRequest(const model::ServiceModel& service,
                                     const model::Operation& operation, const JsonValue& params,
                                     const SerializeOptions& options) {
  static const JsonValue kNoParams(rapidjson::kObjectType);
  const JsonValue* input = params.IsNull() ? &kNoParams : &params;

  // Idempotency tokens the caller left out are generated (botocore's generate_idempotent_uuid)
  // before validation, as they may be required; only then are the parameters copied.
  JsonDocument filled;
  if (operation.input && input->IsObject() &&
      internal::NeedsIdempotencyToken(*operation.input, *input)) {
    filled.CopyFrom(*input, filled.GetAllocator());
    AWSCRAPE_RETURN_IF_ERROR(FillIdempotencyTokens(*operation.input, options, filled));
    input = &filled;
  }
  AWSCRAPE_RETURN_IF_ERROR(internal::ValidateParams(operation, *input));

  HttpRequest request;
  const std::string& protocol = service.metadata().protocol;
  Status status;
  if (protocol == "query") {
    status = internal::SerializeQuery(service, operation, *input, /*ec2=*/false, request);
  } else if (protocol == "ec2") {
    status = internal::SerializeQuery(service, operation, *input, /*ec2=*/true, request);
  } else if (protocol == "json") {
    status = internal::SerializeJsonRpc(service, operation, *input, request);
  } else if (protocol == "rest-json") {
    status =
        internal::SerializeRestJson(operation, RequestUri(operation, options), *input, request);
  } else if (protocol == "rest-xml") {
    status = internal::SerializeRestXml(operation, RequestUri(operation, options), *input, request);
  } else {
    return Unimplemented("protocol '" + protocol + "' is not supported");
  }
  AWSCRAPE_RETURN_IF_ERROR(status);

  request.scheme = options.scheme;
  if (operation.host_prefix.empty()) {
    request.host = options.host;
  } else {
    AWSCRAPE_ASSIGN_OR_RETURN(std::string prefix, ExpandHostPrefix(operation, *input));
    request.host = options.inject_host_prefix ? prefix + options.host : options.host;
  }
  JoinBasePath(options.base_path, request.path);
  const std::string& method = request.method;
  if (method != "GET" && method != "HEAD" && method != "OPTIONS" &&
      !FindHeader(request.headers, "Content-Length")) {
    request.headers.push_back({"Content-Length", std::to_string(request.body.size())});
  }
  return request;
}

}  // namespace awscrape::aws
