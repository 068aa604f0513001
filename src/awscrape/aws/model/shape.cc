#include "awscrape/aws/model/shape.h"

#include <array>
#include <utility>

namespace awscrape::aws::model {
namespace {

constexpr std::array<std::pair<std::string_view, ShapeType>, 15> kShapeTypes = {{
    {"structure", ShapeType::kStructure},
    {"list", ShapeType::kList},
    {"map", ShapeType::kMap},
    {"string", ShapeType::kString},
    {"integer", ShapeType::kInteger},
    {"long", ShapeType::kLong},
    {"short", ShapeType::kShort},
    {"byte", ShapeType::kByte},
    {"float", ShapeType::kFloat},
    {"double", ShapeType::kDouble},
    {"bigInteger", ShapeType::kBigInteger},
    {"bigDecimal", ShapeType::kBigDecimal},
    {"boolean", ShapeType::kBoolean},
    {"timestamp", ShapeType::kTimestamp},
    {"blob", ShapeType::kBlob},
}};

}  // namespace

std::optional<ShapeType> ParseShapeType(std::string_view name) {
  if (name == "character") return ShapeType::kString;  // botocore parses it as a string
  for (const auto& [text, type] : kShapeTypes) {
    if (text == name) return type;
  }
  return std::nullopt;
}

std::string_view ShapeTypeName(ShapeType type) {
  for (const auto& [text, t] : kShapeTypes) {
    if (t == type) return text;
  }
  return "unknown";
}

const Member* Shape::FindMember(std::string_view member_name) const {
  for (const Member& m : members) {
    if (m.name == member_name) return &m;
  }
  return nullptr;
}

}  // namespace awscrape::aws::model
