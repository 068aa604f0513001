#include "awscrape/scrape/ledger.h"

#include <fcntl.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "awscrape/core/json.h"

namespace awscrape::scrape {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Field(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void NullableField(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  if (value.empty() || value == "None") {
    w.Null();
  } else {
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
}
void Field(Writer& w, std::string_view key, int64_t value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.Int64(value);
}

int64_t Int(const JsonValue& doc, std::string_view key) {
  const JsonValue* v = FindMember(doc, key);
  return v && v->IsInt64() ? v->GetInt64() : 0;
}

}  // namespace

std::string FormatLedgerLine(const CallRecord& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Field(w, "scrape_id", r.scrape_id);
  Field(w, "service", r.service);
  Field(w, "operation", r.operation);
  NullableField(w, "region", r.region);
  Field(w, "call_region", r.call_region);
  NullableField(w, "profile", r.profile);
  Field(w, "outcome", CallOutcomeName(r.outcome));
  Field(w, "items", r.items);
  Field(w, "pages", r.pages);
  Field(w, "attempts", r.attempts);
  Field(w, "retries", r.retries);
  Field(w, "throttle_retries", r.throttle_retries);
  Field(w, "duration_ms", r.duration_ms);
  Field(w, "http_status", r.http_status);
  Field(w, "error_code", r.error_code);
  Field(w, "error_message", r.error_message);
  Field(w, "request_id", r.request_id);
  Field(w, "rule", r.rule);
  Field(w, "reason", r.reason);
  Field(w, "incomplete", r.incomplete);
  Field(w, "default_resources", r.default_resources);
  Field(w, "recorded_at", FormatIso8601(r.recorded_at, /*with_millis=*/true));
  w.EndObject();
  std::string line(buffer.GetString(), buffer.GetSize());
  line.push_back('\n');
  return line;
}

Result<CallRecord> ParseLedgerLine(std::string_view line) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseJson(line));
  if (!doc.IsObject()) return ParseError("a ledger line must be a JSON object");
  CallRecord r;
  r.scrape_id = GetString(doc, "scrape_id");
  r.service = GetString(doc, "service");
  r.operation = GetString(doc, "operation");
  r.region = GetString(doc, "region", "None");
  r.call_region = GetString(doc, "call_region");
  r.profile = GetString(doc, "profile");
  auto outcome = ParseCallOutcome(GetString(doc, "outcome"));
  if (!outcome) return ParseError("ledger line without a known outcome");
  r.outcome = *outcome;
  r.items = Int(doc, "items");
  r.pages = Int(doc, "pages");
  r.attempts = Int(doc, "attempts");
  r.retries = Int(doc, "retries");
  r.throttle_retries = Int(doc, "throttle_retries");
  r.duration_ms = Int(doc, "duration_ms");
  r.http_status = static_cast<int>(Int(doc, "http_status"));
  r.error_code = GetString(doc, "error_code");
  r.error_message = GetString(doc, "error_message");
  r.request_id = GetString(doc, "request_id");
  r.rule = GetString(doc, "rule");
  r.reason = GetString(doc, "reason");
  r.incomplete = GetString(doc, "incomplete");
  r.default_resources = Int(doc, "default_resources");
  if (auto t = ParseIso8601(GetString(doc, "recorded_at"))) r.recorded_at = *t;
  if (r.service.empty() || r.operation.empty()) {
    return ParseError("ledger line without service or operation");
  }
  return r;
}

Result<std::unique_ptr<LedgerWriter>> LedgerWriter::Open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  return std::unique_ptr<LedgerWriter>(new LedgerWriter(path, fd));
}

LedgerWriter::~LedgerWriter() { ::close(fd_); }

Status LedgerWriter::Append(const CallRecord& record) {
  std::string line = FormatLedgerLine(record);
  std::lock_guard<std::mutex> lock(mutex_);
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("cannot append to " + path_.string() + ": " + std::strerror(errno));
    data += n;
    left -= static_cast<size_t>(n);
  }
  ++lines_;
  return Status::Ok();
}

uint64_t LedgerWriter::lines() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lines_;
}

}  // namespace awscrape::scrape
