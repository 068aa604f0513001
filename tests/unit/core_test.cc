#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "awscrape/core/encoding.h"
#include "awscrape/core/json.h"
#include "awscrape/core/status.h"
#include "awscrape/core/time.h"

namespace awscrape {
namespace {

TEST(Status, IoErrorFromErrnoNamesTheCallAndTheSystemsReason) {
  ASSERT_LT(::open("/nonexistent-awscrape-dir/x", O_RDONLY), 0);
  Status status = IoErrorFromErrno("cannot open x");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "cannot open x: No such file or directory");
}

TEST(Base64, RoundTripsAllPaddings) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto decoded = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(decoded.has_value()) << s;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
}

TEST(Base64, RejectsGarbage) {
  EXPECT_FALSE(Base64Decode("Zm9v!").has_value());
  EXPECT_FALSE(Base64Decode("Z").has_value());
}

TEST(UriEncode, KeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(UriEncode("a b/c~d"), "a%20b%2Fc~d");
  EXPECT_EQ(UriEncode("a b/c~d", true), "a%20b/c~d");
  EXPECT_EQ(UriDecode("a%20b%2Fc%zz%"), "a b/c%zz%");
}

TEST(Time, ParsesIso8601WithOffsetsAndFractions) {
  auto t = ParseIso8601("2015-08-30T12:36:00.123+02:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1440938160 - 7200);  // 12:36 at +02:00 is 10:36 UTC
  EXPECT_EQ(t->microseconds, 123000);
  EXPECT_FALSE(ParseIso8601("2015-13-30T12:36:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
}

TEST(Time, FormatsLikePythonIsoformat) {
  EXPECT_EQ(FormatPythonIsoformat({1754761037, 0}), "2025-08-09T17:37:17+00:00");
  EXPECT_EQ(FormatPythonIsoformat({1754761037, 123000}), "2025-08-09T17:37:17.123000+00:00");
  EXPECT_EQ(FormatHttpDate({1440938160, 0}), "Sun, 30 Aug 2015 12:36:00 GMT");
  EXPECT_EQ(FormatAmzDate({1440938160, 0}), "20150830T123600Z");
  auto http = ParseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT");
  ASSERT_TRUE(http.has_value());
  EXPECT_EQ(http->seconds, 1440938160);
}

TEST(Time, AcceptsEpochNumbersLikeBotocore) {
  auto t = ParseAnyTimestamp("1398796238.123");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1398796238);
  EXPECT_EQ(t->microseconds, 123000);
}

TEST(Json, ComparesObjectsRegardlessOfOrder) {
  auto a = ParseJson(R"({"a":1,"b":[1,2.5,{"c":null}]})");
  auto b = ParseJson(R"({"b":[1,2.5,{"c":null}],"a":1.0})");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(JsonEquals(*a, *b));
  auto c = ParseJson(R"({"b":[2.5,1,{"c":null}],"a":1})");
  EXPECT_FALSE(JsonEquals(*a, *c));
}

TEST(Json, ReportsWhereParsingFailed) {
  auto bad = ParseJson("{\"a\": tru}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("offset"), std::string::npos);
}

}  // namespace
}  // namespace awscrape

namespace awscrape {
namespace {

TEST(Json, FindsMembersByViewsThatAreNotNulTerminated) {
  auto doc = ParseJson(R"({"Name":1,"NameX":2})");
  ASSERT_TRUE(doc.ok());
  std::string_view view = std::string_view("NameXYZ").substr(0, 4);
  const JsonValue* found = FindMember(*doc, view);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->GetInt(), 1);
  EXPECT_EQ(FindMember(*doc, std::string_view()), nullptr);
  auto with_empty_key = ParseJson(R"({"":7})");
  ASSERT_TRUE(with_empty_key.ok());
  ASSERT_NE(FindMember(*with_empty_key, ""), nullptr);
}

}  // namespace
}  // namespace awscrape
