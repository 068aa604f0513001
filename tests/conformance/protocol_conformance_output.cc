// The response-parsing half of the protocol conformance runner (see protocol_conformance.cc).
//
// output/*.json and legacy/output/*.json: every case builds a one-operation service from its
// suite and parses `response` with ParseResponse (or ParseErrorResponse for error cases), in the
// vectors' form: timestamps as epoch seconds, blobs as raw text, no ResponseMetadata. Comparison
// follows the README: numbers as doubles, "NaN"/"Infinity"/"-Infinity" strings stand for the
// special floats; query outputs get resultWrapper "<Op>Result" when they have members; an error
// case expects {"Error": {"Code", "Message"}} plus its modelled members, and only Code and
// Message of Error are compared. CBOR files are skipped, and cases on
// protocol-tests-ignore-list.json are reported as skipped ("ignored by botocore").
//
// response_parsing/: recorded responses parsed with the real botocore model (newest api-version
// of the service under AWSCRAPE_MODELS_DIR or the build's default models), timestamps and blobs
// as received, ResponseMetadata compared after HTTPStatusCode/HTTPHeaders are filled in as
// botocore's own test does. Error fixtures compare the generic error only (botocore's test does
// not add modelled error members).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/service_model.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/core/encoding.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"
#include "protocol_conformance.h"

