// ServiceModel: a loaded botocore service-2.json (metadata, operations, resolved shapes).
//
// Shapes and operations are owned here and handed out as const pointers valid for the model's
// lifetime; everything reachable from a handed-out pointer is complete and never changes.
// Thread-safe.
//
// A model built from a JSON DOM (FromJson, FromParts) is resolved completely up front and any
// dangling reference is an error there. A model built from a file's text (FromText, what the
// catalogue uses) is lazy: only metadata and the names of operations and shapes are read up
// front, and an operation or shape is parsed and resolved, with the shapes it reaches, the first
// time it is asked for. A service model is ~90% documentation and a scrape uses a few of its
// operations, so this is what keeps loading all 333 models cheap. Should a lazily built
// operation turn out to be broken (a reference to an unknown shape), FindOperation returns null
// and BuildError() says why.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "awscrape/aws/model/model_text.h"
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
  // From a service-2.json file's text, lazily (see above). The text's structure is checked
  // here; an operation or shape is parsed when first used.
  static Result<std::unique_ptr<ServiceModel>> FromText(ModelText text);

  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;
  ~ServiceModel();

  const ServiceMetadata& metadata() const { return metadata_; }
  // Every operation, in model order (a lazy model resolves them all on this first call).
  const std::deque<Operation>& operations() const;
  // Operation names in model order; resolves nothing.
  const std::vector<std::string_view>& OperationNames() const { return operation_names_; }
  bool HasOperation(std::string_view name) const;
  const Operation* FindOperation(std::string_view name) const;
  // The operation with only its input side resolved: `output` null and `errors` empty whatever
  // the model says. Planning reads names, flags and inputs; an operation's output usually
  // reaches far more shapes than its input. Not the object FindOperation returns.
  const Operation* FindOperationInput(std::string_view name) const;
  const Shape* FindShape(std::string_view name) const;
  // The modelled error shape for an AWS error code: matched on error.code, then on shape name.
  const Shape* FindErrorShape(std::string_view code) const;
  // Why the last lazily built operation or shape could not be built; OK when none failed.
  Status BuildError() const;

 private:
  struct Lazy;
  struct PendingShape;
  struct Batch;
  enum class OpState : unsigned char { kUnbuilt, kBuilt, kFailed };

  ServiceModel();
  Status LoadMetadata(const JsonValue& metadata);
  Status AddOperationName(std::string_view name);
  // The shape named `name`, created with its own fields if it is new (and queued in `batch`
  // for its references to be resolved). Called with mutex_ held (or during construction).
  Result<Shape*> ShapeShell(std::string_view name, Batch& batch) const;
  Status CompleteShapes(Batch& batch) const;
  // Resolves `names` and everything they reach; on failure, forgets the shapes it created.
  Status EnsureShapes(const std::vector<std::string_view>& names) const;
  Result<Member> ResolveRef(const JsonValue& ref, const Shape& owner, std::string_view what,
                            std::string_view member, Batch& batch) const;
  Status BuildOperation(Operation& op, const JsonValue& json, bool input_only, Batch& batch) const;
  // Builds operation `index` of a lazy model into `op` (named already); rolls back on failure.
  Status BuildLazyOperation(size_t index, Operation& op, bool input_only) const;
  // Parses a lazy model's operation or shape into `doc` (built on the batch's allocator).
  // Parses one shape's or operation's text; `kind` and `name` only label an error.
  Status ParseLazy(std::string_view text, std::string_view kind, std::string_view name,
                   JsonDocument& doc) const;
  const Operation* BuildOperationLocked(size_t index) const;
  void BuildErrorIndexLocked() const;

  ServiceMetadata metadata_;
  std::deque<std::string> operation_name_storage_;  // deque: the views below stay valid
  std::vector<std::string_view> operation_names_;
  std::unordered_map<std::string_view, size_t> operation_index_;

  // The source of a lazy model (null once everything is built from a DOM).
  std::unique_ptr<Lazy> lazy_;

  mutable std::mutex mutex_;
  mutable std::deque<Shape> shapes_;  // deque: stable addresses while growing
  mutable std::unordered_map<std::string_view, Shape*> shapes_by_name_;  // keys: Shape::name
  // Operations by index, built on demand: op_ptr_[i] points into built_operations_ or, once
  // operations() has run (or for a DOM model), into operations_.
  mutable std::vector<const Operation*> op_ptr_;
  mutable std::vector<OpState> op_state_;
  mutable std::deque<Operation> built_operations_;
  mutable std::deque<Operation> operations_;  // all, in model order, once operations() ran
  mutable bool all_operations_built_ = false;
  mutable std::deque<Operation> input_operations_;  // FindOperationInput's, built on demand
  mutable std::unordered_map<std::string_view, const Operation*> input_by_name_;
  mutable std::unordered_map<std::string, const Shape*> errors_by_code_;
  mutable bool errors_indexed_ = false;
  mutable Status build_error_;
  // Only while FromParts runs: the DOM's shape objects by name.
  std::unordered_map<std::string_view, const JsonValue*> dom_shapes_;
};

}  // namespace awscrape::aws::model
