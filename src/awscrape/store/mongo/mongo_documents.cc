#include "awscrape/store/mongo/mongo_documents.h"

#include <cmath>
#include <vector>

#include "awscrape/store/mongo/bson_json.h"
#include "awscrape/store/response_body.h"

namespace awscrape::store::mongo {
namespace {

void AppendTime(bson_t* doc, std::string_view key, Timestamp t) {
  bson_append_date_time(doc, key.data(), static_cast<int>(key.size()), ToMillis(t));
}

void AppendOptTime(bson_t* doc, std::string_view key, const std::optional<Timestamp>& t) {
  if (t) return AppendTime(doc, key, *t);
  AppendNull(doc, key);
}

void AppendOptUtf8(bson_t* doc, std::string_view key, const std::optional<std::string>& value) {
  if (value) return AppendUtf8(doc, key, *value);
  AppendNull(doc, key);
}

void AppendStrings(bson_t* doc, std::string_view key, const std::vector<std::string>& values) {
  bson_t array;
  bson_append_array_begin(doc, key.data(), static_cast<int>(key.size()), &array);
  uint32_t index = 0;
  for (const auto& value : values) {
    char buffer[16];
    const char* index_key = nullptr;
    size_t length = bson_uint32_to_string(index++, &index_key, buffer, sizeof buffer);
    bson_append_utf8(&array, index_key, static_cast<int>(length), value.data(),
                     static_cast<int>(value.size()));
  }
  bson_append_array_end(doc, &array);
}

void Concat(bson_t* out, const bson_t& part) { bson_concat(out, &part); }

// Reads fields of one document, remembering the first problem (like documents.cc's Reader).
class Fields {
 public:
  explicit Fields(const bson_t& doc) : doc_(doc) {}

  std::string Str(std::string_view key) { return OptStrImpl(key, false).value_or(""); }
  std::optional<std::string> OptStr(std::string_view key) { return OptStrImpl(key, true); }
  int64_t Int(std::string_view key) { return OptIntImpl(key, false).value_or(0); }
  std::optional<int64_t> OptInt(std::string_view key) { return OptIntImpl(key, true); }
  std::optional<double> OptDouble(std::string_view key) {
    bson_iter_t it;
    if (!Find(key, true, it) || BSON_ITER_HOLDS_NULL(&it)) return std::nullopt;
    if (!BSON_ITER_HOLDS_NUMBER(&it)) return Fail(key, "a number or null"), std::nullopt;
    return bson_iter_as_double(&it);
  }
  bool Bool(std::string_view key) { return OptBoolImpl(key, false).value_or(false); }
  std::optional<bool> OptBool(std::string_view key) { return OptBoolImpl(key, true); }
  Timestamp Time(std::string_view key) { return OptTimeImpl(key, false).value_or(Timestamp{}); }
  std::optional<Timestamp> OptTime(std::string_view key) { return OptTimeImpl(key, true); }
  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    bson_iter_t it;
    if (!Find(key, false, it)) return out;
    bson_iter_t child;
    if (!BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &child)) {
      return Fail(key, "an array of strings"), out;
    }
    while (bson_iter_next(&child)) {
      if (!BSON_ITER_HOLDS_UTF8(&child)) return Fail(key, "an array of strings"), out;
      uint32_t length = 0;
      const char* text = bson_iter_utf8(&child, &length);
      out.emplace_back(text, length);
    }
    return out;
  }
  // null (and, for documents written by other tools, "" or a missing field) is a global call.
  std::optional<std::string> Region(std::string_view key) {
    auto region = OptStr(key);
    if (region && region->empty()) return std::nullopt;
    return region;
  }
  bool Find(std::string_view key, bool optional, bson_iter_t& it) {
    if (!status_.ok()) return false;
    if (bson_iter_init_find_w_len(&it, &doc_, key.data(), static_cast<int>(key.size()))) {
      return true;
    }
    if (!optional) Fail(key, "present");
    return false;
  }
  void Fail(std::string_view key, std::string_view expected) {
    if (status_.ok()) {
      status_ = ParseError("stored field '" + std::string(key) + "' must be " +
                           std::string(expected) + ": " + CanonicalJson(doc_));
    }
  }
  const Status& status() const { return status_; }

