// One operation of a service model (botocore's "operations" entry).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "awscrape/aws/model/shape.h"

namespace awscrape::aws::model {

struct Operation {
  std::string name;  // "DescribeInstances"
  std::string http_method = "POST";
  std::string request_uri = "/";  // REST template, e.g. "/{Bucket}?list-type=2"
  int response_code = 200;
  const Shape* input = nullptr;  // may be null: the operation takes no input
  // The input reference's traits merged over the input shape's (rest-xml: the request's root
  // element name, locationName, and its xmlNamespace).
  Traits input_traits;
  // The input member bound to the HTTP body (REST): the reference's "payload" or the shape's.
  std::string input_payload;
  const Shape* output = nullptr;  // may be null
  std::string output_result_wrapper;
  std::vector<const Shape*> errors;
  std::string host_prefix;  // endpoint.hostPrefix, e.g. "{AccountId}.data-"
  std::string auth_type;    // "none", "v4-unsigned-body", ...
  bool deprecated = false;
  bool endpoint_discovery_required = false;
  // staticContextParams: endpoint rule-set parameters fixed for this operation (values are
  // booleans or strings in the models), as name and JSON text ("true", "\"x\"").
  std::vector<std::pair<std::string, std::string>> static_context_params;
};

}  // namespace awscrape::aws::model
