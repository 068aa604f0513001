#include "awscrape/scrape/scrape_metadata.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

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

}  // namespace awscrape::scrape
