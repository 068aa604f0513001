// EndpointRuleSet: a service's endpoint-rule-set-1.json, parsed once into an immutable tree.
//
// The tree mirrors botocore's endpoint_provider.py: parameters with their type, built-in,
// default and required flag; rules of three kinds (endpoint, error, tree), each guarded by
// conditions that are function calls. Everything that botocore would only discover while
// evaluating (unknown function or rule type, wrong arity, malformed template string) is
// reported here as a ParseError naming where it is, so evaluation never re-reads JSON.
// A parsed rule set is read-only and safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "awscrape/aws/endpoint/value.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

// The standard library functions rule sets may call.
enum class Function {
  kIsSet,
  kNot,
  kGetAttr,
  kStringEquals,
  kBooleanEquals,
  kSubstring,
  kUriEncode,
  kParseUrl,
  kIsValidHostLabel,
  kAwsPartition,
  kAwsParseArn,
  kAwsIsVirtualHostableS3Bucket,
};

// A string with "{Name}" / "{Name#attr}" placeholders, split once into its parts.
struct TemplateString {
  struct Part {
    std::string literal;            // text before the placeholder, "{{" / "}}" unescaped
    std::vector<std::string> path;  // the placeholder split on '#'; empty for trailing text
  };
  std::vector<Part> parts;
};

struct FunctionCall;

// An argument, URL, header value or error message: a literal, a reference, a function call or
// a template string.
struct Expression {
  enum class Kind { kLiteral, kReference, kFunction, kTemplate };
  Kind kind = Kind::kLiteral;
  EndpointValue literal;
  std::string reference;
  std::shared_ptr<const FunctionCall> function;
  TemplateString template_string;
};

struct FunctionCall {
  Function function;
  std::string name;  // as written, for messages
  std::vector<Expression> args;
  std::string assign;  // empty when the result is not assigned
};

// Endpoint properties: any JSON whose strings may be templates.
struct PropertyTemplate {
  EndpointValue literal;     // non-string scalars, and strings without placeholders
  bool is_template = false;  // a string with placeholders: see template_string
  TemplateString template_string;
  bool is_array = false;
  bool is_object = false;
  std::vector<PropertyTemplate> items;                            // when is_array
  std::vector<std::pair<std::string, PropertyTemplate>> members;  // when is_object
};

struct Rule {
  enum class Kind { kEndpoint, kError, kTree };
  Kind kind = Kind::kEndpoint;
  std::vector<FunctionCall> conditions;
  // kEndpoint
  Expression url;
  PropertyTemplate properties;  // an object (possibly empty)
  std::vector<std::pair<std::string, std::vector<Expression>>> headers;
  // kError
  Expression error;
  // kTree
  std::vector<Rule> rules;
};

struct ParameterSpec {
  enum class Type { kString, kBoolean };
  std::string name;
  Type type = Type::kString;
  std::string builtin;          // "AWS::Region", "SDK::Endpoint", ...; empty when none
  EndpointValue default_value;  // None when absent
  bool required = false;
};

struct EndpointRuleSet {
  std::string version;
  std::vector<ParameterSpec> parameters;  // in the file's order
  std::vector<Rule> rules;

  const ParameterSpec* FindParameter(std::string_view name) const;
};

// Parses endpoint-rule-set-1.json.
Result<EndpointRuleSet> ParseEndpointRuleSet(const JsonValue& json);

// Splits a string with placeholders the way Python's string.Formatter.parse does; strings that
// botocore would not treat as templates are rejected by the caller, not here.
Result<TemplateString> ParseTemplateString(std::string_view text);
// Whether botocore treats the string as a template (it contains "{[a-zA-Z#]+}").
bool IsTemplateString(std::string_view text);

}  // namespace awscrape::aws::endpoint
