#include "awscrape/store/documents.h"

namespace awscrape::store {
namespace {

// Appends members to one object; keeps the field-by-field mappings below one line each.
class Builder {
 public:
  Builder(JsonValue& object, JsonAllocator& alloc) : object_(object), alloc_(alloc) {}

  void Str(std::string_view key, std::string_view value) { Add(key, MakeString(value, alloc_)); }
  void OptStr(std::string_view key, const std::optional<std::string>& value) {
    if (value) return Str(key, *value);
    Add(key, JsonValue());
  }
  void Int(std::string_view key, int64_t value) { Add(key, JsonValue(value)); }
  void Time(std::string_view key, Timestamp t) { Str(key, FormatStoreTime(t)); }
  void OptTime(std::string_view key, const std::optional<Timestamp>& t) {
    if (t) return Time(key, *t);
    Add(key, JsonValue());
  }
  void Strings(std::string_view key, const std::vector<std::string>& values) {
    JsonValue array(rapidjson::kArrayType);
    for (const auto& v : values) array.PushBack(MakeString(v, alloc_), alloc_);
    Add(key, std::move(array));
  }
  void Add(std::string_view key, JsonValue value) {
    object_.AddMember(MakeString(key, alloc_), value, alloc_);
  }

 private:
  JsonValue& object_;
  JsonAllocator& alloc_;
};

// Reads members of one object, remembering the first problem.
class Reader {
 public:
  explicit Reader(const JsonValue& object) : object_(object) {
    if (!object.IsObject()) status_ = InvalidArgument("document is not a JSON object");
  }

