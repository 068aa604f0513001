// The lazy ServiceModel (FromText, what the catalogue builds) against the eager one (FromJson)
// on every Debian model, plus the scan under it and the lazy model's failure paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/aws/model/json_scan.h"
#include "awscrape/aws/model/model_text.h"
#include "awscrape/aws/model/service_model.h"

namespace awscrape::aws::model {
namespace {
namespace fs = std::filesystem;

// --- ScanObjectMembers ---

TEST(JsonScan, ReturnsKeysAndRawValues) {
  auto members =
      ScanObjectMembers(R"( {"a": 1, "b" : {"x": [1, {"y": "}"}]}, "c":"q\"\\", "d":[]} )");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  ASSERT_EQ(members->size(), 4u);
  EXPECT_EQ((*members)[0].key, "a");
  EXPECT_EQ((*members)[0].value, "1");
  EXPECT_EQ((*members)[1].key, "b");
  EXPECT_EQ((*members)[1].value, R"({"x": [1, {"y": "}"}]})");
  EXPECT_EQ((*members)[2].value, R"("q\"\\")");
  EXPECT_EQ((*members)[3].value, "[]");
  auto empty = ScanObjectMembers(" {} ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(JsonScan, ExpandsNamedMembersInTheSamePass) {
  std::vector<ScannedMember> shapes, operations;
  auto top = ScanObjectMembers(R"({"operations":{"Op":{"input":{"shape":"S"}}},"x":"shapes",
      "shapes":{"S":{"type":"structure","members":{}},"T":{"type":"string"}}})",
                               "shapes", shapes, "operations", operations);
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  EXPECT_EQ(top->size(), 3u);
  ASSERT_EQ(operations.size(), 1u);
  EXPECT_EQ(operations[0].key, "Op");
  EXPECT_EQ(operations[0].value, R"({"input":{"shape":"S"}})");
  ASSERT_EQ(shapes.size(), 2u);
  EXPECT_EQ(shapes[1].key, "T");
  EXPECT_EQ(shapes[1].value, R"({"type":"string"})");
  // An expanded member must hold an object.
  EXPECT_FALSE(ScanObjectMembers(R"({"shapes":[1]})", "shapes", shapes, "x", operations).ok());
}

TEST(JsonScan, RejectsWhatItCannotWalk) {
  for (const char* text : {"", "[]", "{", R"({"a":1)", R"({"a":"x})", R"({"a":[1}})",
                           R"({"a":{"b":1]})", R"({"a" 1})", R"({"a":1 "b":2})", R"({"a":})",
                           R"({"a":1} x)", R"({a:1})", R"({"a\"b":1})", R"({"a":1,})"}) {
    auto members = ScanObjectMembers(text);
    EXPECT_FALSE(members.ok()) << text;
    if (!members.ok()) {
      EXPECT_EQ(members.status().code(), StatusCode::kParseError) << text;
    }
  }
}

TEST(JsonScan, EmptiesDocumentationStringsAndNothingElse) {
  std::string out;
  CopyWithoutDocumentation(
      R"({"documentation":"a \"q\" \\", "x":{"documentation" : "<p>b</p>","v":"documentation"},)"
      R"("members":{"documentation":{"shape":"S"}},"e":["documentation"],"documentation":1})",
      out);
  EXPECT_EQ(
      out, R"({"documentation":"", "x":{"documentation" : "","v":"documentation"},)"
           R"("members":{"documentation":{"shape":"S"}},"e":["documentation"],"documentation":1})");
  // What the scan cannot follow is copied as it is, for the parser to report.
  const std::string broken = R"({"documentation":"unterminated})";
  CopyWithoutDocumentation(broken, out);
  EXPECT_EQ(out, broken);
}

// --- lazy against eager ---

void ExpectSameShape(const Shape* lazy, const Shape* eager, std::set<std::string>& seen,
                     const std::string& where);

void ExpectSameMember(const Member& lazy, const Member& eager, std::set<std::string>& seen,
                      const std::string& where) {
  EXPECT_EQ(lazy.name, eager.name) << where;
  EXPECT_TRUE(lazy.traits == eager.traits) << where << " member " << eager.name;
  EXPECT_EQ(lazy.required, eager.required) << where;
  EXPECT_EQ(lazy.deprecated, eager.deprecated) << where;
  EXPECT_EQ(lazy.context_param, eager.context_param) << where;
  ExpectSameShape(lazy.shape, eager.shape, seen, where + "." + eager.name);
}

