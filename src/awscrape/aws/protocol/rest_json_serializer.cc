// rest-json: the shared REST bindings with a JSON body (Content-Type application/json), "{}"
// when the input has body members but none is set.
#include "awscrape/aws/protocol/serializers.h"

namespace awscrape::aws::internal {
namespace {

class RestJsonBodyWriter final : public RestBodyWriter {
 public:
  std::string InputBody(const model::Operation& operation, const JsonValue& params) const override {
    return WriteJson(*operation.input, params, /*body_members_only=*/true);
  }
  std::string PayloadBody(const model::Member& member, const JsonValue& value) const override {
    return WriteJson(*member.shape, value, /*body_members_only=*/false);
  }
  std::string_view EmptyBody() const override { return "{}"; }
  std::string_view ContentType() const override { return "application/json"; }
};

}  // namespace

Status SerializeRestJson(const model::Operation& operation, std::string_view request_uri,
                         const JsonValue& params, HttpRequest& request) {
  static const RestJsonBodyWriter kWriter;
  return SerializeRest(operation, request_uri, params, kWriter, request);
}

}  // namespace awscrape::aws::internal
