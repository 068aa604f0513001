#include "awscrape/store/response_body.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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
  rapidjson::StringBuffer buffer;
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
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument parsed, ParseJson(body));
  if (!parsed.IsObject()) return ParseError("stored response body is not a JSON object");
  int64_t members = parsed.MemberCount();
  std::string entry = "\"ResponseMetadata\":" + *metadata;
  if (metadata_position < 0 || metadata_position >= members) {
    // Last member (botocore's order): splice the text, no re-serialisation.
    std::string joined(body.substr(0, body.size() - 1));
    if (members > 0) joined += ',';
    joined += entry;
    joined += '}';
    return joined;
  }
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument meta, ParseJson(*metadata));
  JsonDocument out(rapidjson::kObjectType);
  auto& alloc = out.GetAllocator();
  int64_t index = 0;
  for (auto it = parsed.MemberBegin(); it != parsed.MemberEnd(); ++it, ++index) {
    if (index == metadata_position) {
      out.AddMember(JsonValue(rapidjson::StringRef(kMetadata.data(), kMetadata.size())),
                    JsonValue(meta, alloc), alloc);
    }
    out.AddMember(JsonValue(it->name, alloc), JsonValue(it->value, alloc), alloc);
  }
  return ToJson(out);
}

int64_t CountItems(const JsonValue& response) {
  if (!response.IsObject()) return 0;
  int64_t items = 0;
  for (auto it = response.MemberBegin(); it != response.MemberEnd(); ++it) {
    if (!IsMetadata(it->name) && it->value.IsArray()) items += it->value.Size();
  }
  return items;
}

}  // namespace awscrape::store