 private:
  std::optional<std::string> OptStrImpl(std::string_view key, bool optional) {
    bson_iter_t it;
    if (!Find(key, optional, it) || (optional && BSON_ITER_HOLDS_NULL(&it))) return std::nullopt;
    if (!BSON_ITER_HOLDS_UTF8(&it)) return Fail(key, "a string"), std::nullopt;
    uint32_t length = 0;
    const char* text = bson_iter_utf8(&it, &length);
    return std::string(text, length);
  }
  // Integers written by other drivers may be int32 or integral doubles.
  std::optional<int64_t> OptIntImpl(std::string_view key, bool optional) {
    bson_iter_t it;
    if (!Find(key, optional, it) || (optional && BSON_ITER_HOLDS_NULL(&it))) return std::nullopt;
    if (BSON_ITER_HOLDS_INT(&it)) return bson_iter_as_int64(&it);
    if (BSON_ITER_HOLDS_DOUBLE(&it)) {
      double v = bson_iter_double(&it);
      if (std::trunc(v) == v && std::fabs(v) < 9.0e18) return static_cast<int64_t>(v);
    }
    return Fail(key, "an integer"), std::nullopt;
  }
  std::optional<bool> OptBoolImpl(std::string_view key, bool optional) {
    bson_iter_t it;
    if (!Find(key, optional, it) || (optional && BSON_ITER_HOLDS_NULL(&it))) return std::nullopt;
    if (!BSON_ITER_HOLDS_BOOL(&it)) return Fail(key, "a boolean"), std::nullopt;
    return bson_iter_bool(&it);
  }
  std::optional<Timestamp> OptTimeImpl(std::string_view key, bool optional) {
    bson_iter_t it;
    if (!Find(key, optional, it) || (optional && BSON_ITER_HOLDS_NULL(&it))) return std::nullopt;
    if (!BSON_ITER_HOLDS_DATE_TIME(&it)) return Fail(key, "a date"), std::nullopt;
    return FromMillis(bson_iter_date_time(&it));
  }

  const bson_t& doc_;
  Status status_;
};

}  // namespace

int64_t ToMillis(Timestamp t) { return t.seconds * 1000 + t.microseconds / 1000; }

Timestamp FromMillis(int64_t ms) {
  int64_t seconds = ms / 1000;
  int64_t rest = ms % 1000;
  if (rest < 0) rest += 1000, --seconds;
  return Timestamp{seconds, static_cast<int32_t>(rest * 1000)};
}

void AppendRegion(bson_t* doc, const std::optional<std::string>& region) {
  if (region && !region->empty()) return AppendUtf8(doc, "region", *region);
  AppendNull(doc, "region");
}

// --- scrapes ---------------------------------------------------------------------------------

BsonPtr ScrapeKey(std::string_view scrape_id) {
  BsonPtr key = NewBson();
  AppendUtf8(key.get(), "scrape_id", scrape_id);
  return key;
}

BsonPtr ScrapeToBson(const ScrapeRecord& s) {
  BsonPtr doc = NewBson();
  bson_t* d = doc.get();
  AppendUtf8(d, "scrape_id", s.scrape_id);
  AppendTime(d, "start_time", s.start_time);
  AppendOptTime(d, "end_time", s.end_time);
  if (s.duration_seconds) {
    BSON_APPEND_DOUBLE(d, "duration_seconds", *s.duration_seconds);
  } else {
    AppendNull(d, "duration_seconds");
  }
  if (s.success) {
    AppendBool(d, "success", *s.success);
  } else {
    AppendNull(d, "success");
  }
  if (s.return_code) {
    AppendInt64(d, "return_code", *s.return_code);
  } else {
    AppendNull(d, "return_code");
  }
  AppendStrings(d, "command", s.command);
  if (s.services) {
    AppendStrings(d, "services", *s.services);
  } else {
    AppendUtf8(d, "services", "all");
  }
  AppendStrings(d, "regions", s.regions);
  AppendOptUtf8(d, "profile", s.profile);
  AppendInt64(d, "scraped_files_count", s.scraped_files_count);
  AppendInt64(d, "total_resources_saved", s.total_resources_saved);
  AppendUtf8(d, "temp_directory", s.temp_directory);
  AppendInt64(d, "files_processed_to_mongo", s.files_processed_to_mongo);
  AppendBool(d, "temp_files_cleaned", s.temp_files_cleaned);
  AppendTime(d, "created_at", s.created_at);
  AppendTime(d, "updated_at", s.updated_at);
  AppendUtf8(d, "account_id", s.account_id);
  AppendUtf8(d, "partition", s.partition);
  AppendUtf8(d, "models_version", s.models_version);
  AppendUtf8(d, "tool_version", s.tool_version);
  return doc;
}

