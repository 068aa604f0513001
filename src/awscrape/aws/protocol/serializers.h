// The per-protocol request serialisers behind SerializeRequest (internal to aws/protocol).
//
// Each fills the method, path (without the endpoint's base path), query, protocol headers and
// body of `request` from parameters that ValidateParams accepted (an object; nulls mean absent).
// Host, base path and Content-Length are SerializeRequest's. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/service_model.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::internal {

// query and ec2: a form-encoded body "Action=Op&Version=v&Member=value...".
Status SerializeQuery(const model::ServiceModel& service, const model::Operation& operation,
                      const JsonValue& params, bool ec2, HttpRequest& request);

// json 1.0/1.1: X-Amz-Target, application/x-amz-json-<version> and a JSON body.
Status SerializeJsonRpc(const model::ServiceModel& service, const model::Operation& operation,
                        const JsonValue& params, HttpRequest& request);

// rest-json and rest-xml: URI, query string and header bindings plus a JSON or XML body.
// `request_uri` is the operation's template, or what is left of it when the endpoint already
// carries some labels (S3's bucket).
Status SerializeRestJson(const model::Operation& operation, std::string_view request_uri,
                         const JsonValue& params, HttpRequest& request);
Status SerializeRestXml(const model::Operation& operation, std::string_view request_uri,
                        const JsonValue& params, HttpRequest& request);

// The JSON text of `value` serialised as `shape` (json and rest-json bodies). With
// `body_members_only`, structure members bound to a URI, query string or header are left out
// (the REST input structure's body).
std::string WriteJson(const model::Shape& shape, const JsonValue& value, bool body_members_only);

// How a REST protocol writes bodies; the bindings shared by rest-json and rest-xml live in
// SerializeRest.
class RestBodyWriter {
 public:
  virtual ~RestBodyWriter() = default;
  // The body holding the input structure's body members (at least one is set).
  virtual std::string InputBody(const model::Operation& operation,
                                const JsonValue& params) const = 0;
  // The body for a structure, union or document payload member that is set.
  virtual std::string PayloadBody(const model::Member& member, const JsonValue& value) const = 0;
  // The body sent when a structured payload is absent, or when the input has body members but
  // none is set: "{}" for rest-json, nothing for rest-xml.
  virtual std::string_view EmptyBody() const = 0;
  // The Content-Type of structured (non-blob, non-string payload) bodies, empty for none.
  virtual std::string_view ContentType() const = 0;
};

Status SerializeRest(const model::Operation& operation, std::string_view request_uri,
                     const JsonValue& params, const RestBodyWriter& body_writer,
                     HttpRequest& request);

}  // namespace awscrape::aws::internal
