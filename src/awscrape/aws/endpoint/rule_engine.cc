#include "awscrape/aws/endpoint/rule_engine.h"

#include <optional>

#include "awscrape/aws/endpoint/standard_library.h"

namespace awscrape::aws::endpoint {
namespace {

// Variables in scope: the parameters, then assignments made by conditions. Sub-rules get a
// copy in botocore; truncating back to a saved size after each rule is the same thing because
// rules only ever add variables.
class Evaluator {
 public:
  Evaluator(const Partitions& partitions, EndpointValue::Object scope)
      : partitions_(partitions), scope_(std::move(scope)) {}

  // nullopt when the rule does not match.
  Result<std::optional<RuleSetEndpoint>> EvaluateRule(const Rule& rule) {
    size_t mark = scope_.size();
    auto result = EvaluateRuleInScope(rule);
    scope_.resize(mark);
    return result;
  }

 private:
  Result<std::optional<RuleSetEndpoint>> EvaluateRuleInScope(const Rule& rule) {
    for (const auto& condition : rule.conditions) {
      AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue value, Call(condition));
      if (value.is_none() || (value.is_bool() && !value.boolean())) {
        return std::optional<RuleSetEndpoint>();
      }
    }
    switch (rule.kind) {
      case Rule::Kind::kEndpoint:
        return Endpoint(rule);
      case Rule::Kind::kError: {
        AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue message, Resolve(rule.error));
        return InvalidArgument(message.PythonStr());
      }
      case Rule::Kind::kTree:
        for (const auto& child : rule.rules) {
          AWSCRAPE_ASSIGN_OR_RETURN(std::optional<RuleSetEndpoint> result, EvaluateRule(child));
          if (result) return result;
        }
        return std::optional<RuleSetEndpoint>();
    }
    return Internal("unknown rule kind");
  }

  Result<std::optional<RuleSetEndpoint>> Endpoint(const Rule& rule) {
    RuleSetEndpoint endpoint;
    AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue url, Resolve(rule.url));
    if (!url.is_string()) {
      return InvalidArgument("endpoint url must be a string, not " + url.PythonTypeName());
    }
    endpoint.url = url.string();
    AWSCRAPE_ASSIGN_OR_RETURN(endpoint.properties, ResolveProperties(rule.properties));
    for (const auto& [name, expressions] : rule.headers) {
      std::vector<std::string> values;
      for (const auto& e : expressions) {
        AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue v, Resolve(e));
        values.push_back(v.PythonStr());
      }
      endpoint.headers.emplace_back(name, std::move(values));
    }
    return std::optional<RuleSetEndpoint>(std::move(endpoint));
  }

  Result<EndpointValue> Call(const FunctionCall& call) {
    std::vector<EndpointValue> args;
    args.reserve(call.args.size());
    for (const auto& arg : call.args) {
      AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue v, Resolve(arg));
      args.push_back(std::move(v));
    }
    AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue result, CallFunction(call.function, args, partitions_));
    if (!call.assign.empty()) {
      if (Lookup(call.assign) != nullptr) {
        return InvalidArgument("Assignment " + call.assign +
                               " already exists in scoped variables and cannot be overwritten");
      }
      scope_.emplace_back(call.assign, result);
    }
    return result;
  }

  const EndpointValue* Lookup(const std::string& name) const {
    for (const auto& [n, v] : scope_) {
      if (n == name) return &v;
    }
    return nullptr;
  }

  Result<EndpointValue> Resolve(const Expression& e) {
    switch (e.kind) {
      case Expression::Kind::kLiteral:
        return e.literal;
      case Expression::Kind::kReference: {
        const EndpointValue* v = Lookup(e.reference);
        return v ? *v : EndpointValue();
      }
      case Expression::Kind::kFunction:
        return Call(*e.function);
      case Expression::Kind::kTemplate:
        return Interpolate(e.template_string);
    }
    return Internal("unknown expression kind");
  }

  Result<EndpointValue> Interpolate(const TemplateString& t) const {
    std::string out;
    for (const auto& part : t.parts) {
      out += part.literal;
      if (part.path.empty()) continue;
      const EndpointValue* v = Lookup(part.path[0]);
      for (size_t i = 1; v != nullptr && i < part.path.size(); ++i) v = v->Find(part.path[i]);
      if (v == nullptr) {
        std::string name = part.path[0];
        for (size_t i = 1; i < part.path.size(); ++i) name += "#" + part.path[i];
        return InvalidArgument("template placeholder {" + name + "} has no value");
      }
      out += v->PythonStr();
    }
    return EndpointValue::String(std::move(out));
  }

  Result<EndpointValue> ResolveProperties(const PropertyTemplate& p) const {
    if (p.is_array) {
      EndpointValue::Array items;
      for (const auto& item : p.items) {
        AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue v, ResolveProperties(item));
        items.push_back(std::move(v));
      }
      return EndpointValue::MakeArray(std::move(items));
    }
    if (p.is_object) {
      EndpointValue::Object members;
      for (const auto& [name, member] : p.members) {
        AWSCRAPE_ASSIGN_OR_RETURN(EndpointValue v, ResolveProperties(member));
        members.emplace_back(name, std::move(v));
      }
      return EndpointValue::MakeObject(std::move(members));
    }
    if (p.is_template) return Interpolate(p.template_string);
    return p.literal;
  }

  const Partitions& partitions_;
  EndpointValue::Object scope_;
};

const EndpointValue* FindParam(const EndpointValue::Object& params, const std::string& name) {
  for (const auto& [n, v] : params) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace

Result<RuleSetEndpoint> EvaluateRuleSet(const EndpointRuleSet& rule_set,
                                        const Partitions& partitions,
                                        const EndpointValue::Object& params) {
  if (partitions.all().empty()) return InvalidArgument("no partitions loaded");
  // Parameters botocore would pass: the set ones, then defaults for the unset.
  EndpointValue::Object scope;
  for (const auto& [name, value] : params) {
    if (!value.is_none()) scope.emplace_back(name, value);
  }
  for (const auto& spec : rule_set.parameters) {
    const EndpointValue* value = FindParam(scope, spec.name);
    if (value == nullptr) {
      if (!spec.default_value.is_none()) {
        scope.emplace_back(spec.name, spec.default_value);
      } else if (spec.required) {
        return InvalidArgument("Cannot find value for required parameter " + spec.name);
      }
      continue;
    }
    bool right_type =
        spec.type == ParameterSpec::Type::kString ? value->is_string() : value->is_bool();
    if (!right_type) {
      return InvalidArgument(
          "Value (" + spec.name + ") is the wrong type. Must be " +
          (spec.type == ParameterSpec::Type::kString ? "<class 'str'>" : "<class 'bool'>") + ".");
    }
  }
  for (const auto& rule : rule_set.rules) {
    Evaluator evaluator(partitions, scope);
    AWSCRAPE_ASSIGN_OR_RETURN(std::optional<RuleSetEndpoint> result, evaluator.EvaluateRule(rule));
    if (result) return std::move(*result);
  }
  std::string message = "No endpoint found for parameters:";
  for (const auto& [name, value] : params) {
    if (!value.is_none()) message += "\n" + name + ": " + value.PythonStr();
  }
  return InvalidArgument(message);
}

}  // namespace awscrape::aws::endpoint
