#include "awscrape/store/response_body.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>

#include "awscrape/core/crypto.h"

namespace awscrape::store {
namespace {

constexpr std::string_view kMetadata = "ResponseMetadata";

bool IsMetadata(const JsonValue& name) {
  return std::string_view(name.GetString(), name.GetStringLength()) == kMetadata;
}

}  // namespace

Result<SplitResponseBody> SplitResponse(const JsonValue& response) {
  if (!response.IsObject()) return InvalidArgument("an AWS response must be a JSON object");
  SplitResponseBody split;
  // Written member by member, skipping the metadata: no copy of the document. Same writer
  // flags as ToJson, so the body is exactly the compact form of the remaining members.
  // One buffer per thread, kept between calls: a fresh one reallocates as it grows, several
  // times per body. One that grew past kKeepBytes is given back after use.
  constexpr size_t kKeepBytes = 1 << 20;
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                    rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>
      writer(buffer);
  writer.StartObject();
  int64_t index = 0;
  for (auto it = response.MemberBegin(); it != response.MemberEnd(); ++it, ++index) {
    if (IsMetadata(it->name)) {
      split.metadata = ToJson(it->value);
      split.metadata_position = index;
      continue;
    }
    writer.Key(it->name.GetString(), it->name.GetStringLength());
    it->value.Accept(writer);
  }
  writer.EndObject();
  split.body.assign(buffer.GetString(), buffer.GetSize());
  if (buffer.GetSize() > kKeepBytes) {
    buffer.Clear();
    buffer.ShrinkToFit();
  }
  split.hash = Sha256(split.body);
  return split;
}

Result<SplitResponseBody> SplitResponse(std::string_view response_json) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument doc, ParseJson(response_json));
  return SplitResponse(static_cast<const JsonValue&>(doc));
}

Result<std::string> JoinResponse(std::string_view body, const std::optional<std::string>& metadata,
                                 int64_t metadata_position) {
  if (!metadata) return std::string(body);
  // The body is compact JSON that SplitResponse wrote: a one-pass scan for the top-level member
  // boundaries finds where the metadata goes, and the text is spliced there. No DOM: a stored
  // page is read far more often than written, and parsing it cost more than reading it.
  if (body.size() < 2 || body.front() != '{' || body.back() != '}') {
    return ParseError("stored response body is not a JSON object");
  }
  int64_t members = 0;
  size_t insert_at = std::string_view::npos;  // offset of member `metadata_position`
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '"') {
      if (depth == 1 && (body[i - 1] == '{' || body[i - 1] == ',')) {
        if (members == metadata_position) {
          insert_at = i;
          break;  // everything after is copied as is
        }
        ++members;
      }
      // Skip the string: its closing quote is the first one not escaped by an odd run of
      // backslashes (memchr makes this fast; strings are most of an AWS response).
      in_string = true;
      for (size_t j = i + 1; j < body.size();) {
        const void* q = std::memchr(body.data() + j, '"', body.size() - j);
        if (!q) break;
        size_t at = static_cast<size_t>(static_cast<const char*>(q) - body.data());
        size_t slashes = 0;
        while (body[at - 1 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) {
          in_string = false;
          i = at;
          break;
        }
        j = at + 1;
      }
      if (in_string) break;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth < 0) break;
    }
  }
  if (insert_at == std::string_view::npos && (depth != 0 || in_string)) {
    return ParseError("stored response body is not a JSON object");
  }
  std::string entry = "\"ResponseMetadata\":" + *metadata;
  std::string joined;
  joined.reserve(body.size() + entry.size() + 1);
  if (insert_at == std::string_view::npos) {
    // Last member (botocore's order).
    joined.append(body.substr(0, body.size() - 1));
    if (members > 0) joined += ',';
    joined += entry;
    joined += '}';
  } else {
    joined.append(body.substr(0, insert_at));
    joined += entry;
    joined += ',';
    joined.append(body.substr(insert_at));
  }
  return joined;
}

int64_t CountItems(const JsonValue& response) {
  if (!response.IsObject()) return 0;
  int64_t items = 0;
  for (auto it = response.MemberBegin(); it != response.MemberEnd(); ++it) {
    if (!IsMetadata(it->name) && it->value.IsArray()) items += it->value.Size();
  }
  return items;
}

Result<std::vector<SplitResponseBody>> SplitResponses(std::span<const ResponseDocument> documents) {
  std::vector<SplitResponseBody> splits;
  splits.reserve(documents.size());
  for (const auto& doc : documents) {
    auto split = SplitResponse(doc.response);
    if (!split.ok()) {
      return InvalidArgument("response of " + doc.service + ":" + doc.operation + " page " +
                             std::to_string(doc.page) + ": " + split.status().message());
    }
    splits.push_back(std::move(split).value());
  }
  return splits;
}

}  // namespace awscrape::store
