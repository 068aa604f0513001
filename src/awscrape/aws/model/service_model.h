// ServiceModel: a loaded botocore service-2.json (metadata, operations, resolved shapes).
//
// Built once from parsed JSON and immutable afterwards; shapes and operations are owned here and
// handed out as const pointers valid for the model's lifetime. Thread-safe for reads.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "awscrape/aws/model/operation.h"
#include "awscrape/aws/model/shape.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::model {

struct ServiceMetadata {
  std::string protocol;       // "ec2", "query", "json", "rest-json", "rest-xml"
  std::string json_version;   // "1.0" / "1.1" for the json protocol
  std::string target_prefix;  // X-Amz-Target prefix for json
  std::string api_version;
  std::string endpoint_prefix;
  std::string
      signing_name;  // "signingName"; empty when the model has none (endpoint_prefix applies)
  std::string signature_version;  // "v4", "s3", "s3v4", "v2", "bearer"
  std::string service_id;         // "EC2", "Elastic Load Balancing v2"
  std::string service_full_name;
  std::string global_endpoint;
  std::string xml_namespace;  // query/ec2/rest-xml response namespace
  std::string uid;
  bool aws_query_compatible = false;
};

class ServiceModel {
 public:
  // From a whole service-2.json document.
  static Result<std::unique_ptr<ServiceModel>> FromJson(const JsonValue& service);
  // From parts, as the protocol test suites provide them: `operations` is an object keyed by
  // operation name, or an array of operation objects that carry "name".
  static Result<std::unique_ptr<ServiceModel>> FromParts(const JsonValue& metadata,
                                                         const JsonValue& shapes,
                                                         const JsonValue& operations);

  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;

  const ServiceMetadata& metadata() const { return metadata_; }
  const std::deque<Operation>& operations() const { return operations_; }
  const Operation* FindOperation(std::string_view name) const;
  const Shape* FindShape(std::string_view name) const;
  // The modelled error shape for an AWS error code: matched on error.code, then on shape name.
  const Shape* FindErrorShape(std::string_view code) const;

 private:
  ServiceModel() = default;
  Status LoadMetadata(const JsonValue& metadata);
  Status LoadShapes(const JsonValue& shapes);
  Status LoadOperation(std::string_view name, const JsonValue& operation);
  Result<Member> ResolveRef(const JsonValue& ref, std::string_view context);

  ServiceMetadata metadata_;
  std::deque<Shape> shapes_;  // deque: stable addresses while loading
  std::unordered_map<std::string, Shape*> shapes_by_name_;
  std::deque<Operation> operations_;
  std::unordered_map<std::string, const Operation*> operations_by_name_;
  std::unordered_map<std::string, const Shape*> errors_by_code_;
};

}  // namespace awscrape::aws::model
