#include "awscrape/sim/request_input.h"

#include <cctype>

#include "awscrape/sim/request_route.h"

namespace awscrape::sim {
namespace {

using aws::model::Location;
using aws::model::Member;
using aws::model::ShapeType;

std::string_view WireName(const Member& m) {
  return m.traits.location_name.empty() ? std::string_view(m.name)
                                        : std::string_view(m.traits.location_name);
}

// ec2's query key: queryName, else the locationName capitalised, else the member name.
std::string Ec2Name(const Member& m) {
  if (!m.traits.query_name.empty()) return m.traits.query_name;
  std::string name(WireName(m));
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string JsonScalarText(const JsonValue& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) return std::to_string(v.GetDouble());
  return {};
}

void ReadJsonBody(const aws::model::Shape& input, std::string_view body, bool body_members_only,
                  RequestInput& out) {
  if (body.empty()) return;
  auto doc = ParseJson(body);
  if (!doc.ok() || !doc->IsObject()) return;
  for (const Member& m : input.members) {
    if (body_members_only && m.traits.location != Location::kBody) continue;
    const JsonValue* v = FindMember(*doc, WireName(m));
    if (!v || v->IsNull()) continue;
    out.present.insert(m.name);
    if (!v->IsObject() && !v->IsArray()) out.scalars[m.name] = JsonScalarText(*v);
  }
}

}  // namespace

RequestInput ReadRequestInput(const aws::model::ServiceEntry& service,
                              const aws::model::Operation& operation,
                              const aws::HttpRequest& request,
                              const std::map<std::string, std::string>& labels) {
  RequestInput out;
  const aws::model::Shape* input = operation.input;
  if (!input) return out;
  const std::string& protocol = service.model->metadata().protocol;
  if (protocol == "query" || protocol == "ec2") {
    auto params = QueryProtocolParams(request);
    for (const Member& m : input->members) {
      std::string key = protocol == "ec2" ? Ec2Name(m) : std::string(WireName(m));
      for (const auto& [name, value] : params) {
        if (name == key) {
          out.present.insert(m.name);
          out.scalars[m.name] = value;
        } else if (name.size() > key.size() && name.starts_with(key) && name[key.size()] == '.') {
          out.present.insert(m.name);
        }
      }
    }
    return out;
  }
  if (protocol == "json") {
    ReadJsonBody(*input, request.body, false, out);
    return out;
  }
  // REST.
  auto query = ParseQueryPairs(request.query, /*form=*/false);
  for (const Member& m : input->members) {
    std::string_view name = WireName(m);
    switch (m.traits.location) {
      case Location::kUri:
        if (auto it = labels.find(std::string(name)); it != labels.end()) {
          out.present.insert(m.name);
          out.scalars[m.name] = it->second;
        }
        break;
      case Location::kQueryString:
        if (m.shape->type == ShapeType::kMap) {
          if (!query.empty()) out.present.insert(m.name);
        } else if (const std::string* v = FindPair(query, name)) {
          out.present.insert(m.name);
          out.scalars[m.name] = *v;
        }
        break;
      case Location::kHeader:
        if (const std::string* v = aws::FindHeader(request.headers, name)) {
          out.present.insert(m.name);
          out.scalars[m.name] = *v;
        }
        break;
      default:
        break;
    }
  }
  if (protocol == "rest-json") {
    if (!input->payload.empty()) {
      if (!request.body.empty()) out.present.insert(input->payload);
    } else {
      ReadJsonBody(*input, request.body, true, out);
    }
  } else if (!request.body.empty() && !input->payload.empty()) {
    out.present.insert(input->payload);
  }
  return out;
}

}  // namespace awscrape::sim