  std::string Str(std::string_view key) {
    const JsonValue* v = Get(key, false);
    if (!v) return {};
    if (!v->IsString()) return Fail(key, "a string"), std::string();
    return {v->GetString(), v->GetStringLength()};
  }
  std::optional<std::string> OptStr(std::string_view key) {
    const JsonValue* v = Get(key, true);
    if (!v || v->IsNull()) return std::nullopt;
    if (!v->IsString()) return Fail(key, "a string or null"), std::nullopt;
    return std::string(v->GetString(), v->GetStringLength());
  }
  int64_t Int(std::string_view key) {
    const JsonValue* v = Get(key, false);
    if (!v) return 0;
    if (!v->IsInt64()) return Fail(key, "an integer"), 0;
    return v->GetInt64();
  }
  std::optional<int64_t> OptInt(std::string_view key) {
    const JsonValue* v = Get(key, true);
    if (!v || v->IsNull()) return std::nullopt;
    if (!v->IsInt64()) return Fail(key, "an integer or null"), std::nullopt;
    return v->GetInt64();
  }
  std::optional<double> OptDouble(std::string_view key) {
    const JsonValue* v = Get(key, true);
    if (!v || v->IsNull()) return std::nullopt;
    if (!v->IsNumber()) return Fail(key, "a number or null"), std::nullopt;
    return v->GetDouble();
  }
  bool Bool(std::string_view key) {
    const JsonValue* v = Get(key, false);
    if (!v) return false;
    if (!v->IsBool()) return Fail(key, "a boolean"), false;
    return v->GetBool();
  }
  std::optional<bool> OptBool(std::string_view key) {
    const JsonValue* v = Get(key, true);
    if (!v || v->IsNull()) return std::nullopt;
    if (!v->IsBool()) return Fail(key, "a boolean or null"), std::nullopt;
    return v->GetBool();
  }
  Timestamp Time(std::string_view key) {
    auto t = OptTime(key);
    if (!t && status_.ok()) Fail(key, "an ISO-8601 date");
    return t.value_or(Timestamp{});
  }
  std::optional<Timestamp> OptTime(std::string_view key) {
    const JsonValue* v = Get(key, true);
    if (!v || v->IsNull()) return std::nullopt;
    std::optional<Timestamp> t;
    if (v->IsString()) t = ParseIso8601({v->GetString(), v->GetStringLength()});
    if (!t) return Fail(key, "an ISO-8601 date or null"), std::nullopt;
    return TruncateToMillis(*t);
  }
  std::vector<std::string> Strings(std::string_view key) {
    const JsonValue* v = Get(key, false);
    std::vector<std::string> out;
    if (!v) return out;
    if (!v->IsArray()) return Fail(key, "an array of strings"), out;
    for (const auto& item : v->GetArray()) {
      if (!item.IsString()) return Fail(key, "an array of strings"), out;
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return out;
  }
  const JsonValue* Get(std::string_view key, bool optional) {
    if (!status_.ok()) return nullptr;
    const JsonValue* v = FindMember(object_, key);
    if (!v && !optional) Fail(key, "present");
    return v;
  }
  void Fail(std::string_view key, std::string_view expected) {
    if (status_.ok()) {
      status_ =
          InvalidArgument("field '" + std::string(key) + "' must be " + std::string(expected));
    }
  }
  const Status& status() const { return status_; }

 private:
  const JsonValue& object_;
  Status status_;
};

}  // namespace

std::string FormatStoreTime(Timestamp t) { return FormatIso8601(t, /*with_millis=*/true); }

JsonDocument ScrapeToJson(const ScrapeRecord& s) {
  JsonDocument doc(rapidjson::kObjectType);
  Builder b(doc, doc.GetAllocator());
  b.Str("scrape_id", s.scrape_id);
  b.Time("start_time", s.start_time);
  b.OptTime("end_time", s.end_time);
  b.Add("duration_seconds", s.duration_seconds ? JsonValue(*s.duration_seconds) : JsonValue());
  b.Add("success", s.success ? JsonValue(*s.success) : JsonValue());
  b.Add("return_code", s.return_code ? JsonValue(*s.return_code) : JsonValue());
  b.Strings("command", s.command);
  if (s.services) {
    b.Strings("services", *s.services);
  } else {
    b.Str("services", "all");
  }
  b.Strings("regions", s.regions);
  b.OptStr("profile", s.profile);
  b.Int("scraped_files_count", s.scraped_files_count);
  b.Int("total_resources_saved", s.total_resources_saved);
  b.Str("temp_directory", s.temp_directory);
  b.Int("files_processed_to_mongo", s.files_processed_to_mongo);
  b.Add("temp_files_cleaned", JsonValue(s.temp_files_cleaned));
  b.Time("created_at", s.created_at);
  b.Time("updated_at", s.updated_at);
  b.Str("account_id", s.account_id);
  b.Str("partition", s.partition);
  b.Str("models_version", s.models_version);
  b.Str("tool_version", s.tool_version);
  return doc;
}

Result<ScrapeRecord> ScrapeFromJson(const JsonValue& json) {
  Reader r(json);
  ScrapeRecord s;
  s.scrape_id = r.Str("scrape_id");
  s.start_time = r.Time("start_time");
  s.end_time = r.OptTime("end_time");
  s.duration_seconds = r.OptDouble("duration_seconds");
  s.success = r.OptBool("success");
  s.return_code = r.OptInt("return_code");
  s.command = r.Strings("command");
  if (const JsonValue* services = r.Get("services", false)) {
    if (services->IsString() && std::string_view(services->GetString()) == "all") {
      s.services = std::nullopt;
    } else {
      s.services = r.Strings("services");
    }
  }
  s.regions = r.Strings("regions");
  s.profile = r.OptStr("profile");
  s.scraped_files_count = r.Int("scraped_files_count");
  s.total_resources_saved = r.Int("total_resources_saved");
  s.temp_directory = r.Str("temp_directory");
  s.files_processed_to_mongo = r.Int("files_processed_to_mongo");
  s.temp_files_cleaned = r.Bool("temp_files_cleaned");
  s.created_at = r.Time("created_at");
  s.updated_at = r.Time("updated_at");
  s.account_id = r.OptStr("account_id").value_or("");
  s.partition = r.OptStr("partition").value_or("");
  s.models_version = r.OptStr("models_version").value_or("");
  s.tool_version = r.OptStr("tool_version").value_or("");
  if (!r.status().ok()) return r.status();
  return s;
}

JsonDocument ResponseDocumentToJson(const ResponseDocument& d) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  Builder b(doc, alloc);
  b.Str("scrape_id", d.scrape_id);
  b.Time("scrape_timestamp", d.scrape_timestamp);
  b.Str("service", d.service);
  b.OptStr("region", d.region);
  b.OptStr("profile", d.profile);
  b.Str("operation", d.operation);
  b.Int("page", d.page);
  b.Str("account_id", d.account_id);
  b.Str("partition", d.partition);
  b.Str("source_filename", d.source_filename);
  JsonDocument response;
  response.Parse<rapidjson::kParseNanAndInfFlag>(d.response.data(), d.response.size());
  JsonValue embedded;
  if (!response.HasParseError()) embedded.CopyFrom(response, alloc);
  b.Add("response", std::move(embedded));
  b.Int("item_count", d.item_count);
  b.Str("temp_file_path", d.temp_file_path);
  b.Time("processed_at", d.processed_at);
  b.Time("created_at", d.created_at);
  b.Time("updated_at", d.updated_at);
  return doc;
}

Result<ResponseDocument> ResponseDocumentFromJson(const JsonValue& json) {
  Reader r(json);
  ResponseDocument d;
  d.scrape_id = r.Str("scrape_id");
  d.scrape_timestamp = r.Time("scrape_timestamp");
  d.service = r.Str("service");
  d.region = r.OptStr("region");
  d.profile = r.OptStr("profile");
  d.operation = r.Str("operation");
  d.page = r.OptInt("page").value_or(0);
  d.account_id = r.OptStr("account_id").value_or("");
  d.partition = r.OptStr("partition").value_or("");
  d.source_filename = r.Str("source_filename");
  if (const JsonValue* response = r.Get("response", false)) {
    if (!response->IsObject()) r.Fail("response", "a JSON object");
    d.response = ToJson(*response);
  }
  d.item_count = r.OptInt("item_count").value_or(0);
  d.temp_file_path = r.Str("temp_file_path");
  d.processed_at = r.Time("processed_at");
  d.created_at = r.Time("created_at");
  d.updated_at = r.Time("updated_at");
  if (!r.status().ok()) return r.status();
  return d;
}

JsonDocument LogEntryToJson(const LogEntry& e) {
  JsonDocument doc(rapidjson::kObjectType);
  Builder b(doc, doc.GetAllocator());
  b.Time("timestamp", e.timestamp);
  b.Str("level", e.level);
  b.Str("component", e.component);
  b.OptStr("scrape_id", e.scrape_id);
  b.Str("message", e.message);
  b.OptStr("error", e.error);
  b.OptStr("file_path", e.file_path);
  return doc;
}

Result<LogEntry> LogEntryFromJson(const JsonValue& json) {
  Reader r(json);
  LogEntry e;
  e.timestamp = r.Time("timestamp");
  e.level = r.Str("level");
  e.component = r.Str("component");
  e.scrape_id = r.OptStr("scrape_id");
  e.message = r.Str("message");
  e.error = r.OptStr("error");
  e.file_path = r.OptStr("file_path");
  if (!r.status().ok()) return r.status();
  return e;
}

JsonDocument CallOutcomeToJson(const CallOutcome& o) {
  JsonDocument doc(rapidjson::kObjectType);
  Builder b(doc, doc.GetAllocator());
  b.Str("scrape_id", o.scrape_id);
  b.Str("service", o.service);
  b.OptStr("region", o.region);
  b.Str("operation", o.operation);
  b.Str("outcome", CallOutcomeName(o.outcome));
  b.Str("error_code", o.error_code);
  b.Int("http_status", o.http_status);
  b.Int("duration_ms", o.duration_ms);
  b.Int("attempts", o.attempts);
  b.Int("retries", o.retries);
  b.Int("pages", o.pages);
  b.Str("request_id", o.request_id);
  b.Int("items", o.items);
  b.Time("recorded_at", o.recorded_at);
  return doc;
}

Result<CallOutcome> CallOutcomeFromJson(const JsonValue& json) {
  Reader r(json);
  CallOutcome o;
  o.scrape_id = r.Str("scrape_id");
  o.service = r.Str("service");
  o.region = r.OptStr("region");
  o.operation = r.Str("operation");
  std::string outcome = r.Str("outcome");
  o.error_code = r.Str("error_code");
  o.http_status = r.Int("http_status");
  o.duration_ms = r.Int("duration_ms");
  o.attempts = r.Int("attempts");
  o.retries = r.Int("retries");
  o.pages = r.Int("pages");
  o.request_id = r.Str("request_id");
  o.items = r.Int("items");
  o.recorded_at = r.Time("recorded_at");
  if (!r.status().ok()) return r.status();
  auto kind = ParseCallOutcome(outcome);
  if (!kind) return InvalidArgument("unknown outcome '" + outcome + "'");
  o.outcome = *kind;
  return o;
}

JsonDocument StatsToJson(const Stats& s) {
  JsonDocument doc(rapidjson::kObjectType);
  Builder b(doc, doc.GetAllocator());
  b.Int("total_scrapes", s.total_scrapes);
  b.Int("successful_scrapes", s.successful_scrapes);
  b.Int("total_resources", s.total_resources);
  b.Strings("services_discovered", s.services_discovered);
  b.Strings("regions_scanned", s.regions_scanned);
  b.OptTime("last_scrape", s.last_scrape);
  return doc;
}

JsonDocument GroupStatsToJson(const std::vector<GroupStats>& groups) {
  JsonDocument doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const auto& g : groups) {
    JsonValue row(rapidjson::kObjectType);
    Builder b(row, alloc);
    b.Str("_id", g.key);
    b.Int("count", g.documents);
    b.Int("items", g.items);
    b.Int("scrapes", g.scrapes);
    doc.PushBack(row, alloc);
  }
  return doc;
}

JsonDocument TimelineToJson(const std::vector<TimelineDay>& days) {
  JsonDocument doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const auto& d : days) {
    JsonValue row(rapidjson::kObjectType);
    Builder b(row, alloc);
    b.Str("date", d.date);
    b.Int("scrapes", d.scrapes);
    b.Int("successful_scrapes", d.successful_scrapes);
    b.Int("documents", d.documents);
    b.Int("items", d.items);
    doc.PushBack(row, alloc);
  }
  return doc;
}

JsonDocument DeleteCountsToJson(const DeleteCounts& c) {
  JsonDocument doc(rapidjson::kObjectType);
  Builder b(doc, doc.GetAllocator());
  b.Int("scrapes", c.scrapes);
  b.Int("documents", c.documents);
  b.Int("outcomes", c.outcomes);
  b.Int("logs", c.logs);
  return doc;
}

}  // namespace awscrape::store
