#include "awscrape/aws/model/service_model.h"

#include <rapidjson/error/en.h>

#include "awscrape/aws/model/json_scan.h"

namespace awscrape::aws::model {
namespace {

std::string Str(const JsonValue& object, std::string_view name) {
  return std::string(GetString(object, name));
}

Location ParseLocation(std::string_view loc) {
  return loc == "header"        ? Location::kHeader
         : loc == "headers"     ? Location::kHeaders
         : loc == "uri"         ? Location::kUri
         : loc == "querystring" ? Location::kQueryString
         : loc == "statusCode"  ? Location::kStatusCode
                                : Location::kBody;
}

// Sets the traits present in `object` (a shape or a shape reference), leaving the rest as they
// are: applied to a copy of the target's traits this yields botocore's merged serialization.
// One pass over the object's members (this runs for every shape and reference of a model); as
// with a lookup by name, only the first occurrence of a key counts.
void ApplyTraits(const JsonValue& object, Traits& traits) {
  if (!object.IsObject()) return;
  uint32_t seen = 0;
  auto first = [&seen](int bit) {
    const uint32_t mask = uint32_t{1} << bit;
    if (seen & mask) return false;
    seen |= mask;
    return true;
  };
  auto set_bool = [](const JsonValue& v, bool& out) {
    if (v.IsBool()) out = v.GetBool();
  };
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view key(it->name.GetString(), it->name.GetStringLength());
    const JsonValue& v = it->value;
    if (key == "shape" || key == "documentation") continue;  // the commonest, and no trait
    if (key == "locationName") {
      if (first(0) && v.IsString()) traits.location_name = v.GetString();
    } else if (key == "queryName") {
      if (first(1) && v.IsString()) traits.query_name = v.GetString();
    } else if (key == "location") {
      if (first(2) && v.IsString()) traits.location = ParseLocation(v.GetString());
    } else if (key == "xmlNamespace") {
      if (!first(3)) continue;
      if (v.IsString()) {
        traits.xml_namespace_uri = v.GetString();
      } else if (v.IsObject()) {
        traits.xml_namespace_uri = Str(v, "uri");
        traits.xml_namespace_prefix = Str(v, "prefix");
      }
    } else if (key == "timestampFormat") {
      if (first(4) && v.IsString()) traits.timestamp_format = v.GetString();
    } else if (key == "resultWrapper") {
      if (first(5) && v.IsString()) traits.result_wrapper = v.GetString();
    } else if (key == "flattened") {
      if (first(6)) set_bool(v, traits.flattened);
    } else if (key == "xmlAttribute") {
      if (first(7)) set_bool(v, traits.xml_attribute);
    } else if (key == "jsonvalue") {
      if (first(8)) set_bool(v, traits.json_value);
    } else if (key == "hostLabel") {
      if (first(9)) set_bool(v, traits.host_label);
    } else if (key == "idempotencyToken") {
      if (first(10)) set_bool(v, traits.idempotency_token);
    } else if (key == "streaming") {
      if (first(11)) set_bool(v, traits.streaming);
    } else if (key == "eventstream") {
      if (first(12)) set_bool(v, traits.event_stream);
    } else if (key == "eventpayload") {
      if (first(13)) set_bool(v, traits.event_payload);
    } else if (key == "eventheader") {
      if (first(14)) set_bool(v, traits.event_header);
    } else if (key == "sensitive") {
      if (first(15)) set_bool(v, traits.sensitive);
    }
  }
}

std::optional<double> Number(const JsonValue& object, std::string_view name) {
  const JsonValue* v = FindMember(object, name);
  if (!v || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

// A "shape reference" target name, or empty.
std::string_view RefTarget(const JsonValue& ref) { return GetString(ref, "shape"); }

Status UnknownShape(std::string_view context, std::string_view target) {
  return ParseError(std::string(context) + " refers to unknown shape '" + std::string(target) +
                    "'");
}

bool MayBeErrorShape(std::string_view json) {
  return json.find("\"exception\"") != std::string_view::npos ||
         json.find("\"error\"") != std::string_view::npos;
}

}  // namespace

// The text a lazy model was built from and where each operation and shape sits in it.
struct ServiceModel::Lazy {
  ModelText text;
  std::vector<std::string_view> operation_json;  // by operation index
  std::vector<ScannedMember> shapes;             // model order
  std::unordered_map<std::string_view, std::string_view> shape_json;
};

// A shape whose own fields are set and whose references are still to be resolved.
struct ServiceModel::PendingShape {
  Shape* shape = nullptr;
  JsonDocument doc;                // a lazy model's parse of the shape
  const JsonValue* dom = nullptr;  // else the caller's DOM
  const JsonValue& json() const { return dom ? *dom : doc; }
};

// One build: an operation or a shape and the shapes it reaches. Their JSON documents share one
// pool that starts on a per-thread scratch buffer, reused from build to build: thousands of small
// parses would otherwise each take (and return) a fresh 64 KiB chunk from malloc.
struct ServiceModel::Batch {
  static constexpr size_t kScratchSize = 512 * 1024;

  Batch() : buffer(TakeScratch(own)), pool(buffer, kScratchSize) {}
  ~Batch() {
    if (!own) ScratchInUse() = false;
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  static bool& ScratchInUse() {
    thread_local bool in_use = false;
    return in_use;
  }
  // The thread's scratch buffer, or a buffer of this batch's own when another batch on this
  // thread holds it.
  static char* TakeScratch(std::unique_ptr<char[]>& own) {
    if (!ScratchInUse()) {
      thread_local std::unique_ptr<char[]> scratch;
      if (!scratch) scratch = std::make_unique<char[]>(kScratchSize);
      ScratchInUse() = true;
      return scratch.get();
    }
    own = std::make_unique<char[]>(kScratchSize);
    return own.get();
  }

  // Destroyed in reverse: documents, then the pool, then the buffer under it.
  std::unique_ptr<char[]> own;
  char* buffer;
  JsonAllocator pool;
  std::deque<PendingShape> pending;
};

ServiceModel::ServiceModel() = default;
ServiceModel::~ServiceModel() = default;

Result<std::unique_ptr<ServiceModel>> ServiceModel::FromJson(const JsonValue& service) {
  const JsonValue* metadata = FindMember(service, "metadata");
  const JsonValue* shapes = FindMember(service, "shapes");
  const JsonValue* operations = FindMember(service, "operations");
  if (!metadata || !shapes || !operations) {
    return ParseError("service model lacks metadata, shapes or operations");
  }
  return FromParts(*metadata, *shapes, *operations);
}

Result<std::unique_ptr<ServiceModel>> ServiceModel::FromParts(const JsonValue& metadata,
                                                              const JsonValue& shapes,
                                                              const JsonValue& operations) {
  std::unique_ptr<ServiceModel> model(new ServiceModel());
  AWSCRAPE_RETURN_IF_ERROR(model->LoadMetadata(metadata));
  if (!shapes.IsObject()) return ParseError("shapes must be an object");
  // Pass 1: every shape exists with its own traits, so references can merge over them; pass 2
  // resolves the references. Everything is built now: the DOM is the caller's.
  for (auto it = shapes.MemberBegin(); it != shapes.MemberEnd(); ++it) {
    model->dom_shapes_[std::string_view(it->name.GetString(), it->name.GetStringLength())] =
        &it->value;
  }
  Batch batch;
  for (auto it = shapes.MemberBegin(); it != shapes.MemberEnd(); ++it) {
    AWSCRAPE_ASSIGN_OR_RETURN(
        Shape * shape,
        model->ShapeShell(std::string_view(it->name.GetString(), it->name.GetStringLength()),
                          batch));
    (void)shape;
  }
  AWSCRAPE_RETURN_IF_ERROR(model->CompleteShapes(batch));

  std::vector<const JsonValue*> operation_json;
  if (operations.IsObject()) {
    for (auto it = operations.MemberBegin(); it != operations.MemberEnd(); ++it) {
      AWSCRAPE_RETURN_IF_ERROR(model->AddOperationName(it->name.GetString()));
      operation_json.push_back(&it->value);
    }
  } else if (operations.IsArray()) {
    for (const JsonValue& op : operations.GetArray()) {
      AWSCRAPE_RETURN_IF_ERROR(model->AddOperationName(GetString(op, "name")));
      operation_json.push_back(&op);
    }
  } else {
    return ParseError("operations must be an object or an array");
  }
  for (size_t i = 0; i < operation_json.size(); ++i) {
    Operation& op = model->operations_.emplace_back();
    op.name = model->operation_names_[i];
    AWSCRAPE_RETURN_IF_ERROR(model->BuildOperation(op, *operation_json[i], false, batch));
    model->op_ptr_[i] = &op;
    model->op_state_[i] = OpState::kBuilt;
  }
  model->all_operations_built_ = true;
  model->BuildErrorIndexLocked();
  model->dom_shapes_.clear();
  return model;
}

Result<std::unique_ptr<ServiceModel>> ServiceModel::FromText(ModelText text) {
  std::unique_ptr<ServiceModel> model(new ServiceModel());
  model->lazy_ = std::make_unique<Lazy>();
  Lazy& lazy = *model->lazy_;
  lazy.text = std::move(text);  // not moved again: the views below point into it
  std::vector<ScannedMember> ops;
  AWSCRAPE_ASSIGN_OR_RETURN(
      std::vector<ScannedMember> top,
      ScanObjectMembers(lazy.text.view(), "shapes", lazy.shapes, "operations", ops));
  std::string_view metadata, shapes, operations;
  for (const ScannedMember& member : top) {
    if (member.key == "metadata") metadata = member.value;
    if (member.key == "shapes") shapes = member.value;
    if (member.key == "operations") operations = member.value;
  }
  if (metadata.empty() || shapes.empty() || operations.empty()) {
    return ParseError("service model lacks metadata, shapes or operations");
  }
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument metadata_json, ParseJson(metadata));
  AWSCRAPE_RETURN_IF_ERROR(model->LoadMetadata(metadata_json));
  lazy.shape_json.reserve(lazy.shapes.size());
  // As a DOM's name lookup would after `map[name] = ...` in model order: the last one wins.
  for (const ScannedMember& shape : lazy.shapes) lazy.shape_json[shape.key] = shape.value;
  lazy.operation_json.reserve(ops.size());
  for (const ScannedMember& op : ops) {
    AWSCRAPE_RETURN_IF_ERROR(model->AddOperationName(op.key));
    lazy.operation_json.push_back(op.value);
  }
  return model;
}

Status ServiceModel::LoadMetadata(const JsonValue& m) {
  if (!m.IsObject()) return ParseError("metadata must be an object");
  metadata_.protocol = Str(m, "protocol");
  metadata_.json_version = Str(m, "jsonVersion");
  metadata_.target_prefix = Str(m, "targetPrefix");
  metadata_.api_version = Str(m, "apiVersion");
  metadata_.endpoint_prefix = Str(m, "endpointPrefix");
  metadata_.signing_name = Str(m, "signingName");
  metadata_.signature_version = Str(m, "signatureVersion");
  metadata_.service_id = Str(m, "serviceId");
  metadata_.service_full_name = Str(m, "serviceFullName");
  metadata_.global_endpoint = Str(m, "globalEndpoint");
  metadata_.xml_namespace = Str(m, "xmlNamespace");
  metadata_.uid = Str(m, "uid");
  metadata_.aws_query_compatible = FindMember(m, "awsQueryCompatible") != nullptr;
  if (metadata_.protocol.empty()) return ParseError("metadata.protocol is missing");
  return Status::Ok();
}

Status ServiceModel::AddOperationName(std::string_view name) {
  const std::string& stored = operation_name_storage_.emplace_back(name);
  operation_names_.push_back(stored);
  op_ptr_.push_back(nullptr);
  op_state_.push_back(OpState::kUnbuilt);
  operation_index_[stored] = operation_names_.size() - 1;  // a repeated name: the last one wins
  return Status::Ok();
}

Status ServiceModel::ParseLazy(std::string_view text, std::string_view kind, std::string_view name,
                               JsonDocument& doc) const {
  // As ParseJson does (flags and message), without documentation, in place in a copy on the
  // document's own pool (the batch's): the strings stay where they are, none is copied again.
  char* buffer = static_cast<char*>(doc.GetAllocator().Malloc(text.size() + 1));
  buffer[CopyWithoutDocumentation(text, buffer)] = '\0';
  doc.ParseInsitu<rapidjson::kParseNanAndInfFlag>(buffer);
  if (doc.HasParseError()) {
    return ParseError(std::string(kind) + " '" + std::string(name) + "': invalid JSON at offset " +
                      std::to_string(doc.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Status::Ok();
}

Result<Shape*> ServiceModel::ShapeShell(std::string_view name, Batch& batch) const {
  if (auto it = shapes_by_name_.find(name); it != shapes_by_name_.end()) return it->second;
  PendingShape entry{nullptr, JsonDocument(&batch.pool), nullptr};
  if (lazy_) {
    auto it = lazy_->shape_json.find(name);
    if (it == lazy_->shape_json.end()) return static_cast<Shape*>(nullptr);
    AWSCRAPE_RETURN_IF_ERROR(ParseLazy(it->second, "shape", name, entry.doc));
  } else {
    auto it = dom_shapes_.find(name);
    if (it == dom_shapes_.end()) return static_cast<Shape*>(nullptr);
    entry.dom = it->second;
  }
  const JsonValue& json = entry.json();
  auto type = ParseShapeType(GetString(json, "type"));
  if (!type) {
    return ParseError("shape '" + std::string(name) + "' has unknown type '" +
                      std::string(GetString(json, "type")) + "'");
  }
  Shape& shape = shapes_.emplace_back();
  shape.name = std::string(name);
  shape.type = *type;
  ApplyTraits(json, shape.traits);
  shape.payload = Str(json, "payload");
  shape.is_union = GetBool(json, "union");
  shape.is_document = GetBool(json, "document");
  shape.is_exception = GetBool(json, "exception");
  shape.is_event_stream = GetBool(json, "eventstream");
  if (const JsonValue* error = FindMember(json, "error"); error && error->IsObject()) {
    shape.error_code = Str(*error, "code");
    if (auto status = Number(*error, "httpStatusCode")) shape.error_http_status = int(*status);
    shape.error_sender_fault = GetBool(*error, "senderFault");
  }
  if (const JsonValue* values = FindMember(json, "enum"); values && values->IsArray()) {
    for (const JsonValue& v : values->GetArray()) {
      if (v.IsString()) shape.enum_values.emplace_back(v.GetString());
    }
  }
  shape.min = Number(json, "min");
  shape.max = Number(json, "max");
  shapes_by_name_[shape.name] = &shape;
  entry.shape = &shape;
  batch.pending.push_back(std::move(entry));
  return &shape;
}

Result<Member> ServiceModel::ResolveRef(const JsonValue& ref, const Shape& owner,
                                        std::string_view what, std::string_view member_name,
                                        Batch& batch) const {
  std::string_view target = RefTarget(ref);
  AWSCRAPE_ASSIGN_OR_RETURN(Shape * shape, ShapeShell(target, batch));
  if (shape == nullptr) {
    std::string context = "shape '" + owner.name + "' " + std::string(what);
    if (!member_name.empty()) context += " " + std::string(member_name);
    return UnknownShape(context, target);
  }
  Member member;
  member.shape = shape;
  member.traits = shape->traits;
  // A shape's own result wrapper never leaks into references to it.
  member.traits.result_wrapper.clear();
  ApplyTraits(ref, member.traits);
  member.deprecated = GetBool(ref, "deprecated");
  if (const JsonValue* context = FindMember(ref, "contextParam")) {
    member.context_param = GetString(*context, "name");
  }
  return member;
}

Status ServiceModel::CompleteShapes(Batch& batch) const {
  // Resolving may queue more shapes: deque::push_back keeps references to earlier entries.
  for (size_t i = 0; i < batch.pending.size(); ++i) {
    Shape& shape = *batch.pending[i].shape;
    const JsonValue& json = batch.pending[i].json();
    if (shape.type == ShapeType::kStructure) {
      const JsonValue* members = FindMember(json, "members");
      if (members && members->IsObject()) {
        shape.members.reserve(members->MemberCount());
        for (auto m = members->MemberBegin(); m != members->MemberEnd(); ++m) {
          std::string_view name(m->name.GetString(), m->name.GetStringLength());
          AWSCRAPE_ASSIGN_OR_RETURN(Member member,
                                    ResolveRef(m->value, shape, "member", name, batch));
          member.name = std::string(name);
          shape.members.push_back(std::move(member));
        }
      }
      if (const JsonValue* required = FindMember(json, "required");
          required && required->IsArray()) {
        for (const JsonValue& r : required->GetArray()) {
          for (Member& m : shape.members) {
            if (r.IsString() && m.name == r.GetString()) m.required = true;
          }
        }
      }
    } else if (shape.type == ShapeType::kList) {
      const JsonValue* member = FindMember(json, "member");
      if (!member) return ParseError("shape '" + shape.name + "' is a list without member");
      AWSCRAPE_ASSIGN_OR_RETURN(shape.list_member, ResolveRef(*member, shape, "member", "", batch));
    } else if (shape.type == ShapeType::kMap) {
      const JsonValue* key = FindMember(json, "key");
      const JsonValue* value = FindMember(json, "value");
      if (!key || !value) {
        return ParseError("shape '" + shape.name + "' is a map without key or value");
      }
      AWSCRAPE_ASSIGN_OR_RETURN(shape.map_key, ResolveRef(*key, shape, "key", "", batch));
      AWSCRAPE_ASSIGN_OR_RETURN(shape.map_value, ResolveRef(*value, shape, "value", "", batch));
    }
  }
  batch.pending.clear();
  return Status::Ok();
}

Status ServiceModel::EnsureShapes(const std::vector<std::string_view>& names) const {
  const size_t before = shapes_.size();
  Batch batch;
  Status status = [&]() -> Status {
    for (std::string_view name : names) {
      AWSCRAPE_ASSIGN_OR_RETURN(Shape * shape, ShapeShell(name, batch));
      if (shape == nullptr) return NotFound("no shape '" + std::string(name) + "'");
    }
    return CompleteShapes(batch);
  }();
  if (!status.ok()) {
    // Half-built shapes must not be found later: they were all created by this call.
    while (shapes_.size() > before) {
      shapes_by_name_.erase(shapes_.back().name);
      shapes_.pop_back();
    }
  }
  return status;
}

Status ServiceModel::BuildOperation(Operation& op, const JsonValue& json, bool input_only,
                                    Batch& batch) const {
  // Built only for an error message: this runs once per operation of a scrape.
  auto context = [&op] { return "operation '" + op.name + "'"; };
  if (!json.IsObject()) return ParseError(context() + " is not an object");
  if (const JsonValue* http = FindMember(json, "http")) {
    if (auto method = GetString(*http, "method"); !method.empty()) op.http_method = method;
    if (auto uri = GetString(*http, "requestUri"); !uri.empty()) op.request_uri = uri;
    if (auto code = Number(*http, "responseCode")) op.response_code = int(*code);
  }

  auto resolve = [&](const JsonValue* ref, const char* what) -> Result<const Shape*> {
    if (!ref) return static_cast<const Shape*>(nullptr);
    std::string_view target = RefTarget(*ref);
    AWSCRAPE_ASSIGN_OR_RETURN(Shape * shape, ShapeShell(target, batch));
    if (shape == nullptr) return UnknownShape(context() + " " + what, target);
    return static_cast<const Shape*>(shape);
  };
  const JsonValue* input = FindMember(json, "input");
  AWSCRAPE_ASSIGN_OR_RETURN(op.input, resolve(input, "input"));
  if (op.input) {
    op.input_traits = op.input->traits;
    ApplyTraits(*input, op.input_traits);
    op.input_payload = Str(*input, "payload");
    if (op.input_payload.empty()) op.input_payload = op.input->payload;
  }
  if (!input_only) {
    const JsonValue* output = FindMember(json, "output");
    AWSCRAPE_ASSIGN_OR_RETURN(op.output, resolve(output, "output"));
    if (output) op.output_result_wrapper = Str(*output, "resultWrapper");
    if (const JsonValue* errors = FindMember(json, "errors"); errors && errors->IsArray()) {
      for (const JsonValue& e : errors->GetArray()) {
        AWSCRAPE_ASSIGN_OR_RETURN(const Shape* shape, resolve(&e, "error"));
        op.errors.push_back(shape);
      }
    }
  }
  if (const JsonValue* endpoint = FindMember(json, "endpoint")) {
    op.host_prefix = Str(*endpoint, "hostPrefix");
  }
  op.auth_type = Str(json, "authtype");
  op.deprecated = GetBool(json, "deprecated");
  if (const JsonValue* discovery = FindMember(json, "endpointdiscovery")) {
    op.endpoint_discovery_required = GetBool(*discovery, "required");
  }
  if (const JsonValue* params = FindMember(json, "staticContextParams");
      params && params->IsObject()) {
    for (auto it = params->MemberBegin(); it != params->MemberEnd(); ++it) {
      if (const JsonValue* value = FindMember(it->value, "value")) {
        op.static_context_params.emplace_back(it->name.GetString(), ToJson(*value));
      }
    }
  }
  return CompleteShapes(batch);
}

Status ServiceModel::BuildLazyOperation(size_t index, Operation& op, bool input_only) const {
  const size_t shapes_before = shapes_.size();
  Status status = [&]() -> Status {
    Batch batch;
    JsonDocument json(&batch.pool);
    AWSCRAPE_RETURN_IF_ERROR(ParseLazy(lazy_->operation_json[index], "operation", op.name, json));
    return BuildOperation(op, json, input_only, batch);
  }();
  if (!status.ok()) {
    // Half-built shapes must not be found later: they were all created by this call.
    while (shapes_.size() > shapes_before) {
      shapes_by_name_.erase(shapes_.back().name);
      shapes_.pop_back();
    }
    build_error_ = status;
  }
  return status;
}

const Operation* ServiceModel::BuildOperationLocked(size_t index) const {
  if (op_state_[index] == OpState::kBuilt) return op_ptr_[index];
  if (op_state_[index] == OpState::kFailed || !lazy_) return nullptr;
  Operation op;
  op.name = operation_names_[index];
  if (!BuildLazyOperation(index, op, false).ok()) {
    op_state_[index] = OpState::kFailed;
    return nullptr;
  }
  op_ptr_[index] = &built_operations_.emplace_back(std::move(op));
  op_state_[index] = OpState::kBuilt;
  return op_ptr_[index];
}

const std::deque<Operation>& ServiceModel::operations() const {
  std::lock_guard lock(mutex_);
  if (!all_operations_built_) {
    // In model order. One FindOperation built already is copied (FindOperation keeps handing
    // out its first object); one that cannot be built keeps only its name.
    for (size_t i = 0; i < operation_names_.size(); ++i) {
      Operation& op = operations_.emplace_back();
      if (op_state_[i] == OpState::kBuilt) {
        op = *op_ptr_[i];
        continue;
      }
      op.name = operation_names_[i];
      if (op_state_[i] == OpState::kUnbuilt && lazy_ && BuildLazyOperation(i, op, false).ok()) {
        op_ptr_[i] = &op;
        op_state_[i] = OpState::kBuilt;
        continue;
      }
      op_state_[i] = OpState::kFailed;
      op = Operation();
      op.name = operation_names_[i];
    }
    all_operations_built_ = true;
  }
  return operations_;
}

bool ServiceModel::HasOperation(std::string_view name) const {
  return operation_index_.find(name) != operation_index_.end();
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operation_index_.find(name);
  if (it == operation_index_.end()) return nullptr;
  std::lock_guard lock(mutex_);
  return BuildOperationLocked(it->second);
}

const Operation* ServiceModel::FindOperationInput(std::string_view name) const {
  auto it = operation_index_.find(name);
  if (it == operation_index_.end()) return nullptr;
  std::lock_guard lock(mutex_);
  if (auto found = input_by_name_.find(name); found != input_by_name_.end()) {
    return found->second;
  }
  const size_t index = it->second;
  Operation input_side;
  if (op_state_[index] == OpState::kBuilt) {
    input_side = *op_ptr_[index];
  } else if (op_state_[index] == OpState::kFailed || !lazy_) {
    return nullptr;
  } else {
    input_side.name = operation_names_[index];
    if (!BuildLazyOperation(index, input_side, true).ok()) return nullptr;
  }
  input_side.output = nullptr;
  input_side.output_result_wrapper.clear();
  input_side.errors.clear();
  const Operation& stored = input_operations_.emplace_back(std::move(input_side));
  input_by_name_.emplace(stored.name, &stored);
  return &stored;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  std::lock_guard lock(mutex_);
  if (auto it = shapes_by_name_.find(name); it != shapes_by_name_.end()) return it->second;
  if (!lazy_ || lazy_->shape_json.find(name) == lazy_->shape_json.end()) return nullptr;
  if (Status status = EnsureShapes({name}); !status.ok()) {
    build_error_ = status;
    return nullptr;
  }
  return shapes_by_name_.at(name);
}

void ServiceModel::BuildErrorIndexLocked() const {
  auto add = [this](const Shape& shape) {
    if (!shape.is_exception && shape.error_code.empty()) return;
    errors_by_code_.emplace(shape.error_code.empty() ? shape.name : shape.error_code, &shape);
    errors_by_code_.emplace(shape.name, &shape);
  };
  if (!lazy_) {
    for (const Shape& shape : shapes_) add(shape);
  } else {
    // Only a shape whose text names "exception" or "error" can be one; build just those.
    for (const ScannedMember& entry : lazy_->shapes) {
      if (!MayBeErrorShape(entry.value)) continue;
      if (EnsureShapes({entry.key}).ok()) add(*shapes_by_name_.at(entry.key));
    }
  }
  errors_indexed_ = true;
}

const Shape* ServiceModel::FindErrorShape(std::string_view code) const {
  std::lock_guard lock(mutex_);
  if (!errors_indexed_) BuildErrorIndexLocked();
  auto it = errors_by_code_.find(std::string(code));
  return it == errors_by_code_.end() ? nullptr : it->second;
}

Status ServiceModel::BuildError() const {
  std::lock_guard lock(mutex_);
  return build_error_;
}

}  // namespace awscrape::aws::model
