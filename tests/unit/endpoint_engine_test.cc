// The rule-set parser and engine on small hand-written rule sets: templates, assignments,
// tree fall-through, error rules, parameter defaults and types, malformed input.
#include <gtest/gtest.h>

#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/rule_engine.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/core/json.h"

namespace awscrape::aws::endpoint {
namespace {

constexpr const char* kPartitions = R"({"partitions": [
  {"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$", "regions": {"aws-global": {}},
   "outputs": {"dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
               "supportsFIPS": true, "supportsDualStack": true}},
  {"id": "aws-cn", "regionRegex": "^cn\\-\\w+\\-\\d+$", "regions": {},
   "outputs": {"dnsSuffix": "amazonaws.com.cn", "dualStackDnsSuffix": "api.amazonwebservices.com.cn",
               "supportsFIPS": true, "supportsDualStack": false}}]})";

// A rule set in the shape of the generated ones: custom endpoint, FIPS / dual-stack variants,
// an error rule with a template, a tree that matches nothing (falls through), headers.
constexpr const char* kRuleSet = R"({
  "version": "1.0",
  "parameters": {
    "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean"},
    "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": true, "default": false,
                     "type": "Boolean"},
    "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}
  },
  "rules": [
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}],
     "type": "tree",
     "rules": [
       {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
        "error": "Invalid Configuration: FIPS and custom endpoint are not supported",
        "type": "error"},
       {"conditions": [], "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}x",
                                       "properties": {}, "headers": {}}, "type": "endpoint"}]},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
     "error": "Custom endpoint `{Endpoint}` was not a valid URI", "type": "error"},
    {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "us-east-9"]}],
     "type": "tree",
     "rules": [{"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                "endpoint": {"url": "https://never"}, "type": "endpoint"}]},
    {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
     "type": "tree",
     "rules": [
       {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                       {"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
        "endpoint": {"url": "https://svc-fips.{Region}.{p#dualStackDnsSuffix}"}, "type": "endpoint"},
       {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
        "type": "tree",
        "rules": [
          {"conditions": [{"fn": "booleanEquals",
                           "argv": [true, {"fn": "getAttr", "argv": [{"ref": "p"}, "supportsDualStack"]}]}],
           "endpoint": {"url": "https://svc.{Region}.{p#dualStackDnsSuffix}"}, "type": "endpoint"},
          {"conditions": [], "error": "DualStack is enabled but this partition ({p#name}) does not support DualStack",
           "type": "error"}]},
       {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
        "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}"}, "type": "endpoint"},
       {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}],
        "endpoint": {"url": "https://svc.amazonaws.com",
                     "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "us-east-1",
                                                     "signingName": "svc"}],
                                    "note": "{{literal}} braces in {p#name}"},
                     "headers": {"x-amz-test": ["{Region}", "second"]}},
        "type": "endpoint"},
       {"conditions": [], "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}, "type": "endpoint"}]}
  ]})";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = ParseJson(kPartitions);
    ASSERT_TRUE(p.ok());
    auto partitions = ParsePartitions(*p);
    ASSERT_TRUE(partitions.ok()) << partitions.status().ToString();
    partitions_ = *partitions;
    auto r = ParseJson(kRuleSet);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    auto rule_set = ParseEndpointRuleSet(*r);
    ASSERT_TRUE(rule_set.ok()) << rule_set.status().ToString();
    rule_set_ = std::move(*rule_set);
  }

  Result<RuleSetEndpoint> Eval(EndpointValue::Object params) {
    return EvaluateRuleSet(rule_set_, partitions_, params);
  }

  Partitions partitions_;
  EndpointRuleSet rule_set_;
};

EndpointValue S(const char* s) { return EndpointValue::String(s); }
EndpointValue B(bool b) { return EndpointValue::Bool(b); }

TEST_F(EngineTest, ParsesParametersInOrder) {
  ASSERT_EQ(rule_set_.parameters.size(), 4u);
  EXPECT_EQ(rule_set_.parameters[0].name, "Region");
  EXPECT_EQ(rule_set_.parameters[1].builtin, "AWS::UseFIPS");
  EXPECT_TRUE(rule_set_.parameters[1].required);
  EXPECT_EQ(rule_set_.parameters[1].default_value, B(false));
  EXPECT_EQ(rule_set_.FindParameter("Endpoint")->type, ParameterSpec::Type::kString);
}

