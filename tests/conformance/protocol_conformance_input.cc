// The request-serialisation half of the protocol conformance runner: every case of input/*.json
// and legacy/input/*.json is serialised with SerializeRequest and compared the way botocore's
// tests/unit/test_protocols.py compares (see the vectors' README): JSON bodies as parsed JSON,
// rest-xml bodies as canonical XML, query bodies as exact strings, headers case-insensitively
// with list headers normalised, then forbidden and required headers, URI, method and host.
//
// Cases on protocol-tests-ignore-list.json are run too but only reported as skipped, each saying
// whether it would pass ("would pass" / "would fail: ..."); they never fail the run.
#include <algorithm>
#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/aws/model/service_model.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"
#include "protocol_conformance.h"

namespace awscrape::conformance {
namespace {

namespace fs = std::filesystem;
using aws::HttpRequest;

std::string Str(const JsonValue& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : ToJson(v);
}

// A value quoted on one line, long ones cut.
std::string Clip(std::string_view s, size_t limit = 240) {
  std::string out = "'";
  for (char c : s.substr(0, limit)) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  if (s.size() > limit) out += "...";
  return out + "'";
}

bool Contains(const JsonValue* list, std::string_view name) {
  if (!list || !list->IsArray()) return false;
  for (const JsonValue& v : list->GetArray()) {
    if (v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == name) return true;
  }
  return false;
}

// botocore's ignore list: suites by description and cases by id, general and per protocol
// (the vector file's name without ".json").
class IgnoreList {
 public:
  explicit IgnoreList(const fs::path& file) {
    if (auto text = ReadFile(file); text.ok()) {
      if (auto doc = ParseJson(*text); doc.ok()) doc_ = std::move(doc).value();
    }
  }
  bool Ignores(std::string_view protocol, std::string_view suite, std::string_view id) const {
    if (!doc_.IsObject()) return false;
    auto lists = [&](const JsonValue* scope) {
      const JsonValue* input = scope ? FindMember(*scope, "input") : nullptr;
      return input && (Contains(FindMember(*input, "suites"), suite) ||
                       (!id.empty() && Contains(FindMember(*input, "cases"), id)));
    };
    if (lists(FindMember(doc_, "general"))) return true;
    const JsonValue* protocols = FindMember(doc_, "protocols");
    return protocols && lists(FindMember(*protocols, protocol));
  }

 private:
  JsonDocument doc_;
};

// Canonical XML for comparison: attributes sorted, whitespace-only text dropped, no
// declarations or comments. Empty when the text is not XML.
void Canonicalize(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) {
      out += '<';
      out += child.name();
      std::vector<std::pair<std::string, std::string>> attributes;
      for (pugi::xml_attribute a : child.attributes()) attributes.emplace_back(a.name(), a.value());
      std::sort(attributes.begin(), attributes.end());
      for (const auto& [name, value] : attributes) out += " " + name + "=\"" + value + "\"";
      out += '>';
      Canonicalize(child, out);
      out += "</";
      out += child.name();
      out += '>';
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      std::string_view text = child.value();
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) out += text;
    }
  }
}

bool CanonicalXml(std::string_view text, std::string& out) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default)) return false;
  Canonicalize(doc, out);
  return true;
}

struct Endpoint {
  std::string scheme = "https";
  std::string host = "example.com";
  std::string path;
};

Endpoint ParseEndpoint(std::string_view url) {
  Endpoint e;
  if (url.empty()) return e;
  if (size_t sep = url.find("://"); sep != std::string_view::npos) {
    e.scheme = std::string(url.substr(0, sep));
    url.remove_prefix(sep + 3);
  }
  size_t slash = url.find('/');
  e.host = std::string(url.substr(0, slash));
  if (slash != std::string_view::npos) e.path = std::string(url.substr(slash));
  return e;
}

