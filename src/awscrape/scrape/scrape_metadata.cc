#include "awscrape/scrape/scrape_metadata.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "awscrape/core/file.h"
#include "awscrape/core/json.h"
#include "awscrape/scrape/spool_writer.h"

namespace awscrape::scrape {

std::string FormatScrapeMetadata(const ScrapeMetadata& m) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  auto str = [&](std::string_view key, std::string_view value) {
    doc.AddMember(MakeString(key, a), MakeString(value, a), a);
  };
  auto null_or = [&](std::string_view key, auto&& set) {
    JsonValue v;
    set(v);
    doc.AddMember(MakeString(key, a), v, a);
  };
  auto strings = [&](const std::vector<std::string>& list) {
    JsonValue v(rapidjson::kArrayType);
    for (const std::string& s : list) v.PushBack(MakeString(s, a), a);
    return v;
  };
  str("scrape_id", m.scrape_id);
  str("start_time", FormatIso8601(m.start_time, true));
  null_or("end_time", [&](JsonValue& v) {
    if (m.end_time) v = MakeString(FormatIso8601(*m.end_time, true), a);
  });
  null_or("duration_seconds", [&](JsonValue& v) {
    if (m.duration_seconds) v.SetDouble(*m.duration_seconds);
  });
  null_or("success", [&](JsonValue& v) {
    if (m.success) v.SetBool(*m.success);
  });
  null_or("return_code", [&](JsonValue& v) {
    if (m.return_code) v.SetInt(*m.return_code);
  });
  doc.AddMember("command", strings(m.command), a);
  if (m.services) {
    doc.AddMember("services", strings(*m.services), a);
  } else {
    str("services", "all");
  }
  doc.AddMember("regions", strings(m.regions), a);
  null_or("profile", [&](JsonValue& v) {
    if (!m.profile.empty()) v = MakeString(m.profile, a);
  });
  doc.AddMember("scraped_files_count", m.scraped_files_count, a);
  str("temp_directory", m.temp_directory);
  str("account_id", m.account_id);
  str("partition", m.partition);
  str("models_version", m.models_version);
  str("tool_version", AWSCRAPE_VERSION);
  doc.AddMember("planned_calls", m.planned_calls, a);
  JsonValue outcomes(rapidjson::kObjectType);
  for (const auto& [name, count] : m.outcomes) {
    outcomes.AddMember(MakeString(name, a), JsonValue(count), a);
  }
  doc.AddMember("outcomes", outcomes, a);
  doc.AddMember("disabled_regions", strings(m.disabled_regions), a);
  doc.AddMember("interrupted", m.interrupted, a);
  return ToJson(doc, /*pretty=*/true) + "\n";
}

Status WriteScrapeMetadata(const std::filesystem::path& scrape_dir,
                           const ScrapeMetadata& metadata) {
  std::string name(kScrapeMetadataFileName);
  return WriteFileViaRename(scrape_dir / ("." + name + "." + std::to_string(::getpid()) + ".tmp"),
                            scrape_dir / name, FormatScrapeMetadata(metadata));
}