Result<ScrapeRecord> ScrapeFromBson(const bson_t& doc) {
  Fields f(doc);
  ScrapeRecord s;
  s.scrape_id = f.Str("scrape_id");
  s.start_time = f.Time("start_time");
  s.end_time = f.OptTime("end_time");
  s.duration_seconds = f.OptDouble("duration_seconds");
  s.success = f.OptBool("success");
  s.return_code = f.OptInt("return_code");
  s.command = f.Strings("command");
  bson_iter_t services;
  if (f.Find("services", true, services) && !BSON_ITER_HOLDS_UTF8(&services) &&
      !BSON_ITER_HOLDS_NULL(&services)) {
    s.services = f.Strings("services");
  }  // "all" (or null, or missing): every service
  s.regions = f.Strings("regions");
  s.profile = f.OptStr("profile");
  s.scraped_files_count = f.OptInt("scraped_files_count").value_or(0);
  s.total_resources_saved = f.OptInt("total_resources_saved").value_or(0);
  s.temp_directory = f.OptStr("temp_directory").value_or("");
  s.files_processed_to_mongo = f.OptInt("files_processed_to_mongo").value_or(0);
  s.temp_files_cleaned = f.OptBool("temp_files_cleaned").value_or(false);
  s.created_at = f.Time("created_at");
  s.updated_at = f.Time("updated_at");
  s.account_id = f.OptStr("account_id").value_or("");
  s.partition = f.OptStr("partition").value_or("");
  s.models_version = f.OptStr("models_version").value_or("");
  s.tool_version = f.OptStr("tool_version").value_or("");
  if (!f.status().ok()) return f.status();
  return s;
}

// --- aws_resources and response_bodies -------------------------------------------------------

Result<MappedResponse> MapResponseDocument(const ResponseDocument& d) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<SplitResponseBody> split, SplitResponses({&d, 1}));
  return MapResponseDocument(d, std::move(split.front()));
}

Result<MappedResponse> MapResponseDocument(const ResponseDocument& d, SplitResponseBody split) {
  MappedResponse m;
  m.key = NewBson();
  AppendUtf8(m.key.get(), "scrape_id", d.scrape_id);
  AppendUtf8(m.key.get(), "service", d.service);
  AppendRegion(m.key.get(), d.region);
  AppendUtf8(m.key.get(), "operation", d.operation);
  AppendInt64(m.key.get(), "page", d.page);

  m.fields = NewBson();
  bson_t* f = m.fields.get();
  AppendTime(f, "scrape_timestamp", d.scrape_timestamp);
  AppendOptUtf8(f, "profile", d.profile);
  AppendUtf8(f, "account_id", d.account_id);
  AppendUtf8(f, "partition", d.partition);
  AppendUtf8(f, "source_filename", d.source_filename);
  AppendBinary(f, "response_hash", split.hash);
  if (split.metadata) {
    AWSCRAPE_RETURN_IF_ERROR(AppendExactJson(f, "response_metadata", *split.metadata));
  } else {
    AppendNull(f, "response_metadata");
  }
  AppendInt64(f, "metadata_position", split.metadata_position);
  AppendInt64(f, "item_count", d.item_count);
  AppendUtf8(f, "temp_file_path", d.temp_file_path);
  AppendTime(f, "processed_at", d.processed_at);
  AppendTime(f, "created_at", d.created_at);
  AppendTime(f, "updated_at", d.updated_at);

  m.hash = std::move(split.hash);
  m.body_value = NewBson();
  AWSCRAPE_RETURN_IF_ERROR(AppendExactJson(m.body_value.get(), "body", split.body));
  return m;
}

BsonPtr StoredResponseDocument(const MappedResponse& mapped) {
  BsonPtr doc = NewBson();
  Concat(doc.get(), *mapped.key);
  Concat(doc.get(), *mapped.fields);
  return doc;
}

BsonPtr BodyKey(std::string_view hash) {
  BsonPtr key = NewBson();
  AppendBinary(key.get(), "_id", hash);
  return key;
}

BsonPtr BodyUpsert(const MappedResponse& mapped, Timestamp created_at) {
  BsonPtr update = NewBson();
  bson_t child;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$setOnInsert", &child);
  bson_concat(&child, mapped.body_value.get());
  bson_append_document_end(update.get(), &child);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$currentDate", &child);
  AppendBool(&child, "used_at", true);
  bson_append_document_end(update.get(), &child);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$max", &child);
  AppendTime(&child, "last_created_at", created_at);
  bson_append_document_end(update.get(), &child);
  return update;
}

Result<std::string> StoredResponseHash(const bson_t& stored) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &stored, "response_hash") || !BSON_ITER_HOLDS_BINARY(&it)) {
    return ParseError("stored document has no binary response_hash: " + CanonicalJson(stored));
  }
  bson_subtype_t subtype;
  uint32_t length = 0;
  const uint8_t* bytes = nullptr;
  bson_iter_binary(&it, &subtype, &length, &bytes);
  return std::string(reinterpret_cast<const char*>(bytes), length);
}

Result<std::string> StoredBodyJson(const bson_t& body_doc) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &body_doc, "body")) {
    return ParseError("stored response body has no 'body' field");
  }
  return ReadExactJson(it);
}