// The differences between `actual` and the case's `serialized`; empty when it passes.
std::vector<std::string> Compare(const HttpRequest& actual, const JsonValue& expected,
                                 const aws::model::ServiceModel& model,
                                 const aws::model::Operation& operation, bool legacy) {
  std::vector<std::string> diffs;
  const std::string& protocol = model.metadata().protocol;

  if (const JsonValue* body = FindMember(expected, "body"); body && body->IsString()) {
    std::string_view want(body->GetString(), body->GetStringLength());
    bool same;
    if (protocol == "json" || protocol == "rest-json") {
      auto a = ParseJson(actual.body);
      auto b = ParseJson(want);
      if (a.ok() && b.ok()) {
        same = JsonEquals(*a, *b);
      } else {
        same = protocol == "rest-json" && actual.body == want;
      }
    } else if (protocol == "rest-xml") {
      std::string a, b;
      if (CanonicalXml(actual.body, a) && CanonicalXml(want, b)) {
        same = a == b;
      } else {
        same = actual.body == want;
      }
    } else {
      same = actual.body == want;
    }
    if (!same)
      diffs.push_back("body (expected " + Clip(want) + " vs got " + Clip(actual.body) + ")");
  }

  // List headers: the vectors join items with ", ", botocore with ","; timestamps hold ", ".
  std::vector<std::pair<std::string, bool>> list_headers;  // name, items are timestamps
  if (operation.input) {
    for (const auto& m : operation.input->members) {
      if (m.traits.location == aws::model::Location::kHeader &&
          m.shape->type == aws::model::ShapeType::kList && !m.traits.location_name.empty()) {
        list_headers.emplace_back(m.traits.location_name, m.shape->list_member.shape->type ==
                                                              aws::model::ShapeType::kTimestamp);
      }
    }
  }
  auto normalise = [](std::string value) {
    for (size_t at; (at = value.find(", ")) != std::string::npos;) value.erase(at + 1, 1);
    return value;
  };

  if (const JsonValue* headers = FindMember(expected, "headers"); headers && headers->IsObject()) {
    for (auto it = headers->MemberBegin(); it != headers->MemberEnd(); ++it) {
      std::string name = Str(it->name);
      std::string want = Str(it->value);
      if (aws::HeaderNameEquals(name, "Content-Type")) {
        if (protocol == "query" || protocol == "ec2") {
          if (want.find("charset=utf-8") == std::string::npos) want += "; charset=utf-8";
        } else if (protocol == "rest-xml") {
          continue;  // botocore sets no Content-Type for rest-xml
        } else if (protocol == "rest-json" && want != "application/json") {
          continue;  // nor for rest-json streaming payloads
        }
      }
      const std::string* got = aws::FindHeader(actual.headers, name);
      if (!got) {
        diffs.push_back("header " + name + " missing (expected " + Clip(want) + ")");
        continue;
      }
      std::string have = *got;
      for (const auto& [list_name, timestamps] : list_headers) {
        if (!aws::HeaderNameEquals(list_name, name)) continue;
        want = normalise(want);
        if (timestamps) have = normalise(have);
      }
      if (have != want) {
        diffs.push_back("header " + name + " (expected " + Clip(want) + " vs got " + Clip(have) +
                        ")");
      }
    }
  }
  if (const JsonValue* forbid = FindMember(expected, "forbidHeaders");
      forbid && forbid->IsArray()) {
    for (const JsonValue& h : forbid->GetArray()) {
      // The legacy suites describe botocore's serializer output, which its HTTP layer completes
      // with Content-Length afterwards; SerializeRequest returns the request as sent, which the
      // smithy suites require to carry Content-Length. The two cannot both hold.
      if (legacy && aws::HeaderNameEquals(Str(h), "Content-Length")) continue;
      if (const std::string* got = aws::FindHeader(actual.headers, Str(h))) {
        diffs.push_back("forbidden header " + Str(h) + " present (" + Clip(*got) + ")");
      }
    }
  }
  if (const JsonValue* require = FindMember(expected, "requireHeaders");
      require && require->IsArray()) {
    for (const JsonValue& h : require->GetArray()) {
      if (!aws::FindHeader(actual.headers, Str(h))) {
        diffs.push_back("required header " + Str(h) + " missing");
      }
    }
  }
  std::string uri = actual.path + (actual.query.empty() ? "" : "?" + actual.query);
  std::string want_uri(GetString(expected, "uri"));
  if (uri != want_uri)
    diffs.push_back("uri (expected " + Clip(want_uri) + " vs got " + Clip(uri) + ")");
  if (const JsonValue* method = FindMember(expected, "method");
      method && method->IsString() && Str(*method) != actual.method) {
    diffs.push_back("method (expected " + Str(*method) + " vs got " + actual.method + ")");
  }
  if (const JsonValue* host = FindMember(expected, "host");
      host && host->IsString() && Str(*host) != actual.host) {
    diffs.push_back("host (expected " + Clip(Str(*host)) + " vs got " + Clip(actual.host) + ")");
  }
  return diffs;
}

