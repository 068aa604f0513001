#include "awscrape/cli/call_params.h"

namespace awscrape::cli {
namespace {

using aws::model::Shape;
using aws::model::ShapeType;

bool IsNumberType(ShapeType t) {
  return t == ShapeType::kInteger || t == ShapeType::kLong || t == ShapeType::kShort ||
         t == ShapeType::kByte || t == ShapeType::kFloat || t == ShapeType::kDouble ||
         t == ShapeType::kBigInteger || t == ShapeType::kBigDecimal;
}

bool Matches(const JsonValue& value, const Shape& shape) {
  switch (shape.type) {
    case ShapeType::kStructure:
    case ShapeType::kMap:
      return value.IsObject();
    case ShapeType::kList:
      return value.IsArray();
    case ShapeType::kBoolean:
      return value.IsBool();
    case ShapeType::kTimestamp:
      return value.IsNumber() || value.IsString();
    case ShapeType::kString:
    case ShapeType::kBlob:
      return value.IsString();
    default:
      return IsNumberType(shape.type) && value.IsNumber();
  }
}

Result<JsonValue> Coerce(std::string_view text, const Shape& shape, std::string_view name,
                         JsonAllocator& alloc) {
  if (auto parsed = ParseJson(text); parsed.ok() && Matches(*parsed, shape)) {
    JsonValue value;
    value.CopyFrom(*parsed, alloc);
    return value;
  }
  if (shape.type == ShapeType::kString || shape.type == ShapeType::kBlob ||
      shape.type == ShapeType::kTimestamp) {
    return MakeString(text, alloc);
  }
  if (shape.type == ShapeType::kList && shape.list_member.shape->type != ShapeType::kStructure) {
    JsonValue list(rapidjson::kArrayType);
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      std::string_view item = text.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      AWSCRAPE_ASSIGN_OR_RETURN(JsonValue value,
                                Coerce(item, *shape.list_member.shape, name, alloc));
      list.PushBack(value, alloc);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return list;
  }
  return InvalidArgument("--param " + std::string(name) + ": '" + std::string(text) +
                         "' is not a valid " + std::string(ShapeTypeName(shape.type)) +
                         " (give JSON for structures, maps and numbers)");
}

std::string MemberNames(const Shape* input) {
  std::string names;
  if (!input) return "none";
  for (const auto& m : input->members) names += (names.empty() ? "" : ", ") + m.name;
  return names.empty() ? "none" : names;
}

}  // namespace

Result<JsonDocument> BuildCallInput(const aws::model::Operation& operation,
                                    const std::string& input_json,
                                    const std::vector<std::string>& params) {
  JsonDocument input;
  if (!input_json.empty()) {
    auto parsed = ParseJson(input_json);
    if (!parsed.ok()) return parsed.status().WithContext("--input");
    if (!parsed->IsObject()) return InvalidArgument("--input must be a JSON object");
    input.CopyFrom(*parsed, input.GetAllocator());
  } else {
    input.SetObject();
  }
  for (const std::string& param : params) {
    size_t eq = param.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("--param expects Name=Value, got '" + param + "'");
    }
    std::string name = param.substr(0, eq);
    const aws::model::Member* member =
        operation.input ? operation.input->FindMember(name) : nullptr;
    if (!member) {
      return InvalidArgument("operation " + operation.name + " has no input member '" + name +
                             "' (members: " + MemberNames(operation.input) + ")");
    }
    AWSCRAPE_ASSIGN_OR_RETURN(JsonValue value, Coerce(std::string_view(param).substr(eq + 1),
                                                      *member->shape, name, input.GetAllocator()));
    input.RemoveMember(AsRef(name));
    input.AddMember(MakeString(name, input.GetAllocator()), value, input.GetAllocator());
  }
  return input;
}

}  // namespace awscrape::cli
