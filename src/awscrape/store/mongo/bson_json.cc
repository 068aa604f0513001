#include "awscrape/store/mongo/bson_json.h"

#include <cstring>

namespace awscrape::store::mongo {
namespace {

// The key rules libmongoc applies to inserted documents, plus UTF-8 (NUL allowed in values).
constexpr bson_validate_flags_t kStorableFlags = static_cast<bson_validate_flags_t>(
    BSON_VALIDATE_UTF8 | BSON_VALIDATE_UTF8_ALLOW_NULL | BSON_VALIDATE_DOLLAR_KEYS |
    BSON_VALIDATE_DOT_KEYS | BSON_VALIDATE_EMPTY_KEYS);

bool Validates(const bson_t& doc) {
  bson_error_t error;
  return bson_validate_with_error(&doc, kStorableFlags, &error);
}

bool AppendValue(bson_t* out, const char* key, int key_length, const JsonValue& value);

bool AppendArray(bson_t* out, const char* key, int key_length, const JsonValue& array) {
  bson_t child;
  if (!bson_append_array_begin(out, key, key_length, &child)) return false;
  uint32_t index = 0;
  bool ok = true;
  for (const auto& item : array.GetArray()) {
    char buffer[16];
    const char* index_key = nullptr;
    size_t length = bson_uint32_to_string(index++, &index_key, buffer, sizeof buffer);
    if (!AppendValue(&child, index_key, static_cast<int>(length), item)) {
      ok = false;
      break;
    }
  }
  return bson_append_array_end(out, &child) && ok;
}

bool AppendMembers(bson_t* out, const JsonValue& object) {
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    const char* name = it->name.GetString();
    size_t length = it->name.GetStringLength();
    if (std::memchr(name, '\0', length) != nullptr) return false;  // BSON keys are C strings
    if (!AppendValue(out, name, static_cast<int>(length), it->value)) return false;
  }
  return true;
}

bool AppendValue(bson_t* out, const char* key, int key_length, const JsonValue& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return bson_append_null(out, key, key_length);
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return bson_append_bool(out, key, key_length, value.GetBool());
    case rapidjson::kStringType:
      return bson_append_utf8(out, key, key_length, value.GetString(),
                              static_cast<int>(value.GetStringLength()));
    case rapidjson::kNumberType:
      if (value.IsInt()) return bson_append_int32(out, key, key_length, value.GetInt());
      if (value.IsInt64()) return bson_append_int64(out, key, key_length, value.GetInt64());
      if (value.IsUint64()) return false;  // above 2^63: no BSON integer holds it
      return bson_append_double(out, key, key_length, value.GetDouble());
    case rapidjson::kArrayType:
      return AppendArray(out, key, key_length, value);
    case rapidjson::kObjectType: {
      bson_t child;
      if (!bson_append_document_begin(out, key, key_length, &child)) return false;
      bool ok = AppendMembers(&child, value);
      return bson_append_document_end(out, &child) && ok;
    }
  }
  return false;
}

Status ReadInto(bson_iter_t* iter, JsonValue& out, JsonAllocator& alloc, bool as_object);

Status ReadValue(bson_iter_t* iter, JsonValue& out, JsonAllocator& alloc) {
  switch (bson_iter_type(iter)) {
    case BSON_TYPE_NULL:
      out.SetNull();
      return Status::Ok();
    case BSON_TYPE_BOOL:
      out.SetBool(bson_iter_bool(iter));
      return Status::Ok();
    case BSON_TYPE_UTF8: {
      uint32_t length = 0;
      const char* text = bson_iter_utf8(iter, &length);
      out.SetString(text, length, alloc);
      return Status::Ok();
    }
    case BSON_TYPE_INT32:
      out.SetInt(bson_iter_int32(iter));
      return Status::Ok();
    case BSON_TYPE_INT64:
      out.SetInt64(bson_iter_int64(iter));
      return Status::Ok();
    case BSON_TYPE_DOUBLE:
      out.SetDouble(bson_iter_double(iter));
      return Status::Ok();
    case BSON_TYPE_DOCUMENT:
    case BSON_TYPE_ARRAY: {
      bool object = bson_iter_type(iter) == BSON_TYPE_DOCUMENT;
      bson_iter_t child;
      if (!bson_iter_recurse(iter, &child)) return ParseError("corrupt BSON document");
      return ReadInto(&child, out, alloc, object);
    }
    default:
      return ParseError("BSON type " + std::to_string(static_cast<int>(bson_iter_type(iter))) +
                        " at '" + bson_iter_key(iter) + "' has no JSON form");
  }
}