TEST_F(EngineTest, InterpolatesRegionAndPartitionOutputs) {
  auto e = Eval({{"Region", S("eu-west-1")}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->url, "https://svc.eu-west-1.amazonaws.com");
  e = Eval({{"Region", S("cn-north-1")}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->url, "https://svc.cn-north-1.amazonaws.com.cn");
}

TEST_F(EngineTest, FipsAndDualStackVariants) {
  EXPECT_EQ(Eval({{"Region", S("us-west-2")}, {"UseFIPS", B(true)}})->url,
            "https://svc-fips.us-west-2.amazonaws.com");
  EXPECT_EQ(Eval({{"Region", S("us-west-2")}, {"UseDualStack", B(true)}})->url,
            "https://svc.us-west-2.api.aws");
  EXPECT_EQ(
      Eval({{"Region", S("us-west-2")}, {"UseFIPS", B(true)}, {"UseDualStack", B(true)}})->url,
      "https://svc-fips.us-west-2.api.aws");
  auto no_dualstack = Eval({{"Region", S("cn-north-1")}, {"UseDualStack", B(true)}});
  ASSERT_FALSE(no_dualstack.ok());
  EXPECT_EQ(no_dualstack.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_dualstack.status().message(),
            "DualStack is enabled but this partition (aws-cn) does not support DualStack");
}

TEST_F(EngineTest, CustomEndpointAndErrorRules) {
  auto e = Eval({{"Region", S("us-west-2")}, {"Endpoint", S("http://127.0.0.1:4566/a/../b")}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->url, "http://127.0.0.1:4566/b/x");
  auto fips = Eval({{"Endpoint", S("https://example.com")}, {"UseFIPS", B(true)}});
  ASSERT_FALSE(fips.ok());
  EXPECT_EQ(fips.status().message(),
            "Invalid Configuration: FIPS and custom endpoint are not supported");
  // parseURL gives None for a query: the tree does not match and the next rule's template
  // error names the endpoint.
  auto query = Eval({{"Endpoint", S("https://example.com?x=1")}});
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.status().message(),
            "Custom endpoint `https://example.com?x=1` was not a valid URI");
}

TEST_F(EngineTest, TreeWithoutMatchFallsThroughAndScopesStayApart) {
  // us-east-9 enters the stringEquals tree, nothing matches inside, evaluation continues.
  auto e = Eval({{"Region", S("us-east-9")}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->url, "https://svc.us-east-9.amazonaws.com");
}

TEST_F(EngineTest, PropertiesAndHeaders) {
  auto e = Eval({{"Region", S("aws-global")}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->url, "https://svc.amazonaws.com");
  EXPECT_EQ(e->properties.Find("authSchemes")->array()[0].Find("signingRegion")->string(),
            "us-east-1");
  // Python's Formatter turns "{{" into "{" inside a template string.
  EXPECT_EQ(e->properties.Find("note")->string(), "{literal} braces in aws");
  ASSERT_EQ(e->headers.size(), 1u);
  EXPECT_EQ(e->headers[0].first, "x-amz-test");
  EXPECT_EQ(e->headers[0].second, (std::vector<std::string>{"aws-global", "second"}));
}

TEST_F(EngineTest, ParameterTypesAndMissingRequired) {
  auto wrong = Eval({{"Region", B(true)}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "Value (Region) is the wrong type. Must be <class 'str'>.");
  auto p = ParseJson(R"({"version": "1.0", "parameters": {
      "Region": {"type": "String", "required": true}}, "rules": []})");
  ASSERT_TRUE(p.ok());
  auto rs = ParseEndpointRuleSet(*p);
  ASSERT_TRUE(rs.ok());
  auto missing = EvaluateRuleSet(*rs, partitions_, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "Cannot find value for required parameter Region");
  auto none = EvaluateRuleSet(*rs, partitions_, {{"Region", S("x")}});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "No endpoint found for parameters:\nRegion: x");
}

TEST_F(EngineTest, AssignmentCannotOverwrite) {
  auto p = ParseJson(R"({"version": "1.0", "parameters": {"Region": {"type": "string"}},
    "rules": [{"conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "Region"}],
               "endpoint": {"url": "https://x"}, "type": "endpoint"}]})");
  ASSERT_TRUE(p.ok());
  auto rs = ParseEndpointRuleSet(*p);
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  auto e = EvaluateRuleSet(*rs, partitions_, {{"Region", S("us-east-1")}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "Assignment Region already exists in scoped variables and cannot be overwritten");
  // Unset, the name is free to assign.
  EXPECT_TRUE(EvaluateRuleSet(*rs, partitions_, {}).ok());
}

TEST_F(EngineTest, TypeErrorsInConditionsAreErrors) {
  // stringEquals on an unset parameter: botocore raises, so evaluation fails, no crash.
  auto p = ParseJson(R"({"version": "1.0", "parameters": {"Region": {"type": "String"}},
    "rules": [{"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}],
               "endpoint": {"url": "https://x"}, "type": "endpoint"}]})");
  auto rs = ParseEndpointRuleSet(*p);
  ASSERT_TRUE(rs.ok());
  auto e = EvaluateRuleSet(*rs, partitions_, {});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "Both values must be strings, not <class 'NoneType'> and <class 'str'>.");
}

