#include "bench_cases.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "awscrape/core/file.h"

namespace awscrape::bench {
namespace {

std::string Abbreviate(const JsonValue& value) {
  std::string text = ToJson(value);
  return text.size() > 160 ? text.substr(0, 160) + "..." : text;
}

// The first difference between two JSON values, as "path: ours vs botocore's"; empty if equal.
std::string FirstDifference(const JsonValue& ours, const JsonValue& theirs,
                            const std::string& path) {
  if (JsonEquals(ours, theirs)) return {};
  if (ours.IsObject() && theirs.IsObject()) {
    for (auto it = theirs.MemberBegin(); it != theirs.MemberEnd(); ++it) {
      std::string name(it->name.GetString(), it->name.GetStringLength());
      const JsonValue* mine = FindMember(ours, name);
      if (!mine) return path + "." + name + ": missing in ours";
      std::string diff = FirstDifference(*mine, it->value, path + "." + name);
      if (!diff.empty()) return diff;
    }
    for (auto it = ours.MemberBegin(); it != ours.MemberEnd(); ++it) {
      std::string name(it->name.GetString(), it->name.GetStringLength());
      if (!FindMember(theirs, name)) return path + "." + name + ": not in botocore's";
    }
  }
  if (ours.IsArray() && theirs.IsArray()) {
    if (ours.Size() != theirs.Size()) {
      return path + ": " + std::to_string(ours.Size()) + " items vs " +
             std::to_string(theirs.Size());
    }
    for (rapidjson::SizeType i = 0; i < ours.Size(); ++i) {
      std::string diff = FirstDifference(ours[i], theirs[i], path + "[" + std::to_string(i) + "]");
      if (!diff.empty()) return diff;
    }
  }
  return path + ": " + Abbreviate(ours) + " vs " + Abbreviate(theirs);
}

Result<BenchCase> LoadCase(const aws::model::ModelCatalogue& catalogue,
                           const std::filesystem::path& dir, const std::string& name) {
  BenchCase c;
  c.name = name;
  AWSCRAPE_ASSIGN_OR_RETURN(std::string meta_text, ReadFile(dir / (name + ".json")));
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument meta, ParseJson(meta_text));
  c.kind = std::string(GetString(meta, "kind"));
  c.service = std::string(GetString(meta, "service"));
  c.operation_name = std::string(GetString(meta, "operation"));
  AWSCRAPE_ASSIGN_OR_RETURN(c.entry, catalogue.GetService(c.service));
  c.operation = c.entry->model->FindOperation(c.operation_name);
  if (!c.operation) return NotFound(name + ": no operation " + c.operation_name);

  const JsonValue* status = FindMember(meta, "status");
  c.response.status = status && status->IsInt() ? status->GetInt() : 200;
  if (const JsonValue* headers = FindMember(meta, "headers"); headers && headers->IsArray()) {
    for (const JsonValue& pair : headers->GetArray()) {
      if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString() || !pair[1].IsString()) {
        return ParseError(name + ".json: headers must be [name, value] pairs");
      }
      c.response.headers.push_back({pair[0].GetString(), pair[1].GetString()});
    }
  }
  AWSCRAPE_ASSIGN_OR_RETURN(c.response.body, ReadFile(dir / (name + ".body")));
  AWSCRAPE_ASSIGN_OR_RETURN(std::string expected_text, ReadFile(dir / (name + ".expected.json")));
  AWSCRAPE_ASSIGN_OR_RETURN(c.expected, ParseJson(expected_text));

  if (const JsonValue* params = FindMember(meta, "params")) {
    c.params.CopyFrom(*params, c.params.GetAllocator());
  } else {
    c.params.SetObject();
  }
  c.host = std::string(GetString(meta, "host"));
  c.region = std::string(GetString(meta, "region", "us-east-1"));
  return c;
}

}  // namespace

std::string BenchDataDir() {
  const char* env = std::getenv("AWSCRAPE_BENCH_DATA");
  return env && *env ? env : AWSCRAPE_BENCH_DATA_DIR;
}

Result<std::vector<BenchCase>> LoadBenchCases(const std::string& dir) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto catalogue, aws::model::ModelCatalogue::Open(
                                                aws::model::ModelCatalogue::DefaultDataDir()));
  AWSCRAPE_ASSIGN_OR_RETURN(std::string list_text,
                            ReadFile(std::filesystem::path(dir) / "cases.json"));
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument list, ParseJson(list_text));
  if (!list.IsArray()) return ParseError("cases.json: expected an array of case names");
  std::vector<BenchCase> cases;
  for (const JsonValue& name : list.GetArray()) {
    if (!name.IsString()) return ParseError("cases.json: expected an array of case names");
    AWSCRAPE_ASSIGN_OR_RETURN(BenchCase c, LoadCase(*catalogue, dir, name.GetString()));
    cases.push_back(std::move(c));
  }
  return cases;
}

Status CheckAgainstBotocore(const BenchCase& c) {
  auto parsed = aws::ParseResponse(*c.entry->model, *c.operation, c.response, aws::ParseOptions{});
  if (!parsed.ok()) return parsed.status().WithContext(c.name);
  std::string diff = FirstDifference(*parsed, c.expected, "$");
  if (!diff.empty()) return Internal(c.name + ": awscrape and botocore disagree at " + diff);
  return Status::Ok();
}

aws::SigningOptions SigningOptionsFor(const BenchCase& c) {
  const aws::model::ServiceMetadata& metadata = c.entry->model->metadata();
  aws::SigningOptions options;
  options.region = c.region;
  options.service =
      metadata.signing_name.empty() ? metadata.endpoint_prefix : metadata.signing_name;
  options.time = Timestamp::FromEpochSeconds(1717243200);  // 2024-06-01T12:00:00Z
  if (metadata.signature_version == "s3" || metadata.signature_version == "s3v4") {
    aws::ApplyS3Rules(options);
  }
  return options;
}

const std::vector<BenchCase>& CasesOrDie() {
  static const std::vector<BenchCase> cases = [] {
    std::string dir = BenchDataDir();
    auto loaded = LoadBenchCases(dir);
    if (!loaded.ok()) {
      std::fprintf(stderr,
                   "cannot load the benchmark cases from %s: %s\n"
                   "generate them with: /usr/bin/python3 bench/gen_responses.py %s\n",
                   dir.c_str(), loaded.status().ToString().c_str(), dir.c_str());
      std::exit(2);
    }
    return std::move(loaded).value();
  }();
  return cases;
}

void RegisterError(const std::string& name, const Status& error) {
  std::fprintf(stderr, "%s: %s\n", name.c_str(), error.ToString().c_str());
  benchmark::RegisterBenchmark(name.c_str(), [message = error.ToString()](benchmark::State& state) {
    for (auto _ : state) {
      state.SkipWithError(message.c_str());
      break;
    }
  });
}

}  // namespace awscrape::bench
