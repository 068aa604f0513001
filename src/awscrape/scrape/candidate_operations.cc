#include "awscrape/scrape/candidate_operations.h"

#include <cmath>

namespace awscrape::scrape {
namespace {

using aws::model::Member;
using aws::model::Operation;
using aws::model::ShapeType;

bool IsIntegerShape(ShapeType type) {
  return type == ShapeType::kInteger || type == ShapeType::kLong || type == ShapeType::kShort ||
         type == ShapeType::kByte;
}

// Resolves {"$enum_except": [...]} against the member's list-of-enum shape.
bool ResolveEnumExcept(const Member& member, const JsonValue& spec, JsonValue& out,
                       JsonAllocator& alloc) {
  const JsonValue* except = FindMember(spec, "$enum_except");
  if (except == nullptr || !except->IsArray() || member.shape == nullptr ||
      member.shape->type != ShapeType::kList || member.shape->list_member.shape == nullptr ||
      member.shape->list_member.shape->enum_values.empty()) {
    return false;
  }
  out.SetArray();
  for (const std::string& value : member.shape->list_member.shape->enum_values) {
    bool excluded = false;
    for (const JsonValue& e : except->GetArray()) {
      if (e.IsString() && value == e.GetString()) excluded = true;
    }
    if (!excluded) out.PushBack(MakeString(value, alloc), alloc);
  }
  return true;
}

// The override's parameters checked against the input shape; unknown members are dropped with
// a warning so a newer model that renamed a member still plans.
void ApplyOverride(std::string_view service, const Operation& op, const ParameterOverride& entry,
                   JsonDocument& params, std::vector<std::string>& warnings) {
  std::string name = std::string(service) + ":" + op.name;
  for (const auto& param : entry.params->GetObject()) {
    std::string_view key(param.name.GetString(), param.name.GetStringLength());
    const Member* member = op.input ? op.input->FindMember(key) : nullptr;
    if (member == nullptr) {
      warnings.push_back("parameter_overrides.json: " + name + " has no input member \"" +
                         std::string(key) + "\"; ignored");
      continue;
    }
    JsonValue value;
    if (param.value.IsObject() && FindMember(param.value, "$enum_except") != nullptr) {
      if (!ResolveEnumExcept(*member, param.value, value, params.GetAllocator())) {
        warnings.push_back("parameter_overrides.json: " + name + " member \"" + std::string(key) +
                           "\" is not a list of enum values; ignored");
        continue;
      }
    } else {
      value.CopyFrom(param.value, params.GetAllocator());
    }
    params.AddMember(MakeString(key, params.GetAllocator()), value, params.GetAllocator());
  }
}

}  // namespace

bool HasListingVerb(std::string_view operation) {
  return operation.starts_with("List") || operation.starts_with("Describe") ||
         operation.starts_with("Get");
}

ServiceVerdicts ClassifyOperations(std::string_view service, const aws::model::ServiceModel& model,
                                   const ScrapeData& data) {
  ServiceVerdicts result;
  for (const ParameterOverride& entry : data.overrides.overrides()) {
    if (entry.operation.service == service && !model.HasOperation(entry.operation.operation)) {
      result.warnings.push_back("parameter_overrides.json: " + entry.operation.ToString() +
                                " is not an operation of the model; ignored");
    }
  }

  // Only the input side of each operation: building outputs would resolve most of the model.
  for (std::string_view name : model.OperationNames()) {
    if (!HasListingVerb(name)) continue;
    const Operation* found = model.FindOperationInput(name);
    if (found == nullptr) {
      result.warnings.push_back(std::string(service) + ":" + std::string(name) +
                                " cannot be built from the model (" + model.BuildError().message() +
                                "); not planned");
      continue;
    }
    const Operation& op = *found;
    OperationVerdict verdict;
    verdict.operation = op.name;

    JsonDocument params(rapidjson::kObjectType);
    if (const ParameterOverride* entry = data.overrides.Find(service, op.name)) {
      ApplyOverride(service, op, *entry, params, result.warnings);
    }

    // Required members: supplied by the override, else by a filler, else the operation needs
    // input we cannot invent.
    std::string missing;
    if (op.input != nullptr) {
      for (const Member& member : op.input->members) {
        if (!member.required || FindMember(params, member.name) != nullptr) {
          if (member.required) verdict.by_override = true;
          continue;
        }
        const RequiredFiller* filler = data.overrides.FindFiller(member.name);
        if (filler == nullptr) {
          missing += (missing.empty() ? "" : ", ") + member.name;
          continue;
        }
        JsonValue value;
        if (filler->use_model_max && member.shape && IsIntegerShape(member.shape->type) &&
            member.shape->max && std::isfinite(*member.shape->max)) {
          value.SetInt64(static_cast<int64_t>(*member.shape->max));
        } else {
          value.CopyFrom(*filler->value, params.GetAllocator());
        }
        params.AddMember(MakeString(member.name, params.GetAllocator()), value,
                         params.GetAllocator());
      }
    }

    if (!missing.empty()) {
      verdict.category = kSkipRequiredInput;
      verdict.reason = "the model requires input: " + missing;
      verdict.by_override = false;
    } else if (op.deprecated) {
      verdict.category = kSkipDeprecated;
      verdict.reason = "the model marks the operation deprecated";
    } else if (const SkipRule* rule = data.skip.Find(service, op.name)) {
      verdict.category = rule->category;
      verdict.reason = rule->reason;
    } else {
      verdict.candidate = true;
    }
    verdict.params_json = ToJson(params);
    result.operations.push_back(std::move(verdict));
  }
  return result;
}

}  // namespace awscrape::scrape