void ExpectSameShape(const Shape* lazy, const Shape* eager, std::set<std::string>& seen,
                     const std::string& where) {
  ASSERT_EQ(lazy == nullptr, eager == nullptr) << where;
  if (eager == nullptr || !seen.insert(eager->name).second) return;
  ASSERT_EQ(lazy->name, eager->name) << where;
  EXPECT_EQ(lazy->type, eager->type) << where;
  EXPECT_TRUE(lazy->traits == eager->traits) << where;
  EXPECT_EQ(lazy->payload, eager->payload) << where;
  EXPECT_EQ(lazy->is_union, eager->is_union) << where;
  EXPECT_EQ(lazy->is_document, eager->is_document) << where;
  EXPECT_EQ(lazy->is_exception, eager->is_exception) << where;
  EXPECT_EQ(lazy->is_event_stream, eager->is_event_stream) << where;
  EXPECT_EQ(lazy->error_code, eager->error_code) << where;
  EXPECT_EQ(lazy->error_http_status, eager->error_http_status) << where;
  EXPECT_EQ(lazy->error_sender_fault, eager->error_sender_fault) << where;
  EXPECT_EQ(lazy->enum_values, eager->enum_values) << where;
  EXPECT_EQ(lazy->min, eager->min) << where;
  EXPECT_EQ(lazy->max, eager->max) << where;
  ASSERT_EQ(lazy->members.size(), eager->members.size()) << where;
  for (size_t i = 0; i < eager->members.size(); ++i) {
    ExpectSameMember(lazy->members[i], eager->members[i], seen, where);
  }
  if (eager->type == ShapeType::kList) {
    ExpectSameMember(lazy->list_member, eager->list_member, seen, where + "[]");
  }
  if (eager->type == ShapeType::kMap) {
    ExpectSameMember(lazy->map_key, eager->map_key, seen, where + "{key}");
    ExpectSameMember(lazy->map_value, eager->map_value, seen, where + "{value}");
  }
}

void ExpectSameOperation(const Operation& lazy, const Operation& eager, bool input_only) {
  const std::string where = eager.name;
  EXPECT_EQ(lazy.name, eager.name);
  EXPECT_EQ(lazy.http_method, eager.http_method) << where;
  EXPECT_EQ(lazy.request_uri, eager.request_uri) << where;
  EXPECT_EQ(lazy.response_code, eager.response_code) << where;
  EXPECT_TRUE(lazy.input_traits == eager.input_traits) << where;
  EXPECT_EQ(lazy.input_payload, eager.input_payload) << where;
  EXPECT_EQ(lazy.host_prefix, eager.host_prefix) << where;
  EXPECT_EQ(lazy.auth_type, eager.auth_type) << where;
  EXPECT_EQ(lazy.deprecated, eager.deprecated) << where;
  EXPECT_EQ(lazy.endpoint_discovery_required, eager.endpoint_discovery_required) << where;
  EXPECT_EQ(lazy.static_context_params, eager.static_context_params) << where;
  std::set<std::string> seen;
  ExpectSameShape(lazy.input, eager.input, seen, where + " input");
  if (input_only) {
    EXPECT_EQ(lazy.output, nullptr) << where;
    EXPECT_TRUE(lazy.errors.empty()) << where;
    EXPECT_TRUE(lazy.output_result_wrapper.empty()) << where;
    return;
  }
  EXPECT_EQ(lazy.output_result_wrapper, eager.output_result_wrapper) << where;
  ExpectSameShape(lazy.output, eager.output, seen, where + " output");
  ASSERT_EQ(lazy.errors.size(), eager.errors.size()) << where;
  for (size_t i = 0; i < eager.errors.size(); ++i) {
    ExpectSameShape(lazy.errors[i], eager.errors[i], seen, where + " error");
  }
}