TEST(EndpointRuleSetParse, MalformedRuleSetsGiveClearErrors) {
  struct Case {
    const char* json;
    const char* message_part;
  } cases[] = {
      {R"([])", "must be a JSON object"},
      {R"({"parameters": {}})", "\"rules\""},
      {R"({"rules": []})", "\"parameters\""},
      {R"({"parameters": {"A": {"type": "Integer"}}, "rules": []})", "Unknown parameter type"},
      {R"({"parameters": {}, "rules": [{"type": "endpoint", "endpoint": {"url": "x"}}]})",
       "conditions"},
      {R"({"parameters": {}, "rules": [{"type": "magic", "conditions": []}]})",
       "Unknown rule type: magic"},
      {R"({"parameters": {}, "rules": [{"type": "endpoint", "conditions": []}]})",
       "\"endpoint\" object"},
      {R"({"parameters": {}, "rules": [{"type": "error", "conditions": [
          {"fn": "noSuchFn", "argv": []}], "error": "e"}]})",
       "unknown function \"noSuchFn\""},
      {R"({"parameters": {}, "rules": [{"type": "error", "conditions": [
          {"fn": "isSet", "argv": [1, 2]}], "error": "e"}]})",
       "takes 1 arguments, got 2"},
      {R"({"parameters": {}, "rules": [{"type": "error", "conditions": [
          {"fn": "isSet"}], "error": "e"}]})",
       "\"argv\""},
      {R"({"parameters": {}, "rules": [{"type": "endpoint", "conditions": [],
          "endpoint": {"url": "https://{Region}}"}}]})",
       "Single '}'"},
      {R"({"parameters": {}, "rules": [{"type": "tree", "conditions": []}]})", "\"rules\""},
      {R"({"parameters": {}, "rules": [{"type": "tree", "conditions": [], "rules": [
          {"type": "endpoint", "conditions": [], "endpoint": {"url": "x", "headers": {"h": "v"}}}]}]})",
       "rules[0].rules[0]: header h"},
  };
  for (const auto& c : cases) {
    auto doc = ParseJson(c.json);
    ASSERT_TRUE(doc.ok()) << c.json;
    auto rs = ParseEndpointRuleSet(*doc);
    ASSERT_FALSE(rs.ok()) << c.json;
    EXPECT_EQ(rs.status().code(), StatusCode::kParseError);
    EXPECT_NE(rs.status().message().find(c.message_part), std::string::npos)
        << rs.status().message() << " should mention " << c.message_part;
  }
}

TEST(EndpointTemplates, SplitsLikePythonFormatter) {
  EXPECT_TRUE(IsTemplateString("https://{Region}.x"));
  EXPECT_TRUE(IsTemplateString("{a#b}"));
  EXPECT_FALSE(IsTemplateString("{}"));
  EXPECT_FALSE(IsTemplateString("{a_b}"));  // botocore's regex: letters and '#' only
  EXPECT_FALSE(IsTemplateString("plain"));
  auto t = ParseTemplateString("a{{b}}c{X#y}d");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->parts.size(), 2u);
  EXPECT_EQ(t->parts[0].literal, "a{b}c");
  EXPECT_EQ(t->parts[0].path, (std::vector<std::string>{"X", "y"}));
  EXPECT_EQ(t->parts[1].literal, "d");
  EXPECT_TRUE(t->parts[1].path.empty());
  EXPECT_FALSE(ParseTemplateString("{Region").ok());
  EXPECT_FALSE(ParseTemplateString("a}b").ok());
}

}  // namespace
}  // namespace awscrape::aws::endpoint