namespace awscrape::conformance {
namespace {

namespace fs = std::filesystem;
using aws::HttpResponse;
using aws::ParseOptions;
using aws::model::ServiceModel;

std::string_view Str(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<fs::path> SortedFiles(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// ---------------------------------------------------------------------------------------------
// Comparison

std::optional<double> SpecialFloat(const JsonValue& v) {
  if (!v.IsString()) return std::nullopt;
  std::string_view s = Str(v);
  if (s == "NaN") return std::nan("");
  if (s == "Infinity") return HUGE_VAL;
  if (s == "-Infinity") return -HUGE_VAL;
  return std::nullopt;
}

bool NumbersEqual(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

std::string Show(const JsonValue& v) {
  std::string text = ToJson(v);
  return text.size() > 160 ? text.substr(0, 160) + "..." : text;
}

// Empty when equal, else where and how `actual` differs from `expected`.
std::string Difference(const JsonValue& expected, const JsonValue& actual,
                       const std::string& path) {
  auto mismatch = [&] {
    return (path.empty() ? std::string("$") : path) + ": expected " + Show(expected) + ", got " +
           Show(actual);
  };
  std::optional<double> e_num =
      expected.IsNumber() ? std::optional(expected.GetDouble()) : SpecialFloat(expected);
  std::optional<double> a_num =
      actual.IsNumber() ? std::optional(actual.GetDouble()) : SpecialFloat(actual);
  if (expected.IsNumber() || actual.IsNumber()) {
    if (expected.IsInt64() && actual.IsInt64()) {
      return expected.GetInt64() == actual.GetInt64() ? "" : mismatch();
    }
    return e_num && a_num && NumbersEqual(*e_num, *a_num) ? "" : mismatch();
  }
  if (expected.GetType() != actual.GetType()) return mismatch();
  if (expected.IsString()) return Str(expected) == Str(actual) ? "" : mismatch();
  if (expected.IsArray()) {
    if (expected.Size() != actual.Size()) return mismatch();
    for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
      std::string d = Difference(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  }
  if (expected.IsObject()) {
    for (auto it = expected.MemberBegin(); it != expected.MemberEnd(); ++it) {
      std::string child = path + "." + std::string(Str(it->name));
      auto other = actual.FindMember(it->name);
      if (other == actual.MemberEnd()) return child + ": missing, expected " + Show(it->value);
      std::string d = Difference(it->value, other->value, child);
      if (!d.empty()) return d;
    }
    for (auto it = actual.MemberBegin(); it != actual.MemberEnd(); ++it) {
      if (expected.FindMember(it->name) == expected.MemberEnd()) {
        return path + "." + std::string(Str(it->name)) + ": unexpected " + Show(it->value);
      }
    }
    return "";
  }
  return "";  // null, true, false: same type means equal
}

// ---------------------------------------------------------------------------------------------
// Protocol suites (output/, legacy/output/)

// Output cases botocore does not run, by protocol file stem ("json_1_0", "rest-xml", ...).
std::map<std::string, std::set<std::string>> LoadIgnoredOutputCases(const fs::path& root) {
  std::map<std::string, std::set<std::string>> ignored;
  Result<std::string> text = ReadFile(root / "protocol-tests-ignore-list.json");
  if (!text.ok()) return ignored;
  Result<JsonDocument> doc = ParseJson(*text);
  if (!doc.ok()) return ignored;
  const JsonValue* protocols = FindMember(*doc, "protocols");
  if (!protocols || !protocols->IsObject()) return ignored;
  for (auto it = protocols->MemberBegin(); it != protocols->MemberEnd(); ++it) {
    const JsonValue* output = FindMember(it->value, "output");
    const JsonValue* cases = output ? FindMember(*output, "cases") : nullptr;
    if (!cases || !cases->IsArray()) continue;
    for (const JsonValue& c : cases->GetArray()) {
      if (c.IsString()) ignored[std::string(Str(it->name))].insert(std::string(Str(c)));
    }
  }
  return ignored;
}

HttpResponse ResponseOf(const JsonValue& response, std::string_view protocol) {
  HttpResponse out;
  if (const JsonValue* status = FindMember(response, "status_code"); status && status->IsInt()) {
    out.status = status->GetInt();
  }
  if (const JsonValue* headers = FindMember(response, "headers"); headers && headers->IsObject()) {
    for (auto it = headers->MemberBegin(); it != headers->MemberEnd(); ++it) {
      if (it->value.IsString()) {
        out.headers.push_back({std::string(Str(it->name)), std::string(Str(it->value))});
      }
    }
  }
  if (const JsonValue* body = FindMember(response, "body"); body && body->IsString()) {
    out.body = std::string(Str(*body));
  } else if (protocol == "query") {
    out.body = "<xml/>";
  }
  return out;
}

// The output shape's payload is an event stream: the vector's body is its base64.
bool HasEventStreamPayload(const aws::model::Operation& op) {
  if (!op.output || op.output->payload.empty()) return false;
  const aws::model::Member* m = op.output->FindMember(op.output->payload);
  return m && (m->shape->is_event_stream || m->traits.event_stream);
}

// Runs one case; returns "" on success or what went wrong.
std::string RunOutputCase(const JsonValue& suite, const JsonValue& test_case) {
  const JsonValue* metadata = FindMember(suite, "metadata");
  const JsonValue* shapes = FindMember(suite, "shapes");
  const JsonValue* given = FindMember(test_case, "given");
  const JsonValue* response = FindMember(test_case, "response");
  if (!metadata || !shapes || !given || !response)
    return "case lacks metadata/shapes/given/response";
  std::string protocol(GetString(*metadata, "protocol"));
  std::string name(GetString(*given, "name", "OperationName"));

  JsonDocument operations;
  operations.SetObject();
  JsonValue op_json(*given, operations.GetAllocator());
  if (protocol == "query") {
    // botocore's runner: real query models carry the wrapper on the output reference.
    JsonValue* output =
        op_json.IsObject() && op_json.HasMember("output") ? &op_json["output"] : nullptr;
    const JsonValue* output_shape =
        output ? FindMember(*shapes, GetString(*output, "shape")) : nullptr;
    const JsonValue* members = output_shape ? FindMember(*output_shape, "members") : nullptr;
    if (output && output->IsObject() && members && members->IsObject() &&
        members->MemberCount() > 0 && !output->HasMember("resultWrapper")) {
      output->AddMember("resultWrapper", MakeString(name + "Result", operations.GetAllocator()),
                        operations.GetAllocator());
    }
  }
  operations.AddMember(MakeString(name, operations.GetAllocator()), op_json,
                       operations.GetAllocator());
  // botocore parses the legacy suites' "character" shapes exactly as strings (its
  // _handle_character is _handle_string); the model loader knows no such type, no real model
  // uses it, so the runner spells it "string".
  JsonValue shape_map(*shapes, operations.GetAllocator());
  for (auto it = shape_map.MemberBegin(); it != shape_map.MemberEnd(); ++it) {
    if (GetString(it->value, "type") == "character") it->value["type"] = "string";
  }
  Result<std::unique_ptr<ServiceModel>> model =
      ServiceModel::FromParts(*metadata, shape_map, operations);
  if (!model.ok()) return "model: " + model.status().ToString();
  const aws::model::Operation* op = (*model)->FindOperation(name);
  if (!op) return "operation " + name + " not loaded";

  HttpResponse http = ResponseOf(*response, protocol);
  if (HasEventStreamPayload(*op)) {
    std::optional<std::string> bytes = Base64Decode(http.body);
    if (!bytes) return "event-stream body is not base64";
    http.body = std::move(*bytes);
  }
  ParseOptions options;
  options.timestamps = aws::TimestampOutput::kEpochSeconds;
  options.blobs = aws::BlobOutput::kRaw;
  options.include_response_metadata = false;

  const bool is_error = test_case.HasMember("error") || test_case.HasMember("errorCode");
  if (!is_error) {
    Result<JsonDocument> parsed = aws::ParseResponse(**model, *op, http, options);
    if (!parsed.ok()) return "ParseResponse failed: " + parsed.status().ToString();
    const JsonValue* expected = FindMember(test_case, "result");
    JsonValue empty(rapidjson::kObjectType);
    return Difference(expected ? *expected : empty, *parsed, "");
  }
  aws::AwsError error = aws::ParseErrorResponse(**model, *op, http, options);
  JsonDocument& actual = error.parsed;
  if (JsonValue* e = actual.HasMember("Error") ? &actual["Error"] : nullptr; e && e->IsObject()) {
    for (auto it = e->MemberBegin(); it != e->MemberEnd();) {
      std::string_view key = Str(it->name);
      it = key == "Code" || key == "Message" ? it + 1 : e->EraseMember(it);
    }
  }
  JsonDocument expected;
  expected.SetObject();
  auto& alloc = expected.GetAllocator();
  JsonValue expected_error(rapidjson::kObjectType);
  expected_error.AddMember("Code", MakeString(GetString(test_case, "errorCode", ""), alloc), alloc);
  expected_error.AddMember("Message", MakeString(GetString(test_case, "errorMessage", ""), alloc),
                           alloc);
  expected.AddMember("Error", expected_error, alloc);
  if (const JsonValue* members = FindMember(test_case, "error"); members && members->IsObject()) {
    for (auto it = members->MemberBegin(); it != members->MemberEnd(); ++it) {
      expected.RemoveMember(it->name);
      expected.AddMember(JsonValue(it->name, alloc), JsonValue(it->value, alloc), alloc);
    }
  }
  return Difference(expected, actual, "");
}

void RunSuiteFile(const fs::path& file, const std::string& label_prefix,
                  const std::set<std::string>* ignored, Tally& tally) {
  Result<std::string> text = ReadFile(file);
  Result<JsonDocument> doc = text.ok() ? ParseJson(*text) : Result<JsonDocument>(text.status());
  if (!doc.ok() || !doc->IsArray()) {
    ++tally.failed;
    tally.failures.push_back(label_prefix + ": unreadable suite file");
    return;
  }
  for (const JsonValue& suite : doc->GetArray()) {
    const JsonValue* cases = FindMember(suite, "cases");
    if (!cases || !cases->IsArray()) continue;
    int index = 0;
    for (const JsonValue& test_case : cases->GetArray()) {
      ++index;
      std::string id(GetString(test_case, "id"));
      std::string description(GetString(test_case, "description"));
      std::string label = label_prefix + ": " + std::string(GetString(suite, "description")) +
                          " / " + (id.empty() ? "case " + std::to_string(index) : id);
      if (ignored && (ignored->count(id) || ignored->count(description))) {
        tally.skipped.push_back(label + ": ignored by botocore");
        continue;
      }
      std::string difference = RunOutputCase(suite, test_case);
      if (difference.empty()) {
        ++tally.passed;
      } else {
        ++tally.failed;
        tally.failures.push_back(label + ": " + difference);
      }
    }
  }
}

void RunProtocolSuites(const fs::path& root, Tally& tally) {
  const auto ignored = LoadIgnoredOutputCases(root);
  for (const char* dir : {"output", "legacy/output"}) {
    for (const fs::path& file : SortedFiles(root / dir, ".json")) {
      std::string stem = file.stem().string();
      std::string label = std::string(dir) + "/" + file.filename().string();
      if (stem.find("cbor") != std::string::npos) {
        tally.skipped.push_back(label +
                                ": CBOR (smithy-rpc-v2-cbor) is not one of the five "
                                "protocols awscrape speaks");
        continue;
      }
      // Ignore-list ids name the smithy-generated suites; legacy cases have none.
      auto it = ignored.find(stem);
      RunSuiteFile(file, label, it == ignored.end() ? nullptr : &it->second, tally);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// response_parsing/ fixtures

// botocore's test_response_parsing skips these: they need handlers beyond the parser.
constexpr const char* kBotocoreSkipped[] = {"iam-get-user-policy", "iam-list-roles",
                                            "s3-get-bucket-location",
                                            "cloudformation-get-template"};

class ModelCache {
 public:
  ModelCache() {
    const char* env = std::getenv("AWSCRAPE_MODELS_DIR");
    dir_ = env && *env ? fs::path(env) : fs::path(AWSCRAPE_DEFAULT_MODELS_DIR);
  }
  const fs::path& dir() const { return dir_; }

  // The newest api-version of `service`, or an error.
  Result<const ServiceModel*> Get(const std::string& service) {
    auto it = models_.find(service);
    if (it != models_.end()) return static_cast<const ServiceModel*>(it->second.get());
    std::vector<fs::path> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_ / service, ec)) {
      if (entry.is_directory()) versions.push_back(entry.path());
    }
    std::sort(versions.begin(), versions.end());
    for (auto v = versions.rbegin(); v != versions.rend(); ++v) {
      for (const char* name : {"service-2.json", "service-2.json.gz"}) {
        if (!fs::exists(*v / name)) continue;
        AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(*v / name));
        AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseJson(text));
        AWSCRAPE_ASSIGN_OR_RETURN(std::unique_ptr<ServiceModel> model, ServiceModel::FromJson(doc));
        const ServiceModel* raw = model.get();
        models_[service] = std::move(model);
        return raw;
      }
    }
    return NotFound("no service-2.json for " + service + " under " + dir_.string());
  }

 private:
  fs::path dir_;
  std::map<std::string, std::unique_ptr<ServiceModel>> models_;
};

// "describe-db-instances" names the operation whose lower-cased name is "describedbinstances".
const aws::model::Operation* FindOperationByKebab(const ServiceModel& model,
                                                  std::string_view kebab) {
  std::string wanted;
  for (char c : kebab) {
    if (c != '-' && c != '_') wanted += c;
  }
  for (const aws::model::Operation& op : model.operations()) {
    if (Lower(op.name) == wanted) return &op;
  }
  return nullptr;
}

// One fixture: `response_file` parsed for `stem` ("<service>-<operation>[#n]") with `status`,
// compared to `expected_file`. Returns "" on success or what went wrong.
std::string RunFixture(ModelCache& models, const std::string& stem, const fs::path& response_file,
                       const fs::path& expected_file, int status) {
  size_t dash = stem.find('-');
  if (dash == std::string::npos) return "file name is not <service>-<operation>";
  std::string service = stem.substr(0, dash);
  std::string kebab = stem.substr(dash + 1);
  kebab = kebab.substr(0, kebab.find('#'));
  Result<const ServiceModel*> model = models.Get(service);
  if (!model.ok()) return model.status().ToString();
  const aws::model::Operation* op = FindOperationByKebab(**model, kebab);
  if (!op) return "no operation '" + kebab + "' in " + service;

  Result<std::string> body = ReadFile(response_file);
  if (!body.ok()) return body.status().ToString();
  HttpResponse http;
  http.status = status;
  http.body = std::move(*body);
  JsonDocument headers;
  headers.SetObject();
  if (http.body.find("__headers__") != std::string::npos) {
    Result<JsonDocument> raw = ParseJson(http.body);
    if (!raw.ok()) return "body with __headers__ is not JSON";
    if (const JsonValue* h = FindMember(*raw, "__headers__"); h && h->IsObject()) {
      headers.CopyFrom(*h, headers.GetAllocator());
      for (auto it = h->MemberBegin(); it != h->MemberEnd(); ++it) {
        if (it->value.IsString()) {
          http.headers.push_back({std::string(Str(it->name)), std::string(Str(it->value))});
        }
      }
    }
    raw->RemoveMember("__headers__");
    http.body = ToJson(*raw);
  }

  Result<std::string> expected_text = ReadFile(expected_file);
  if (!expected_text.ok()) return expected_text.status().ToString();
  Result<JsonDocument> expected = ParseJson(*expected_text);
  if (!expected.ok()) return "expected: " + expected.status().ToString();
  auto& alloc = expected->GetAllocator();
  if (!expected->HasMember("ResponseMetadata")) {
    expected->AddMember("ResponseMetadata", JsonValue(rapidjson::kObjectType), alloc);
  }
  JsonValue& metadata = (*expected)["ResponseMetadata"];
  metadata.RemoveMember("HTTPStatusCode");
  metadata.RemoveMember("HTTPHeaders");
  metadata.AddMember("HTTPStatusCode", status, alloc);
  metadata.AddMember("HTTPHeaders", JsonValue(headers, alloc), alloc);

  ParseOptions options;
  options.timestamps = aws::TimestampOutput::kRaw;
  options.blobs = aws::BlobOutput::kRaw;
  JsonDocument actual;
  if (status < 300) {
    Result<JsonDocument> parsed = aws::ParseResponse(**model, *op, http, options);
    if (!parsed.ok()) return "ParseResponse failed: " + parsed.status().ToString();
    actual = std::move(*parsed);
  } else {
    actual = std::move(aws::ParseErrorResponse(**model, *op, http, options).parsed);
    // botocore's fixture test runs the parser alone: no modelled members on top.
    for (auto it = actual.MemberBegin(); it != actual.MemberEnd();) {
      std::string_view key = Str(it->name);
      it = key == "Error" || key == "ResponseMetadata" ? it + 1 : actual.EraseMember(it);
    }
  }
  // RetryAttempts comes from the retry loop, not the parser botocore's test runs.
  if (actual.HasMember("ResponseMetadata"))
    actual["ResponseMetadata"].RemoveMember("RetryAttempts");
  return Difference(*expected, actual, "");
}

void Record(Tally& tally, const std::string& label, const std::string& difference) {
  if (difference.empty()) {
    ++tally.passed;
  } else {
    ++tally.failed;
    tally.failures.push_back(label + ": " + difference);
  }
}

bool IsBotocoreSkipped(const std::string& stem) {
  for (const char* skipped : kBotocoreSkipped) {
    if (stem.find(skipped) != std::string::npos) return true;
  }
  return false;
}

void RunResponseParsing(const fs::path& root, Tally& tally) {
  const fs::path dir = root / "response_parsing";
  if (!fs::is_directory(dir)) return;
  ModelCache models;
  for (const auto& [sub, status] :
       {std::pair{"xml/responses", 200}, std::pair{"xml/errors", 400}}) {
    for (const fs::path& json : SortedFiles(dir / sub, ".json")) {
      if (!fs::exists(fs::path(json).replace_extension(".xml"))) {
        tally.skipped.push_back("response_parsing/" + std::string(sub) + "/" +
                                json.filename().string() + ": no .xml response beside it");
      }
    }
    for (const fs::path& xml : SortedFiles(dir / sub, ".xml")) {
      std::string stem = xml.stem().string();
      std::string label = "response_parsing/" + std::string(sub) + "/" + xml.filename().string();
      if (IsBotocoreSkipped(stem)) {
        tally.skipped.push_back(label +
                                ": skipped by botocore (needs a handler beyond the "
                                "parser)");
        continue;
      }
      Record(tally, label,
             RunFixture(models, stem, xml, fs::path(xml).replace_extension(".json"), status));
    }
  }
  for (const fs::path& error : SortedFiles(dir / "json/errors", ".json")) {
    std::string label = "response_parsing/json/errors/" + error.filename().string();
    fs::path expected = dir / "json/expected" / error.filename();
    if (!fs::exists(expected)) {
      tally.skipped.push_back(label + ": no expected/ file beside it");
      continue;
    }
    Record(tally, label, RunFixture(models, error.stem().string(), error, expected, 400));
  }
}

}  // namespace

void RunOutputSuites(const fs::path& root, Tally& tally) {
  RunProtocolSuites(root, tally);
  RunResponseParsing(root, tally);
}

}  // namespace awscrape::conformance