TEST(LazyServiceModel, BuildsWhatTheEagerModelBuildsForEveryDebianService) {
  auto catalogue = ModelCatalogue::Open(AWSCRAPE_DEFAULT_MODELS_DIR);
  ASSERT_TRUE(catalogue.ok());
  size_t services = 0;
  for (const std::string& name : (*catalogue)->ServiceNames()) {
    fs::path file = FindJsonFile(
        fs::path(AWSCRAPE_DEFAULT_MODELS_DIR) / name / (*catalogue)->ApiVersion(name), "service-2");
    auto text = ModelText::Read(file);
    ASSERT_TRUE(text.ok()) << name;
    auto json = ReadJsonFile(file);
    ASSERT_TRUE(json.ok()) << name;
    auto eager = ServiceModel::FromJson(*json);
    auto lazy = ServiceModel::FromText(std::move(text).value());
    ASSERT_TRUE(eager.ok()) << name << ": " << eager.status().ToString();
    ASSERT_TRUE(lazy.ok()) << name << ": " << lazy.status().ToString();
    const ServiceModel& l = **lazy;
    const ServiceModel& e = **eager;
    EXPECT_EQ(l.metadata().protocol, e.metadata().protocol) << name;
    EXPECT_EQ(l.metadata().signing_name, e.metadata().signing_name) << name;
    EXPECT_EQ(l.metadata().target_prefix, e.metadata().target_prefix) << name;
    ASSERT_EQ(l.OperationNames(), e.OperationNames()) << name;
    // Half the operations by input only first, as planning does, then everything.
    for (size_t i = 0; i < e.OperationNames().size(); i += 2) {
      std::string_view op = e.OperationNames()[i];
      const Operation* input = l.FindOperationInput(op);
      ASSERT_NE(input, nullptr) << name << ":" << op;
      ExpectSameOperation(*input, *e.FindOperation(op), true);
    }
    for (std::string_view op : e.OperationNames()) {
      const Operation* built = l.FindOperation(op);
      ASSERT_NE(built, nullptr) << name << ":" << op;
      ExpectSameOperation(*built, *e.FindOperation(op), false);
      EXPECT_EQ(l.FindOperation(op), built) << "built once";
    }
    ASSERT_EQ(l.operations().size(), e.operations().size()) << name;
    for (size_t i = 0; i < e.operations().size(); ++i) {
      ExpectSameOperation(l.operations()[i], e.operations()[i], false);
    }
    // Every error shape is found the same way (code, then name).
    for (const Operation& op : e.operations()) {
      for (const Shape* error : op.errors) {
        const std::string code = error->error_code.empty() ? error->name : error->error_code;
        const Shape* lazy_error = l.FindErrorShape(code);
        const Shape* eager_error = e.FindErrorShape(code);
        ASSERT_EQ(lazy_error == nullptr, eager_error == nullptr) << name << " " << code;
        if (eager_error) {
          EXPECT_EQ(lazy_error->name, eager_error->name) << name << " " << code;
        }
      }
    }
    EXPECT_EQ(l.FindErrorShape("NoSuchErrorCodeAnywhere"), nullptr);
    EXPECT_TRUE(l.BuildError().ok()) << name << ": " << l.BuildError().ToString();
    ++services;
  }
  EXPECT_EQ(services, 333u);
}

Result<std::unique_ptr<ServiceModel>> Lazy(const std::string& text) {
  return ServiceModel::FromText(ModelText::FromString(text));
}

