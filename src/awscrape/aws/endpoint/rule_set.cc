#include "awscrape/aws/endpoint/rule_set.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace awscrape::aws::endpoint {
namespace {

struct FunctionInfo {
  std::string_view name;
  Function function;
  size_t arity;
};

constexpr FunctionInfo kFunctions[] = {
    {"isSet", Function::kIsSet, 1},
    {"not", Function::kNot, 1},
    {"getAttr", Function::kGetAttr, 2},
    {"stringEquals", Function::kStringEquals, 2},
    {"booleanEquals", Function::kBooleanEquals, 2},
    {"substring", Function::kSubstring, 4},
    {"uriEncode", Function::kUriEncode, 1},
    {"parseURL", Function::kParseUrl, 1},
    {"isValidHostLabel", Function::kIsValidHostLabel, 2},
    {"aws.partition", Function::kAwsPartition, 1},
    {"aws.parseArn", Function::kAwsParseArn, 1},
    {"aws.isVirtualHostableS3Bucket", Function::kAwsIsVirtualHostableS3Bucket, 2},
};

std::string_view View(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

Result<FunctionCall> ParseFunctionCall(const JsonValue& json, const std::string& where);

Result<Expression> ParseExpression(const JsonValue& json, const std::string& where) {
  Expression expr;
  // botocore checks "fn" before "ref"; any other value (including objects without either and
  // strings without placeholders) is a literal passed through as is.
  if (json.IsObject() && FindMember(json, "fn")) {
    AWSCRAPE_ASSIGN_OR_RETURN(FunctionCall call, ParseFunctionCall(json, where));
    expr.kind = Expression::Kind::kFunction;
    expr.function = std::make_shared<const FunctionCall>(std::move(call));
    return expr;
  }
  if (json.IsObject() && FindMember(json, "ref")) {
    const JsonValue* ref = FindMember(json, "ref");
    if (!ref->IsString()) return ParseError(where + ": \"ref\" must be a string");
    expr.kind = Expression::Kind::kReference;
    expr.reference = std::string(View(*ref));
    return expr;
  }
  if (json.IsString() && IsTemplateString(View(json))) {
    AWSCRAPE_ASSIGN_OR_RETURN(expr.template_string, ParseTemplateString(View(json)));
    expr.kind = Expression::Kind::kTemplate;
    return expr;
  }
  expr.literal = EndpointValue::FromJson(json);
  return expr;
}

Result<FunctionCall> ParseFunctionCall(const JsonValue& json, const std::string& where) {
  if (!json.IsObject()) return ParseError(where + ": a condition must be a function object");
  const JsonValue* fn = FindMember(json, "fn");
  if (!fn || !fn->IsString()) return ParseError(where + ": function without a string \"fn\"");
  FunctionCall call;
  call.name = std::string(View(*fn));
  auto info = std::find_if(std::begin(kFunctions), std::end(kFunctions),
                           [&](const FunctionInfo& f) { return f.name == call.name; });
  if (info == std::end(kFunctions)) {
    return ParseError(where + ": unknown function \"" + call.name + "\"");
  }
  call.function = info->function;
  const JsonValue* argv = FindMember(json, "argv");
  if (!argv || !argv->IsArray()) {
    return ParseError(where + ": function " + call.name + " without an \"argv\" array");
  }
  if (argv->Size() != info->arity) {
    return ParseError(where + ": function " + call.name + " takes " + std::to_string(info->arity) +
                      " arguments, got " + std::to_string(argv->Size()));
  }
  for (rapidjson::SizeType i = 0; i < argv->Size(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(
        Expression arg,
        ParseExpression((*argv)[i], where + "." + call.name + "[" + std::to_string(i) + "]"));
    call.args.push_back(std::move(arg));
  }
  if (const JsonValue* assign = FindMember(json, "assign")) {
    if (!assign->IsString()) return ParseError(where + ": \"assign\" must be a string");
    call.assign = std::string(View(*assign));
  }
  return call;
}

Result<PropertyTemplate> ParseProperties(const JsonValue& json, const std::string& where) {
  PropertyTemplate out;
  if (json.IsArray()) {
    out.is_array = true;
    for (rapidjson::SizeType i = 0; i < json.Size(); ++i) {
      AWSCRAPE_ASSIGN_OR_RETURN(PropertyTemplate item,
                                ParseProperties(json[i], where + "[" + std::to_string(i) + "]"));
      out.items.push_back(std::move(item));
    }
  } else if (json.IsObject()) {
    out.is_object = true;
    for (const auto& m : json.GetObject()) {
      std::string name(View(m.name));
      AWSCRAPE_ASSIGN_OR_RETURN(PropertyTemplate value,
                                ParseProperties(m.value, where + "." + name));
      out.members.emplace_back(std::move(name), std::move(value));
    }
  } else if (json.IsString() && IsTemplateString(View(json))) {
    out.is_template = true;
    AWSCRAPE_ASSIGN_OR_RETURN(out.template_string, ParseTemplateString(View(json)));
  } else {
    out.literal = EndpointValue::FromJson(json);
  }
  return out;
}

Result<Rule> ParseRule(const JsonValue& json, const std::string& where) {
  if (!json.IsObject()) return ParseError(where + ": a rule must be an object");
  Rule rule;
  std::string_view type = GetString(json, "type");
  const JsonValue* conditions = FindMember(json, "conditions");
  if (!conditions || !conditions->IsArray()) {
    return ParseError(where + ": rule without a \"conditions\" array");
  }
  for (rapidjson::SizeType i = 0; i < conditions->Size(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(
        FunctionCall call,
        ParseFunctionCall((*conditions)[i], where + ".conditions[" + std::to_string(i) + "]"));
    rule.conditions.push_back(std::move(call));
  }
  if (type == "endpoint") {
    rule.kind = Rule::Kind::kEndpoint;
    const JsonValue* endpoint = FindMember(json, "endpoint");
    if (!endpoint || !endpoint->IsObject()) {
      return ParseError(where + ": endpoint rule without an \"endpoint\" object");
    }
    const JsonValue* url = FindMember(*endpoint, "url");
    if (!url) return ParseError(where + ": endpoint without a \"url\"");
    AWSCRAPE_ASSIGN_OR_RETURN(rule.url, ParseExpression(*url, where + ".endpoint.url"));
    if (const JsonValue* props = FindMember(*endpoint, "properties")) {
      if (!props->IsObject()) return ParseError(where + ": endpoint properties must be an object");
      AWSCRAPE_ASSIGN_OR_RETURN(rule.properties, ParseProperties(*props, where + ".properties"));
    } else {
      rule.properties.is_object = true;
    }
    if (const JsonValue* headers = FindMember(*endpoint, "headers")) {
      if (!headers->IsObject()) return ParseError(where + ": endpoint headers must be an object");
      for (const auto& h : headers->GetObject()) {
        std::string name(View(h.name));
        if (!h.value.IsArray()) {
          return ParseError(where + ": header " + name + " must be a list of values");
        }
        std::vector<Expression> values;
        for (const auto& v : h.value.GetArray()) {
          AWSCRAPE_ASSIGN_OR_RETURN(Expression e, ParseExpression(v, where + ".headers." + name));
          values.push_back(std::move(e));
        }
        rule.headers.emplace_back(std::move(name), std::move(values));
      }
    }
  } else if (type == "error") {
    rule.kind = Rule::Kind::kError;
    const JsonValue* error = FindMember(json, "error");
    if (!error) return ParseError(where + ": error rule without an \"error\"");
    AWSCRAPE_ASSIGN_OR_RETURN(rule.error, ParseExpression(*error, where + ".error"));
  } else if (type == "tree") {
    rule.kind = Rule::Kind::kTree;
    const JsonValue* rules = FindMember(json, "rules");
    if (!rules || !rules->IsArray()) return ParseError(where + ": tree rule without \"rules\"");
    for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
      AWSCRAPE_ASSIGN_OR_RETURN(
          Rule child, ParseRule((*rules)[i], where + ".rules[" + std::to_string(i) + "]"));
      rule.rules.push_back(std::move(child));
    }
  } else {
    // botocore's wording, so the message is the same whichever side reads the file.
    return ParseError(where + ": Unknown rule type: " + std::string(type) +
                      ". A rule must be of type tree, endpoint or error.");
  }
  return rule;
}

Result<ParameterSpec> ParseParameter(std::string name, const JsonValue& json) {
  ParameterSpec spec;
  spec.name = std::move(name);
  if (!json.IsObject()) return ParseError("parameter " + spec.name + " must be an object");
  std::string type(GetString(json, "type"));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "string") {
    spec.type = ParameterSpec::Type::kString;
  } else if (type == "boolean") {
    spec.type = ParameterSpec::Type::kBoolean;
  } else {
    return ParseError("parameter " + spec.name + ": Unknown parameter type: " + type +
                      ". A parameter must be of type string or boolean.");
  }
  spec.builtin = std::string(GetString(json, "builtIn"));
  if (const JsonValue* d = FindMember(json, "default"))
    spec.default_value = EndpointValue::FromJson(*d);
  spec.required = GetBool(json, "required");
  return spec;
}

}  // namespace

const ParameterSpec* EndpointRuleSet::FindParameter(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool IsTemplateString(std::string_view text) {
  // TEMPLATE_STRING_RE = r"\{[a-zA-Z#]+\}"
  for (size_t open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    size_t i = open + 1;
    while (i < text.size() &&
           (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '#')) {
      ++i;
    }
    if (i > open + 1 && i < text.size() && text[i] == '}') return true;
  }
  return false;
}

Result<TemplateString> ParseTemplateString(std::string_view text) {
  TemplateString out;
  TemplateString::Part part;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      part.literal += '{';
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      part.literal += '}';
      i += 2;
    } else if (c == '}') {
      return ParseError("Single '}' encountered in format string: " + std::string(text));
    } else if (c == '{') {
      // Python allows nested braces in a format spec; rule sets never use specs, and botocore
      // ignores them, so the field ends at the first '}' after balancing nested braces.
      size_t depth = 1, j = i + 1;
      for (; j < text.size() && depth > 0; ++j) {
        if (text[j] == '{') ++depth;
        if (text[j] == '}') --depth;
      }
      if (depth != 0) return ParseError("expected '}' before end of string: " + std::string(text));
      std::string_view field = text.substr(i + 1, j - i - 2);
      field = field.substr(0, field.find_first_of("!:"));
      if (field.empty()) return ParseError("empty placeholder in template: " + std::string(text));
      size_t start = 0;
      while (true) {
        size_t hash = field.find('#', start);
        part.path.emplace_back(field.substr(start, hash - start));
        if (hash == std::string_view::npos) break;
        start = hash + 1;
      }
      out.parts.push_back(std::move(part));
      part = {};
      i = j;
    } else {
      part.literal += c;
      ++i;
    }
  }
  if (!part.literal.empty()) out.parts.push_back(std::move(part));
  return out;
}

Result<EndpointRuleSet> ParseEndpointRuleSet(const JsonValue& json) {
  if (!json.IsObject()) return ParseError("endpoint rule set must be a JSON object");
  EndpointRuleSet rule_set;
  rule_set.version = std::string(GetString(json, "version"));
  const JsonValue* parameters = FindMember(json, "parameters");
  if (!parameters || !parameters->IsObject()) {
    return ParseError("endpoint rule set without a \"parameters\" object");
  }
  for (const auto& m : parameters->GetObject()) {
    AWSCRAPE_ASSIGN_OR_RETURN(ParameterSpec spec,
                              ParseParameter(std::string(View(m.name)), m.value));
    rule_set.parameters.push_back(std::move(spec));
  }
  const JsonValue* rules = FindMember(json, "rules");
  if (!rules || !rules->IsArray()) return ParseError("endpoint rule set without a \"rules\" array");
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(Rule rule,
                              ParseRule((*rules)[i], "rules[" + std::to_string(i) + "]"));
    rule_set.rules.push_back(std::move(rule));
  }
  return rule_set;
}

}  // namespace awscrape::aws::endpoint