namespace {

Status Wrong(std::string_view field) {
  return InvalidArgument("scrape metadata: '" + std::string(field) + "' is missing or malformed");
}

// Reads `field` into `out` with `read`, which answers false for a value of the wrong type; a
// missing or null member leaves `out` as it is when `required` is false.
template <typename Read>
Status ReadField(const JsonValue& doc, std::string_view field, bool required, Read&& read) {
  const JsonValue* value = FindMember(doc, field);
  if (!value || value->IsNull()) return required ? Wrong(field) : Status::Ok();
  return read(*value) ? Status::Ok() : Wrong(field);
}

bool ReadStrings(const JsonValue& value, std::vector<std::string>& out) {
  if (!value.IsArray()) return false;
  out.clear();
  for (const JsonValue& item : value.GetArray()) {
    if (!item.IsString()) return false;
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return true;
}

bool ReadTimestamp(const JsonValue& value, Timestamp& out) {
  if (!value.IsString()) return false;
  auto parsed = ParseIso8601(std::string_view(value.GetString(), value.GetStringLength()));
  if (parsed) out = *parsed;
  return parsed.has_value();
}

bool ReadText(const JsonValue& value, std::string& out) {
  if (!value.IsString()) return false;
  out.assign(value.GetString(), value.GetStringLength());
  return true;
}

}  // namespace

Result<ScrapeMetadata> ParseScrapeMetadata(std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseJson(text));
  if (!doc.IsObject()) return InvalidArgument("scrape metadata: not a JSON object");
  ScrapeMetadata m;
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "scrape_id", true, [&](const JsonValue& v) {
    return ReadText(v, m.scrape_id) && !m.scrape_id.empty();
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(
      doc, "start_time", true, [&](const JsonValue& v) { return ReadTimestamp(v, m.start_time); }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "end_time", false, [&](const JsonValue& v) {
    Timestamp end;
    if (!ReadTimestamp(v, end)) return false;
    m.end_time = end;
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "duration_seconds", false, [&](const JsonValue& v) {
    if (!v.IsNumber()) return false;
    m.duration_seconds = v.GetDouble();
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "success", false, [&](const JsonValue& v) {
    if (!v.IsBool()) return false;
    m.success = v.GetBool();
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "return_code", false, [&](const JsonValue& v) {
    if (!v.IsInt()) return false;
    m.return_code = v.GetInt();
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(
      doc, "command", false, [&](const JsonValue& v) { return ReadStrings(v, m.command); }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "services", false, [&](const JsonValue& v) {
    if (v.IsString()) return std::string_view(v.GetString()) == "all";
    std::vector<std::string> services;
    if (!ReadStrings(v, services)) return false;
    m.services = std::move(services);
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(
      doc, "regions", false, [&](const JsonValue& v) { return ReadStrings(v, m.regions); }));
  AWSCRAPE_RETURN_IF_ERROR(
      ReadField(doc, "profile", false, [&](const JsonValue& v) { return ReadText(v, m.profile); }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "scraped_files_count", false, [&](const JsonValue& v) {
    if (!v.IsInt64()) return false;
    m.scraped_files_count = v.GetInt64();
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "temp_directory", false, [&](const JsonValue& v) {
    return ReadText(v, m.temp_directory);
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(
      doc, "account_id", false, [&](const JsonValue& v) { return ReadText(v, m.account_id); }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "partition", false,
                                     [&](const JsonValue& v) { return ReadText(v, m.partition); }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "models_version", false, [&](const JsonValue& v) {
    return ReadText(v, m.models_version);
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "planned_calls", false, [&](const JsonValue& v) {
    if (!v.IsInt64()) return false;
    m.planned_calls = v.GetInt64();
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "outcomes", false, [&](const JsonValue& v) {
    if (!v.IsObject()) return false;
    for (const auto& member : v.GetObject()) {
      if (!member.value.IsInt64()) return false;
      m.outcomes[member.name.GetString()] = member.value.GetInt64();
    }
    return true;
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "disabled_regions", false, [&](const JsonValue& v) {
    return ReadStrings(v, m.disabled_regions);
  }));
  AWSCRAPE_RETURN_IF_ERROR(ReadField(doc, "interrupted", false, [&](const JsonValue& v) {
    if (!v.IsBool()) return false;
    m.interrupted = v.GetBool();
    return true;
  }));
  return m;
}

Result<ScrapeMetadata> ReadScrapeMetadata(const std::filesystem::path& scrape_dir) {
  const std::filesystem::path path = scrape_dir / kScrapeMetadataFileName;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return NotFound("no " + std::string(kScrapeMetadataFileName) + " in " + scrape_dir.string());
  }
  AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto parsed = ParseScrapeMetadata(text);
  if (!parsed.ok()) return parsed.status().WithContext(path.string());
  return parsed;
}

}  // namespace awscrape::scrape