TEST(LazyServiceModel, ABrokenOperationFailsAloneAndSaysWhy) {
  auto model = Lazy(R"({"metadata":{"protocol":"json"},
    "operations":{
      "Good":{"name":"Good","input":{"shape":"In"},"output":{"shape":"Out"}},
      "Bad":{"name":"Bad","input":{"shape":"BadIn"}},
      "Garbled":{"name":"Garbled","input":{"shape":"In"},"http":{"responseCode":2x}},
      "Shapeless":{"name":"Shapeless","input":{"shape":"GarbledShape"}}},
    "shapes":{
      "In":{"type":"structure","members":{"Name":{"shape":"Str"}},"required":["Name"]},
      "BadIn":{"type":"structure","members":{"Inner":{"shape":"Middle"}}},
      "Middle":{"type":"structure","members":{"X":{"shape":"Missing"}}},
      "Out":{"type":"structure","members":{"Items":{"shape":"List"}}},
      "List":{"type":"list","member":{"shape":"Str","locationName":"item"}},
      "Str":{"type":"string"},
      "GarbledShape":{"type":"string","max":2x},
      "Oops":{"type":"structure","members":{},"exception":true,"error":{"code":"OopsCode"}}}})");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE((*model)->BuildError().ok());
  EXPECT_EQ((*model)->FindOperation("Bad"), nullptr);
  EXPECT_NE((*model)->BuildError().message().find("shape 'Middle' member X refers to unknown "
                                                  "shape 'Missing'"),
            std::string::npos)
      << (*model)->BuildError().ToString();
  // The half-built shapes of the failed build are not handed out later.
  EXPECT_EQ((*model)->FindShape("Middle"), nullptr);
  EXPECT_EQ((*model)->FindShape("BadIn"), nullptr);
  EXPECT_EQ((*model)->FindOperationInput("Bad"), nullptr);
  EXPECT_EQ((*model)->FindOperation("Garbled"), nullptr);
  EXPECT_NE((*model)->BuildError().message().find("operation 'Garbled'"), std::string::npos);
  EXPECT_EQ((*model)->FindOperation("Shapeless"), nullptr);
  EXPECT_NE((*model)->BuildError().message().find("shape 'GarbledShape': invalid JSON at offset"),
            std::string::npos)
      << (*model)->BuildError().ToString();

  const Operation* good = (*model)->FindOperation("Good");
  ASSERT_NE(good, nullptr);
  ASSERT_NE(good->output, nullptr);
  const Member* items = good->output->FindMember("Items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->shape->list_member.traits.location_name, "item");
  EXPECT_TRUE(good->input->members[0].required);
  EXPECT_EQ((*model)->FindShape("Str"), good->input->members[0].shape) << "one shape, shared";

  const Operation* input = (*model)->FindOperationInput("Good");
  ASSERT_NE(input, nullptr);
  EXPECT_NE(input, good);
  EXPECT_EQ(input->input, good->input);
  EXPECT_EQ(input->output, nullptr);

  const Shape* oops = (*model)->FindErrorShape("OopsCode");
  ASSERT_NE(oops, nullptr);
  EXPECT_EQ(oops->name, "Oops");
  EXPECT_EQ((*model)->FindErrorShape("Oops"), oops);
  EXPECT_EQ((*model)->FindErrorShape("Str"), nullptr);

  // operations(): model order, the broken ones by name only.
  const auto& all = (*model)->operations();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].name, "Good");
  EXPECT_NE(all[0].output, nullptr);
  EXPECT_EQ(all[1].name, "Bad");
  EXPECT_EQ(all[1].input, nullptr);
  EXPECT_EQ((*model)->FindOperation("Good"), good) << "pointers stay valid";
}

TEST(LazyServiceModel, RejectsTextWithoutTheModelsParts) {
  EXPECT_FALSE(Lazy(R"({"metadata":{"protocol":"json"},"shapes":{}})").ok());
  EXPECT_FALSE(Lazy(R"({"metadata":{},"shapes":{},"operations":{}})").ok());
  EXPECT_FALSE(Lazy(R"({"metadata":{"protocol":"json"},"shapes":[],"operations":{}})").ok());
  EXPECT_FALSE(Lazy(R"({"metadata":{"protocol":"json"},"shapes":{},"operations":{})").ok());
  EXPECT_TRUE(Lazy(R"({"metadata":{"protocol":"json"},"shapes":{},"operations":{}})").ok());
}

TEST(LazyServiceModel, ThreadsBuildingOneModelSeeOneGraph) {
  auto catalogue = ModelCatalogue::Open(AWSCRAPE_DEFAULT_MODELS_DIR);
  ASSERT_TRUE(catalogue.ok());
  auto sqs = (*catalogue)->GetService("sqs");
  ASSERT_TRUE(sqs.ok());
  const ServiceModel& model = *(*sqs)->model;
  std::vector<std::vector<const Operation*>> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&model, &seen, t] {
      for (std::string_view name : model.OperationNames()) {
        seen[t].push_back(model.FindOperation(name));
        model.FindErrorShape("QueueDoesNotExist");
        model.FindOperationInput(name);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t t = 1; t < seen.size(); ++t) EXPECT_EQ(seen[t], seen[0]);
  EXPECT_NE(model.FindErrorShape("AWS.SimpleQueueService.NonExistentQueue"), nullptr);
}

TEST(ModelText, MapsPlainFilesAndReadsGzippedOnes) {
  fs::path file = fs::path(AWSCRAPE_DEFAULT_MODELS_DIR) / "sqs" / "2012-11-05" / "service-2.json";
  auto text = ModelText::Read(file);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->view().substr(0, 1), "{");
  ModelText moved = std::move(text).value();
  EXPECT_GT(moved.view().size(), 1000u);
  ModelText small = ModelText::FromString("{}");
  ModelText other = std::move(small);
  EXPECT_EQ(other.view(), "{}");
  EXPECT_FALSE(ModelText::Read("/nonexistent/service-2.json").ok());
}

}  // namespace
}  // namespace awscrape::aws::model
