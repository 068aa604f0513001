#include "awscrape/api/resource_writer.h"

#include <rapidjson/writer.h>

#include <cstring>

#include "awscrape/api/query_layer.h"
#include "awscrape/store/documents.h"

namespace awscrape::api {
namespace {

// RapidJSON output stream appending to a std::string (no intermediate buffer).
class StringSink {
 public:
  using Ch = char;
  explicit StringSink(std::string& out) : out_(out) {}
  void Put(char c) { out_.push_back(c); }
  void Flush() {}

 private:
  std::string& out_;
};

// A JSON string escaped exactly as ToJson escapes it (same writer type and flags).
void AppendString(std::string& out, std::string_view value) {
  StringSink sink(out);
  rapidjson::Writer<StringSink, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                    rapidjson::kWriteNanAndInfFlag>
      writer(sink);
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

// ,"key":<value> — keys are constants that need no escaping.
void Str(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  AppendString(out, value);
}
void OptStr(std::string& out, std::string_view key, const std::optional<std::string>& value) {
  if (value) return Str(out, key, *value);
  out += key;
  out += "null";
}
void Int(std::string& out, std::string_view key, int64_t value) {
  out += key;
  out += std::to_string(value);
}
void Time(std::string& out, std::string_view key, Timestamp t) {
  Str(out, key, store::FormatStoreTime(t));
}

}  // namespace

bool MayHoldSecrets(std::string_view text) {
  // One pass over the strings (memchr from quote to quote); a string followed by ':' is a
  // member name (substring searches for the names cost several times more). A name with an escape
  // could spell a secret name: treat it as one.
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  while (true) {
    const void* open = std::memchr(p + i, '"', n - i);
    if (!open) return false;
    size_t start = static_cast<size_t>(static_cast<const char*>(open) - p) + 1;
    size_t close = start;
    while (true) {
      const void* quote = std::memchr(p + close, '"', n - close);
      if (!quote) return true;  // not the compact JSON the store writes: take the safe path
      close = static_cast<size_t>(static_cast<const char*>(quote) - p);
      size_t slashes = 0;
      while (close - slashes > start && p[close - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) break;
      ++close;
    }
    size_t after = close + 1;
    while (after < n &&
           (p[after] == ' ' || p[after] == '\n' || p[after] == '\r' || p[after] == '\t')) {
      ++after;
    }
    if (after < n && p[after] == ':') {
      std::string_view name(p + start, close - start);
      if (name.find('\\') != std::string_view::npos || IsSecretMemberName(name)) return true;
    }
    i = close + 1;
  }
}

void AppendResourceJson(const store::ResponseDocument& d, std::string& out) {
  const std::string& response = d.response;
  if (response.size() < 2 || response.front() != '{' || response.back() != '}' ||
      MayHoldSecrets(response)) {
    out += ToJson(ResourceJson(d));
    return;
  }
  // store::ResponseDocumentToJson's members, in its order, compact like ToJson.
  out.reserve(out.size() + response.size() + 512);
  Str(out, "{\"scrape_id\":", d.scrape_id);
  Time(out, ",\"scrape_timestamp\":", d.scrape_timestamp);
  Str(out, ",\"service\":", d.service);
  OptStr(out, ",\"region\":", d.region);
  OptStr(out, ",\"profile\":", d.profile);
  Str(out, ",\"operation\":", d.operation);
  Int(out, ",\"page\":", d.page);
  Str(out, ",\"account_id\":", d.account_id);
  Str(out, ",\"partition\":", d.partition);
  Str(out, ",\"source_filename\":", d.source_filename);
  out += ",\"response\":";
  out += response;
  Int(out, ",\"item_count\":", d.item_count);
  Str(out, ",\"temp_file_path\":", d.temp_file_path);
  Time(out, ",\"processed_at\":", d.processed_at);
  Time(out, ",\"created_at\":", d.created_at);
  Time(out, ",\"updated_at\":", d.updated_at);
  out += '}';
}

}  // namespace awscrape::api