Status ReadInto(bson_iter_t* iter, JsonValue& out, JsonAllocator& alloc, bool as_object) {
  if (as_object) {
    out.SetObject();
  } else {
    out.SetArray();
  }
  while (bson_iter_next(iter)) {
    JsonValue value;
    AWSCRAPE_RETURN_IF_ERROR(ReadValue(iter, value, alloc));
    if (as_object) {
      JsonValue name(bson_iter_key(iter), bson_iter_key_len(iter), alloc);
      out.AddMember(name, value, alloc);
    } else {
      out.PushBack(value, alloc);
    }
  }
  return Status::Ok();
}

}  // namespace

bool JsonObjectToBson(const JsonValue& object, bson_t* out) {
  return object.IsObject() && AppendMembers(out, object);
}

Result<JsonDocument> BsonToJsonObject(const bson_t& doc) {
  JsonDocument out;
  bson_iter_t iter;
  if (!bson_iter_init(&iter, &doc)) return ParseError("corrupt BSON document");
  AWSCRAPE_RETURN_IF_ERROR(ReadInto(&iter, out, out.GetAllocator(), /*as_object=*/true));
  return out;
}

Status AppendExactJson(bson_t* doc, std::string_view key, std::string_view json_text) {
  AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument parsed, ParseJson(json_text));
  if (parsed.IsObject()) {
    bson_t* converted = bson_new();
    bool exact = JsonObjectToBson(parsed, converted) && Validates(*converted);
    if (exact) {
      // The safety net: whatever the reason a value would not come back byte for byte
      // (number formatting, ...), the text form is kept instead.
      auto back = BsonToJsonObject(*converted);
      exact = back.ok() && ToJson(*back) == json_text;
    }
    if (exact) bson_append_document(doc, key.data(), static_cast<int>(key.size()), converted);
    bson_destroy(converted);
    if (exact) return Status::Ok();
  }
  bson_append_binary(doc, key.data(), static_cast<int>(key.size()), BSON_SUBTYPE_BINARY,
                     reinterpret_cast<const uint8_t*>(json_text.data()),
                     static_cast<uint32_t>(json_text.size()));
  return Status::Ok();
}

Result<std::string> ReadExactJson(const bson_iter_t& iter) {
  if (BSON_ITER_HOLDS_BINARY(&iter)) {
    bson_subtype_t subtype;
    uint32_t length = 0;
    const uint8_t* bytes = nullptr;
    bson_iter_binary(&iter, &subtype, &length, &bytes);
    return std::string(reinterpret_cast<const char*>(bytes), length);
  }
  if (BSON_ITER_HOLDS_DOCUMENT(&iter)) {
    uint32_t length = 0;
    const uint8_t* data = nullptr;
    bson_iter_document(&iter, &length, &data);
    bson_t child;
    if (!bson_init_static(&child, data, length)) return ParseError("corrupt BSON document");
    AWSCRAPE_ASSIGN_OR_RETURN(JsonDocument json, BsonToJsonObject(child));
    return ToJson(json);
  }
  return ParseError(std::string("field '") + bson_iter_key(&iter) +
                    "' holds neither a JSON document nor its text");
}

}  // namespace awscrape::store::mongo