Result<ResponseDocument> ResponseDocumentFromBson(const bson_t& stored, std::string_view body) {
  Fields f(stored);
  ResponseDocument d;
  d.scrape_id = f.Str("scrape_id");
  d.scrape_timestamp = f.Time("scrape_timestamp");
  d.service = f.Str("service");
  d.region = f.Region("region");
  d.profile = f.OptStr("profile");
  d.operation = f.Str("operation");
  d.page = f.OptInt("page").value_or(0);
  d.account_id = f.OptStr("account_id").value_or("");
  d.partition = f.OptStr("partition").value_or("");
  d.source_filename = f.OptStr("source_filename").value_or("");
  std::optional<std::string> metadata;
  bson_iter_t it;
  if (f.Find("response_metadata", true, it) && !BSON_ITER_HOLDS_NULL(&it)) {
    auto text = ReadExactJson(it);
    if (!text.ok()) return text.status();
    metadata = std::move(text).value();
  }
  int64_t position = f.OptInt("metadata_position").value_or(-1);
  d.item_count = f.OptInt("item_count").value_or(0);
  d.temp_file_path = f.OptStr("temp_file_path").value_or("");
  d.processed_at = f.Time("processed_at");
  d.created_at = f.Time("created_at");
  d.updated_at = f.Time("updated_at");
  if (!f.status().ok()) return f.status();
  AWSCRAPE_ASSIGN_OR_RETURN(d.response, JoinResponse(body, metadata, position));
  return d;
}

// --- logs and ledger -------------------------------------------------------------------------

BsonPtr LogEntryToBson(const LogEntry& e) {
  BsonPtr doc = NewBson();
  bson_t* d = doc.get();
  AppendTime(d, "timestamp", e.timestamp);
  AppendUtf8(d, "level", e.level);
  AppendUtf8(d, "component", e.component);
  AppendOptUtf8(d, "scrape_id", e.scrape_id);
  AppendUtf8(d, "message", e.message);
  AppendOptUtf8(d, "error", e.error);
  AppendOptUtf8(d, "file_path", e.file_path);
  return doc;
}

Result<LogEntry> LogEntryFromBson(const bson_t& doc) {
  Fields f(doc);
  LogEntry e;
  e.timestamp = f.Time("timestamp");
  e.level = f.Str("level");
  e.component = f.Str("component");
  e.scrape_id = f.OptStr("scrape_id");
  e.message = f.Str("message");
  e.error = f.OptStr("error");
  e.file_path = f.OptStr("file_path");
  if (!f.status().ok()) return f.status();
  return e;
}

BsonPtr OutcomeKey(const CallOutcome& o) {
  BsonPtr key = NewBson();
  AppendUtf8(key.get(), "scrape_id", o.scrape_id);
  AppendUtf8(key.get(), "service", o.service);
  AppendRegion(key.get(), o.region);
  AppendUtf8(key.get(), "operation", o.operation);
  return key;
}

BsonPtr OutcomeFields(const CallOutcome& o) {
  BsonPtr doc = NewBson();
  bson_t* d = doc.get();
  AppendUtf8(d, "outcome", CallOutcomeName(o.outcome));
  AppendUtf8(d, "error_code", o.error_code);
  AppendInt64(d, "http_status", o.http_status);
  AppendInt64(d, "duration_ms", o.duration_ms);
  AppendInt64(d, "attempts", o.attempts);
  AppendInt64(d, "retries", o.retries);
  AppendInt64(d, "pages", o.pages);
  AppendUtf8(d, "request_id", o.request_id);
  AppendInt64(d, "items", o.items);
  AppendTime(d, "recorded_at", o.recorded_at);
  return doc;
}

BsonPtr OutcomeToBson(const CallOutcome& o) {
  BsonPtr doc = OutcomeKey(o);
  Concat(doc.get(), *OutcomeFields(o));
  return doc;
}

Result<CallOutcome> OutcomeFromBson(const bson_t& doc) {
  Fields f(doc);
  CallOutcome o;
  o.scrape_id = f.Str("scrape_id");
  o.service = f.Str("service");
  o.region = f.Region("region");
  o.operation = f.Str("operation");
  std::string outcome = f.Str("outcome");
  o.error_code = f.OptStr("error_code").value_or("");
  o.http_status = f.OptInt("http_status").value_or(0);
  o.duration_ms = f.OptInt("duration_ms").value_or(0);
  o.attempts = f.OptInt("attempts").value_or(0);
  o.retries = f.OptInt("retries").value_or(0);
  o.pages = f.OptInt("pages").value_or(0);
  o.request_id = f.OptStr("request_id").value_or("");
  o.items = f.OptInt("items").value_or(0);
  o.recorded_at = f.Time("recorded_at");
  if (!f.status().ok()) return f.status();
  auto kind = ParseCallOutcome(outcome);
  if (!kind) return ParseError("stored outcome '" + outcome + "' is unknown");
  o.outcome = *kind;
  return o;
}

}  // namespace awscrape::store::mongo
