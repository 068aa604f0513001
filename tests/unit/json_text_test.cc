// The compact JSON text awscrape writes and the parse in place the ingester uses. The compact text
// is what the store hashes and keeps: it must be valid JSON whatever the strings hold, and parsing
// a spool file in place must accept and reject exactly what a copying parse does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "awscrape/core/json.h"

namespace awscrape {
namespace {

// Strings of every length around RapidJSON's 16-byte blocks, with a character that must be
// escaped (every control character among them) at many positions.
std::vector<std::string> StringsAroundBlocks() {
  std::vector<std::string> specials = {"\"", "\\", "/", "\xc3\xa9", "\xf0\x9f\x9a\x80"};
  for (int c = 0x01; c < 0x20; ++c) specials.emplace_back(1, static_cast<char>(c));
  std::vector<std::string> out;
  for (size_t length = 0; length <= 40; length += (length < 20 ? 1 : 7)) {
    out.push_back(std::string(length, 'a'));
    for (const std::string& special : specials) {
      for (size_t at = 0; at < length; at += 5) {
        out.push_back(std::string(at, 'b') + special + std::string(length - at, 'c'));
      }
    }
  }
  return out;
}

// A buffer as the ingester hands it over: the text, then a NUL and the padding.
std::string Padded(const std::string& text) {
  return text + std::string(kJsonInPlacePadding, '\0');
}

TEST(JsonText, CompactTextEscapesEveryControlCharacterAndRoundTrips) {
  for (const std::string& s : StringsAroundBlocks()) {
    JsonDocument doc(rapidjson::kObjectType);
    doc.AddMember(MakeString(s, doc.GetAllocator()), MakeString(s, doc.GetAllocator()),
                  doc.GetAllocator());
    const std::string text = ToJson(doc);
    for (char c : text) {
      ASSERT_GE(static_cast<unsigned char>(c), 0x20u) << "raw control character in " << text;
    }
    auto back = ParseJson(text);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << " for " << text;
    const JsonValue& value = back->MemberBegin()->value;
    EXPECT_EQ(std::string(value.GetString(), value.GetStringLength()), s);
  }
}

TEST(JsonText, ParsingInPlaceGivesTheDocumentACopyingParseGives) {
  std::vector<std::string> texts = {
      R"({"a":[1,-2,3.25,1e300,18446744073709551616,true,false,null],"b":{"c":""}})",
      R"({"esc":"q\"b\\s\/n\nt\tu\u0041\u00e9\ud83d\ude80","raw":"caf\u00e9 日本"})",
      "  {\n \"pretty\" : [ 1 ,\n 2 ]\t}  ",
      R"([NaN,Infinity,-Infinity])",
  };
  for (const std::string& s : StringsAroundBlocks()) {
    JsonDocument doc(rapidjson::kArrayType);
    doc.PushBack(MakeString(s, doc.GetAllocator()), doc.GetAllocator());
    texts.push_back(ToJson(doc));
  }
  for (const std::string& text : texts) {
    auto copied = ParseJson(text);
    ASSERT_TRUE(copied.ok()) << text;
    std::string buffer = Padded(text);
    JsonDocument in_place;
    ASSERT_TRUE(ParseJsonInPlace(buffer.data(), text.size(), in_place).ok()) << text;
    EXPECT_EQ(ToJson(in_place), ToJson(*copied)) << text;
  }
}

TEST(JsonText, ParsingInPlaceFailsWhereACopyingParseFails) {
  std::vector<std::string> texts = {"{\"a\": tru}", "{\"a\":\"unterminated", "[1,2", "{} x", ""};
  // A raw control character inside a string, at every place around a 16-byte block.
  for (int c = 0x01; c < 0x20; ++c) {
    for (size_t at = 0; at < 34; at += 3) {
      texts.push_back("[\"" + std::string(at, 'a') + static_cast<char>(c) + "z\"]");
    }
  }
  for (const std::string& text : texts) {
    auto copied = ParseJson(text);
    ASSERT_FALSE(copied.ok()) << text;
    std::string buffer = Padded(text);
    JsonDocument in_place;
    Status status = ParseJsonInPlace(buffer.data(), text.size(), in_place);
    ASSERT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.message(), copied.status().message()) << text;
  }
}

TEST(JsonText, ANulByteAnywhereIsAnErrorNotTheEndOfTheText) {
  // Parsing in place stops at a NUL: what follows one must not go unread.
  const std::string text = std::string("{\"a\":1}") + '\0' + "garbage";
  std::string buffer = Padded(text);
  JsonDocument doc;
  Status status = ParseJsonInPlace(buffer.data(), text.size(), doc);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "invalid JSON at offset 7: a NUL byte");
  const std::string in_string = std::string("{\"a\":\"x") + '\0' + "y\"}";
  buffer = Padded(in_string);
  EXPECT_FALSE(ParseJsonInPlace(buffer.data(), in_string.size(), doc).ok());
}

}  // namespace
}  // namespace awscrape
