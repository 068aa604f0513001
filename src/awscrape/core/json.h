// JSON helpers over RapidJSON, the one JSON library awscrape uses.
//
// Documents own their allocator; values taken from them must not outlive the document.
// Parsing never throws: malformed input is a ParseError with the offset where it went wrong.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape {

using JsonDocument = rapidjson::Document;
using JsonValue = rapidjson::Value;
using JsonAllocator = rapidjson::Document::AllocatorType;

Result<JsonDocument> ParseJson(std::string_view text);
// Parses into `doc`, as ParseJson does (same flags, same error): for a document whose allocator
// is a reused scratch block (a MemoryPoolAllocator over the caller's memory), when many small
// documents are parsed in a row and a fresh document would take a 64 KiB block from malloc each.
Status ParseJsonInto(std::string_view text, JsonDocument& doc);

// What ParseJsonInPlace needs after the text: a NUL, and room for RapidJSON's 16-byte loads
// should its SIMD paths ever be enabled (CMakeLists.txt says why they are not).
inline constexpr size_t kJsonInPlacePadding = 16;
// Parses the `size` bytes at `text` as ParseJsonInto does (same flags, same errors), in place:
// strings are unescaped inside the buffer and the document's strings point into it, so nothing
// is copied, the buffer is changed and must outlive `doc`. text[size] must be NUL and the
// kJsonInPlacePadding bytes from there readable. A NUL byte in the text is a ParseError.
Status ParseJsonInPlace(char* text, size_t size, JsonDocument& doc);

// Serialises compactly, or indented by two spaces when pretty.
std::string ToJson(const JsonValue& value, bool pretty = false);

// Finds a member by name; nullptr when `object` is not an object or lacks it.
const JsonValue* FindMember(const JsonValue& object, std::string_view name);
// The string member or `fallback` when absent or not a string.
std::string_view GetString(const JsonValue& object, std::string_view name,
                           std::string_view fallback = {});
bool GetBool(const JsonValue& object, std::string_view name, bool fallback = false);

// Only for NUL-terminated text: RapidJSON's StringRef-taking lookups may call strlen().
inline rapidjson::GenericStringRef<char> AsRef(std::string_view s) {
  return rapidjson::GenericStringRef<char>(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
// A string value that owns a copy of `s`.
inline JsonValue MakeString(std::string_view s, JsonAllocator& alloc) {
  return JsonValue(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

// Structural equality: objects compare regardless of member order; numbers compare as doubles
// when either side is not an integer.
bool JsonEquals(const JsonValue& a, const JsonValue& b);

}  // namespace awscrape
