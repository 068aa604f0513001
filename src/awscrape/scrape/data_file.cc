#include "awscrape/scrape/data_file.h"

namespace awscrape::scrape {

Status DataFileError(std::string_view file, std::string_view where, std::string_view what) {
  std::string message(file);
  if (!where.empty()) message.append(": ").append(where);
  message.append(": ").append(what);
  return InvalidArgument(std::move(message));
}

Result<JsonDocument> ParseDataFile(std::string_view file, std::string_view text) {
  auto doc = ParseJson(text);
  if (!doc.ok()) return DataFileError(file, "", doc.status().message());
  if (!doc->IsObject()) return DataFileError(file, "", "the top level must be a JSON object");
  return std::move(doc).value();
}

Result<const JsonValue*> DataArray(std::string_view file, const JsonValue& root,
                                   std::string_view key, bool optional) {
  static const JsonValue kEmpty(rapidjson::kArrayType);
  const JsonValue* array = FindMember(root, key);
  if (array == nullptr) {
    if (optional) return &kEmpty;
    return DataFileError(file, "", "missing the array \"" + std::string(key) + "\"");
  }
  if (!array->IsArray()) {
    return DataFileError(file, key, "must be an array");
  }
  return array;
}

Result<std::string> RequiredString(std::string_view file, std::string_view where,
                                   const JsonValue& entry, std::string_view key) {
  if (!entry.IsObject()) return DataFileError(file, where, "must be an object");
  const JsonValue* value = FindMember(entry, key);
  if (value == nullptr || !value->IsString() || value->GetStringLength() == 0) {
    return DataFileError(file, where, "needs a non-empty string \"" + std::string(key) + "\"");
  }
  return std::string(value->GetString(), value->GetStringLength());
}

std::string EntryName(std::string_view array, size_t index) {
  return std::string(array) + "[" + std::to_string(index) + "]";
}

}  // namespace awscrape::scrape
