#include "awscrape/aws/model/service_model.h"

namespace awscrape::aws::model {
namespace {

std::string Str(const JsonValue& object, std::string_view name) {
  return std::string(GetString(object, name));
}

// Sets the traits present in `object` (a shape or a shape reference), leaving the rest as they
// are: applied to a copy of the target's traits this yields botocore's merged serialization.
void ApplyTraits(const JsonValue& object, Traits& traits) {
  if (const JsonValue* v = FindMember(object, "locationName"); v && v->IsString()) {
    traits.location_name = v->GetString();
  }
  if (const JsonValue* v = FindMember(object, "queryName"); v && v->IsString()) {
    traits.query_name = v->GetString();
  }
  if (const JsonValue* v = FindMember(object, "location"); v && v->IsString()) {
    std::string_view loc = v->GetString();
    traits.location = loc == "header"        ? Location::kHeader
                      : loc == "headers"     ? Location::kHeaders
                      : loc == "uri"         ? Location::kUri
                      : loc == "querystring" ? Location::kQueryString
                      : loc == "statusCode"  ? Location::kStatusCode
                                             : Location::kBody;
  }
  if (const JsonValue* v = FindMember(object, "xmlNamespace")) {
    if (v->IsString()) {
      traits.xml_namespace_uri = v->GetString();
    } else if (v->IsObject()) {
      traits.xml_namespace_uri = Str(*v, "uri");
      traits.xml_namespace_prefix = Str(*v, "prefix");
    }
  }
  if (const JsonValue* v = FindMember(object, "timestampFormat"); v && v->IsString()) {
    traits.timestamp_format = v->GetString();
  }
  if (const JsonValue* v = FindMember(object, "resultWrapper"); v && v->IsString()) {
    traits.result_wrapper = v->GetString();
  }
  traits.flattened = GetBool(object, "flattened", traits.flattened);
  traits.xml_attribute = GetBool(object, "xmlAttribute", traits.xml_attribute);
  traits.json_value = GetBool(object, "jsonvalue", traits.json_value);
  traits.host_label = GetBool(object, "hostLabel", traits.host_label);
  traits.idempotency_token = GetBool(object, "idempotencyToken", traits.idempotency_token);
  traits.streaming = GetBool(object, "streaming", traits.streaming);
  traits.event_stream = GetBool(object, "eventstream", traits.event_stream);
  traits.event_payload = GetBool(object, "eventpayload", traits.event_payload);
  traits.event_header = GetBool(object, "eventheader", traits.event_header);
  traits.sensitive = GetBool(object, "sensitive", traits.sensitive);
}

std::optional<double> Number(const JsonValue& object, std::string_view name) {
  const JsonValue* v = FindMember(object, name);
  if (!v || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

}  // namespace

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
  AWSCRAPE_RETURN_IF_ERROR(model->LoadShapes(shapes));
  if (operations.IsObject()) {
    for (auto it = operations.MemberBegin(); it != operations.MemberEnd(); ++it) {
      AWSCRAPE_RETURN_IF_ERROR(model->LoadOperation(it->name.GetString(), it->value));
    }
  } else if (operations.IsArray()) {
    for (const JsonValue& op : operations.GetArray()) {
      AWSCRAPE_RETURN_IF_ERROR(model->LoadOperation(GetString(op, "name"), op));
    }
  } else {
    return ParseError("operations must be an object or an array");
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

Result<Member> ServiceModel::ResolveRef(const JsonValue& ref, std::string_view context) {
  std::string_view target = GetString(ref, "shape");
  auto it = shapes_by_name_.find(std::string(target));
  if (it == shapes_by_name_.end()) {
    return ParseError(std::string(context) + " refers to unknown shape '" + std::string(target) +
                      "'");
  }
  Member member;
  member.shape = it->second;
  member.traits = it->second->traits;
  // A shape's own result wrapper never leaks into references to it.
  member.traits.result_wrapper.clear();
  ApplyTraits(ref, member.traits);
  member.deprecated = GetBool(ref, "deprecated");
  if (const JsonValue* context = FindMember(ref, "contextParam")) {
    member.context_param = GetString(*context, "name");
  }
  return member;
}

Status ServiceModel::LoadShapes(const JsonValue& shapes) {
  if (!shapes.IsObject()) return ParseError("shapes must be an object");
  // Pass 1: every shape exists with its own traits, so references can merge over them.
  // shapes_[i] comes from shape_json[i]; pass 2 walks both without looking names up again.
  std::vector<const JsonValue*> shape_json;
  shape_json.reserve(shapes.MemberCount());
  for (auto it = shapes.MemberBegin(); it != shapes.MemberEnd(); ++it) {
    const JsonValue& json = it->value;
    shape_json.push_back(&json);
    Shape& shape = shapes_.emplace_back();
    shape.name = it->name.GetString();
    auto type = ParseShapeType(GetString(json, "type"));
    if (!type) {
      return ParseError("shape '" + shape.name + "' has unknown type '" +
                        std::string(GetString(json, "type")) + "'");
    }
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
  }
  // Pass 2: resolve references (members, list members, map keys and values).
  for (size_t i = 0; i < shapes_.size(); ++i) {
    Shape& shape = shapes_[i];
    const JsonValue& json = *shape_json[i];
    const std::string context = "shape '" + shape.name + "'";
    if (shape.type == ShapeType::kStructure) {
      const JsonValue* members = FindMember(json, "members");
      if (members && members->IsObject()) {
        for (auto m = members->MemberBegin(); m != members->MemberEnd(); ++m) {
          AWSCRAPE_ASSIGN_OR_RETURN(
              Member member, ResolveRef(m->value, context + " member " + m->name.GetString()));
          member.name = m->name.GetString();
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
      if (!member) return ParseError(context + " is a list without member");
      AWSCRAPE_ASSIGN_OR_RETURN(shape.list_member, ResolveRef(*member, context + " member"));
    } else if (shape.type == ShapeType::kMap) {
      const JsonValue* key = FindMember(json, "key");
      const JsonValue* value = FindMember(json, "value");
      if (!key || !value) return ParseError(context + " is a map without key or value");
      AWSCRAPE_ASSIGN_OR_RETURN(shape.map_key, ResolveRef(*key, context + " key"));
      AWSCRAPE_ASSIGN_OR_RETURN(shape.map_value, ResolveRef(*value, context + " value"));
    }
  }
  for (const Shape& shape : shapes_) {
    if (!shape.is_exception && shape.error_code.empty()) continue;
    errors_by_code_.emplace(shape.error_code.empty() ? shape.name : shape.error_code, &shape);
    errors_by_code_.emplace(shape.name, &shape);
  }
  return Status::Ok();
}

Status ServiceModel::LoadOperation(std::string_view name, const JsonValue& json) {
  if (!json.IsObject()) return ParseError("operation '" + std::string(name) + "' is not an object");
  Operation& op = operations_.emplace_back();
  op.name = std::string(name);
  const std::string context = "operation '" + op.name + "'";
  if (const JsonValue* http = FindMember(json, "http")) {
    if (auto method = GetString(*http, "method"); !method.empty()) op.http_method = method;
    if (auto uri = GetString(*http, "requestUri"); !uri.empty()) op.request_uri = uri;
    if (auto code = Number(*http, "responseCode")) op.response_code = int(*code);
  }
  auto resolve = [&](const JsonValue* ref, const char* what) -> Result<const Shape*> {
    if (!ref) return static_cast<const Shape*>(nullptr);
    std::string target(GetString(*ref, "shape"));
    auto it = shapes_by_name_.find(target);
    if (it == shapes_by_name_.end()) {
      return ParseError(context + " " + what + " refers to unknown shape '" + target + "'");
    }
    return static_cast<const Shape*>(it->second);
  };
  const JsonValue* input = FindMember(json, "input");
  AWSCRAPE_ASSIGN_OR_RETURN(op.input, resolve(input, "input"));
  if (op.input) {
    op.input_traits = op.input->traits;
    ApplyTraits(*input, op.input_traits);
    op.input_payload = Str(*input, "payload");
    if (op.input_payload.empty()) op.input_payload = op.input->payload;
  }
  const JsonValue* output = FindMember(json, "output");
  AWSCRAPE_ASSIGN_OR_RETURN(op.output, resolve(output, "output"));
  if (output) op.output_result_wrapper = Str(*output, "resultWrapper");
  if (const JsonValue* errors = FindMember(json, "errors"); errors && errors->IsArray()) {
    for (const JsonValue& e : errors->GetArray()) {
      AWSCRAPE_ASSIGN_OR_RETURN(const Shape* shape, resolve(&e, "error"));
      op.errors.push_back(shape);
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
  operations_by_name_[op.name] = &op;
  return Status::Ok();
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operations_by_name_.find(std::string(name));
  return it == operations_by_name_.end() ? nullptr : it->second;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shapes_by_name_.find(std::string(name));
  return it == shapes_by_name_.end() ? nullptr : it->second;
}

const Shape* ServiceModel::FindErrorShape(std::string_view code) const {
  auto it = errors_by_code_.find(std::string(code));
  return it == errors_by_code_.end() ? nullptr : it->second;
}

}  // namespace awscrape::aws::model