// Serialises one case; returns what differed, empty when it passes.
std::vector<std::string> RunCase(const JsonValue& suite, const JsonValue& kase, bool legacy) {
  const JsonValue* metadata = FindMember(suite, "metadata");
  const JsonValue* shapes = FindMember(suite, "shapes");
  const JsonValue* given = FindMember(kase, "given");
  if (!metadata || !shapes || !given) return {"suite or case lacks metadata, shapes or given"};

  JsonDocument operations(rapidjson::kArrayType);
  JsonValue op(rapidjson::kObjectType);
  op.CopyFrom(*given, operations.GetAllocator());
  if (!op.HasMember("name")) op.AddMember("name", "OperationName", operations.GetAllocator());
  std::string name = Str(op["name"]);
  operations.PushBack(op, operations.GetAllocator());

  auto model = aws::model::ServiceModel::FromParts(*metadata, *shapes, operations);
  if (!model.ok()) return {"model: " + model.status().ToString()};
  const aws::model::Operation* operation = (*model)->FindOperation(name);
  if (!operation) return {"model: operation " + name + " not loaded"};

  Endpoint endpoint = ParseEndpoint(GetString(suite, "clientEndpoint"));
  aws::SerializeOptions options;
  options.scheme = endpoint.scheme;
  options.host = endpoint.host;
  options.base_path = endpoint.path;
  // The vectors' fixed token, as smithy's harness injects it.
  options.new_idempotency_token = [] {
    return std::string("00000000-0000-4000-8000-000000000000");
  };

  auto request = aws::SerializeRequest(**model, *operation, *FindMember(kase, "params"), options);
  if (!request.ok()) return {"serialisation failed: " + request.status().ToString()};
  const JsonValue* expected = FindMember(kase, "serialized");
  if (!expected) return {"case lacks serialized"};
  return Compare(*request, *expected, **model, *operation, legacy);
}

void RunFile(const fs::path& root, const fs::path& file, const IgnoreList& ignore, Tally& tally) {
  const std::string label = fs::relative(file, root).generic_string();
  const std::string protocol = file.stem().string();
  const bool legacy = label.starts_with("legacy/");
  auto text = ReadFile(file);
  if (!text.ok()) {
    ++tally.failed;
    tally.failures.push_back(label + ": " + text.status().ToString());
    return;
  }
  auto doc = ParseJson(*text);
  if (!doc.ok() || !doc->IsArray()) {
    ++tally.failed;
    tally.failures.push_back(label + ": not a JSON array of suites");
    return;
  }
  for (const JsonValue& suite : doc->GetArray()) {
    const std::string description(GetString(suite, "description"));
    const JsonValue* cases = FindMember(suite, "cases");
    if (!cases || !cases->IsArray()) continue;
    int index = 0;
    for (const JsonValue& kase : cases->GetArray()) {
      const std::string id(GetString(kase, "id"));
      const std::string where =
          label + ": " + description + " / " + (id.empty() ? "case " + std::to_string(index) : id);
      ++index;
      if (!FindMember(kase, "params")) {
        tally.skipped.push_back(where + ": legacy case without params (botocore does not run it)");
        continue;
      }
      std::vector<std::string> diffs = RunCase(suite, kase, legacy);
      std::string what;
      for (const std::string& d : diffs) what += (what.empty() ? "" : "; ") + d;
      if (ignore.Ignores(protocol, description, id)) {
        tally.skipped.push_back(
            where + ": ignored by botocore (" +
            (diffs.empty() ? std::string("would pass") : "would fail: " + what) + ")");
        continue;
      }
      if (diffs.empty()) {
        ++tally.passed;
      } else {
        ++tally.failed;
        tally.failures.push_back(where + ": " + what);
      }
    }
  }
}

std::vector<fs::path> JsonFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

void RunInputSuites(const fs::path& root, Tally& tally) {
  const IgnoreList ignore(root / "protocol-tests-ignore-list.json");
  for (const fs::path& dir : {root / "input", root / "legacy" / "input"}) {
    for (const fs::path& file : JsonFiles(dir)) {
      if (file.filename().string().starts_with("smithy-rpc-v2-cbor")) {
        tally.skipped.push_back(fs::relative(file, root).generic_string() +
                                ": CBOR (smithy-rpc-v2-cbor) is not one of the five protocols");
        continue;
      }
      RunFile(root, file, ignore, tally);
    }
  }
}

}  // namespace awscrape::conformance
