// SigV4 signer: the rules the conformance suite does not pin down on its own (S3 payload rules,
// presigning details, re-signing, host derivation) and edge cases of each canonical form.
// Expected signatures marked "suite" are the AWS SigV4 test suite's values for the same request.
#include "awscrape/aws/auth/sigv4.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "awscrape/core/crypto.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kSuiteToken[] =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
    "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7"
    "WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlz"
    "m8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

Credentials SuiteCredentials(std::string token = "") {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.session_token = std::move(token);
  return c;
}

SigningOptions SuiteOptions() {
  SigningOptions o;
  o.region = "us-east-1";
  o.service = "service";
  o.time = *ParseIso8601("2015-08-30T12:36:00Z");
  return o;
}

HttpRequest SuiteRequest(std::string method = "GET") {
  HttpRequest r;
  r.method = std::move(method);
  r.host = "example.amazonaws.com";
  r.headers.push_back({"Host", "example.amazonaws.com"});
  return r;
}

int CountHeaders(const HttpRequest& r, std::string_view name) {
  int n = 0;
  for (const auto& h : r.headers) n += HeaderNameEquals(h.name, name) ? 1 : 0;
  return n;
}

TEST(SigV4, SignsTheSuiteVanillaRequest) {
  HttpRequest r = SuiteRequest();
  SigningSteps steps = SignRequest(r, SuiteCredentials(), SuiteOptions());
  EXPECT_EQ(steps.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(steps.signed_headers, "host;x-amz-date");
  EXPECT_EQ(steps.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" +
                steps.signature);
  ASSERT_NE(FindHeader(r.headers, "authorization"), nullptr);
  EXPECT_EQ(*FindHeader(r.headers, "Authorization"), steps.authorization);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_THAT(steps.string_to_sign,
              StartsWith("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
                         "aws4_request\n"));
  EXPECT_THAT(steps.string_to_sign, EndsWith(Sha256Hex(steps.canonical_request)));
}

TEST(SigV4, DerivesTheDocumentedSigningKey) {
  // The example in the AWS General Reference ("Examples of how to derive a signing key").
  EXPECT_EQ(HexEncode(DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                       "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4, WrongSecretOrTimeChangesTheSignature) {
  HttpRequest a = SuiteRequest(), b = SuiteRequest(), c = SuiteRequest();
  Credentials wrong = SuiteCredentials();
  wrong.secret_access_key.back() = 'X';
  SigningOptions later = SuiteOptions();
  later.time.seconds += 86400;
  std::string good = SignRequest(a, SuiteCredentials(), SuiteOptions()).signature;
  EXPECT_NE(SignRequest(b, wrong, SuiteOptions()).signature, good);
  SigningSteps next_day = SignRequest(c, SuiteCredentials(), later);
  EXPECT_NE(next_day.signature, good);
  EXPECT_THAT(next_day.authorization, HasSubstr("/20150831/us-east-1/service/aws4_request"));
}

TEST(SigV4, EachScopeSignsWithItsOwnKey) {
  // Signing keys are remembered per (secret, day, region, service): interleave them and check
  // every signature against a key derived afresh.
  Credentials other = SuiteCredentials();
  other.secret_access_key = "another-secret";
  for (int round = 0; round < 2; ++round) {
    for (const Credentials& credentials : {SuiteCredentials(), other}) {
      for (int day = 0; day < 2; ++day) {
        for (const char* region : {"us-east-1", "eu-west-1"}) {
          for (const char* service : {"service", "ec2"}) {
            SigningOptions options = SuiteOptions();
            options.region = region;
            options.service = service;
            options.time.seconds += 86400 * day;
            HttpRequest r = SuiteRequest();
            SigningSteps steps = SignRequest(r, credentials, options);
            std::string key =
                DeriveSigningKey(credentials.secret_access_key,
                                 FormatAmzDate(options.time).substr(0, 8), region, service);
            EXPECT_EQ(steps.signature, HexEncode(HmacSha256(key, steps.string_to_sign)))
                << credentials.secret_access_key << " " << day << " " << region << " " << service;
          }
        }
      }
    }
  }
}

// --- Session tokens -----------------------------------------------------------------------

TEST(SigV4SessionToken, IsAddedAsAHeaderAndSigned) {
  HttpRequest r = SuiteRequest("POST");
  SigningSteps steps = SignRequest(r, SuiteCredentials(kSuiteToken), SuiteOptions());
  EXPECT_EQ(steps.signature, "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
  EXPECT_EQ(steps.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_THAT(steps.canonical_request,
              HasSubstr(std::string("\nx-amz-security-token:") + kSuiteToken + "\n"));
  ASSERT_NE(FindHeader(r.headers, "X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Security-Token"), kSuiteToken);
}

TEST(SigV4SessionToken, OmittedTokenIsSentButNotSigned) {
  HttpRequest r = SuiteRequest("POST");
  SigningOptions o = SuiteOptions();
  o.omit_session_token = true;
  SigningSteps steps = SignRequest(r, SuiteCredentials(kSuiteToken), o);
  EXPECT_EQ(steps.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  EXPECT_EQ(steps.signed_headers, "host;x-amz-date");
  EXPECT_THAT(steps.canonical_request, Not(HasSubstr("x-amz-security-token")));
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Security-Token"), kSuiteToken);
}

TEST(SigV4SessionToken, NoTokenNoHeader) {
  HttpRequest r = SuiteRequest();
  SignRequest(r, SuiteCredentials(), SuiteOptions());
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Security-Token"), nullptr);
}

TEST(SigV4SessionToken, PresignPutsTheTokenInTheSignedQuery) {
  HttpRequest r = SuiteRequest();
  SigningSteps steps = PresignRequest(r, SuiteCredentials(kSuiteToken), SuiteOptions(), 3600);
  EXPECT_THAT(steps.canonical_request, HasSubstr("&X-Amz-Security-Token=AQoDYXdzEPT%2F%2F"));
  EXPECT_THAT(r.query, HasSubstr("&X-Amz-Security-Token=AQoDYXdzEPT%2F%2F"));
  EXPECT_THAT(r.query, HasSubstr("ICCR%2FoLxBA%3D%3D&X-Amz-Signature=" + steps.signature));
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Security-Token"), nullptr);

  HttpRequest suite = SuiteRequest();  // suite: get-vanilla-with-session-token, query variant
  EXPECT_EQ(PresignRequest(suite,
                           SuiteCredentials("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b"
                                            "73ebf194267"),
                           SuiteOptions(), 3600)
                .signature,
            "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c");
}

TEST(SigV4SessionToken, PresignMatchesTheSuiteWithAndWithoutSigningTheToken) {
  HttpRequest signed_token = SuiteRequest("POST");
  EXPECT_EQ(
      PresignRequest(signed_token, SuiteCredentials(kSuiteToken), SuiteOptions(), 3600).signature,
      "46c2e3c63c1dbe7d39f8ada16fe7f001c1f56c5791441565323677f96308871c");
  HttpRequest omitted = SuiteRequest("POST");
  SigningOptions o = SuiteOptions();
  o.omit_session_token = true;
  SigningSteps steps = PresignRequest(omitted, SuiteCredentials(kSuiteToken), o, 3600);
  EXPECT_EQ(steps.signature, "2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b");
  EXPECT_THAT(steps.canonical_request, Not(HasSubstr("X-Amz-Security-Token")));
  EXPECT_THAT(omitted.query, HasSubstr("X-Amz-Security-Token="));
}

// --- S3 payload rules ------------------------------------------------------------------------

TEST(SigV4S3, SendsAndSignsTheBodyHashAndKeepsThePathAsSent) {
  HttpRequest r;
  r.method = "PUT";
  r.host = "s3.eu-central-1.amazonaws.com";
  r.path = "/bucket/dir//./key%20name";
  r.body = "hello";
  SigningOptions o = SuiteOptions();
  o.service = "s3";
  ApplyS3Rules(o);
  SigningSteps steps = SignRequest(r, SuiteCredentials(), o);
  const std::string hello_sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  ASSERT_NE(FindHeader(r.headers, "x-amz-content-sha256"), nullptr);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Content-SHA256"), hello_sha);
  EXPECT_EQ(steps.signed_headers, "host;x-amz-content-sha256;x-amz-date");
  EXPECT_THAT(steps.canonical_request, StartsWith("PUT\n/bucket/dir//./key%20name\n\n"));
  EXPECT_THAT(steps.canonical_request, EndsWith("\n" + hello_sha));
}

TEST(SigV4S3, UnsignedPayloadIsHashedAsTheConstantAndSent) {
  HttpRequest r = SuiteRequest("PUT");
  r.body = "streamed";
  SigningOptions o = SuiteOptions();
  ApplyS3Rules(o);
  o.unsigned_payload = true;
  SigningSteps steps = SignRequest(r, SuiteCredentials(), o);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Content-SHA256"), "UNSIGNED-PAYLOAD");
  EXPECT_THAT(steps.canonical_request, EndsWith("\nUNSIGNED-PAYLOAD"));
  // The body is not covered: changing it leaves the signature alone.
  HttpRequest other = SuiteRequest("PUT");
  other.body = "something else";
  EXPECT_EQ(SignRequest(other, SuiteCredentials(), o).signature, steps.signature);
}

TEST(SigV4S3, SignedPayloadCoversTheBody) {
  SigningOptions o = SuiteOptions();
  ApplyS3Rules(o);
  HttpRequest a = SuiteRequest("PUT"), b = SuiteRequest("PUT");
  a.body = "one";
  b.body = "two";
  EXPECT_NE(SignRequest(a, SuiteCredentials(), o).signature,
            SignRequest(b, SuiteCredentials(), o).signature);
}

TEST(SigV4S3, UnsignedPayloadOutsideS3StillTellsTheServer) {
  HttpRequest r = SuiteRequest("PUT");
  SigningOptions o = SuiteOptions();
  o.unsigned_payload = true;  // botocore's payload_signing_enabled=False
  SigningSteps steps = SignRequest(r, SuiteCredentials(), o);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Content-SHA256"), "UNSIGNED-PAYLOAD");
  EXPECT_THAT(steps.signed_headers, HasSubstr("x-amz-content-sha256"));
}

TEST(SigV4S3, AGivenContentHashIsTrusted) {
  HttpRequest r = SuiteRequest("PUT");
  r.headers.push_back({"X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"});
  r.body = "chunk";
  SigningSteps steps = SignRequest(r, SuiteCredentials(), SuiteOptions());
  EXPECT_THAT(steps.canonical_request, EndsWith("\nSTREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
}

TEST(SigV4S3, EmptyBodyHashesToTheEmptyDigest) {
  HttpRequest r = SuiteRequest("POST");
  SigningOptions o = SuiteOptions();
  ApplyS3Rules(o);
  SigningSteps steps = SignRequest(r, SuiteCredentials(), o);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Content-SHA256"), kEmptySha256);
  EXPECT_THAT(steps.canonical_request, EndsWith(std::string("\n") + kEmptySha256));
  HttpRequest plain = SuiteRequest("POST");
  EXPECT_THAT(SignRequest(plain, SuiteCredentials(), SuiteOptions()).canonical_request,
              EndsWith(std::string("\n") + kEmptySha256));
  EXPECT_EQ(FindHeader(plain.headers, "X-Amz-Content-SHA256"), nullptr);
}

// --- Presigning --------------------------------------------------------------------------------

TEST(SigV4Presign, AppendsTheAuthParametersAndAddsNoHeaders) {
  HttpRequest r = SuiteRequest();
  r.query = "Param-3=Value3&Param=Value2";
  SigningSteps steps = PresignRequest(r, SuiteCredentials(), SuiteOptions(), 900);
  EXPECT_EQ(r.query,
            "Param-3=Value3&Param=Value2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date="
            "20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=900&X-Amz-Signature=" +
                steps.signature);
  EXPECT_THAT(steps.canonical_request,
              HasSubstr("\nParam=Value2&Param-3=Value3&X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
  EXPECT_THAT(steps.canonical_request, Not(HasSubstr("X-Amz-Signature")));
  EXPECT_TRUE(steps.authorization.empty());
  EXPECT_EQ(FindHeader(r.headers, "Authorization"), nullptr);
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Date"), nullptr);
  EXPECT_EQ(r.headers.size(), 1u);
}

TEST(SigV4Presign, MatchesTheSuiteQuerySignatures) {
  HttpRequest vanilla = SuiteRequest();
  EXPECT_EQ(PresignRequest(vanilla, SuiteCredentials(), SuiteOptions(), 3600).signature,
            "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
  HttpRequest encoded = SuiteRequest();
  encoded.query = "Param-3=Value3&Param=Value2&%E1%88%B4=Value1";
  EXPECT_EQ(PresignRequest(encoded, SuiteCredentials(), SuiteOptions(), 3600).signature,
            "c5f1848ceec943ac2ca68ee720460c23aaae30a2300586597ada94c4a65e4787");
  HttpRequest other_expiry = SuiteRequest();
  EXPECT_NE(PresignRequest(other_expiry, SuiteCredentials(), SuiteOptions(), 60).signature,
            "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
}

TEST(SigV4Presign, S3PresignUsesUnsignedPayloadAndSignsOtherHeaders) {
  HttpRequest r = SuiteRequest();
  r.path = "/bucket/a%20b.jpg";
  r.headers.push_back({"My-Header1", "  v   1 "});
  SigningOptions o = SuiteOptions();
  o.service = "s3";
  ApplyS3Rules(o);
  o.unsigned_payload = true;
  SigningSteps steps = PresignRequest(r, SuiteCredentials(), o, 604800);
  EXPECT_THAT(steps.canonical_request, StartsWith("GET\n/bucket/a%20b.jpg\n"));
  EXPECT_THAT(steps.canonical_request, HasSubstr("\nmy-header1:v 1\n"));
  EXPECT_THAT(steps.canonical_request, EndsWith("\nUNSIGNED-PAYLOAD"));
  EXPECT_THAT(r.query, HasSubstr("X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Expires=604800"));
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Content-SHA256"), nullptr);
}

// --- Canonical headers --------------------------------------------------------------------

TEST(SigV4Headers, TrimsAndCollapsesWhitespace) {
  EXPECT_EQ(CanonicalHeaderValue("  a   b\t\tc  "), "a b c");
  EXPECT_EQ(CanonicalHeaderValue("\"a   b   c\""), "\"a b c\"");
  EXPECT_EQ(CanonicalHeaderValue("value1\n  value2\n     value3"), "value1 value2 value3");
  EXPECT_EQ(CanonicalHeaderValue("   "), "");
  EXPECT_EQ(CanonicalHeaderValue(""), "");
}

TEST(SigV4Headers, JoinsRepeatedNamesInOrderAndLowercasesNames) {
  HttpRequest r = SuiteRequest();
  r.headers.push_back({"My-Header1", "value2"});
  r.headers.push_back({"my-header1", " value2 "});
  r.headers.push_back({"MY-HEADER1", "value1"});
  r.headers.push_back({"Zeta", "last"});
  SigningSteps steps = SignRequest(r, SuiteCredentials(), SuiteOptions());
  EXPECT_THAT(steps.canonical_request,
              HasSubstr("\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
                        "x-amz-date:20150830T123600Z\nzeta:last\n\n"));
  EXPECT_EQ(steps.signature, SignRequest(r, SuiteCredentials(), SuiteOptions()).signature);
  EXPECT_EQ(steps.signed_headers, "host;my-header1;x-amz-date;zeta");
}

TEST(SigV4Headers, SkipsUnsignedHeadersCaseInsensitively) {
  HttpRequest r = SuiteRequest();
  r.headers.push_back({"User-Agent", "awscrape/0.1"});
  r.headers.push_back({"X-Amzn-Trace-Id", "Root=1"});
  r.headers.push_back({"X-Custom", "1"});
  SigningOptions o = SuiteOptions();
  o.unsigned_headers.push_back("X-CUSTOM");
  SigningSteps steps = SignRequest(r, SuiteCredentials(), o);
  EXPECT_EQ(steps.signed_headers, "host;x-amz-date");
  EXPECT_EQ(*FindHeader(r.headers, "User-Agent"), "awscrape/0.1");  // still sent
}

TEST(SigV4Headers, SignsHostFromTheUrlWithoutAddingTheHeader) {
  HttpRequest r;
  r.host = "Example.COM:443";
  SigningSteps steps = SignRequest(r, SuiteCredentials(), SuiteOptions());
  EXPECT_THAT(steps.canonical_request, HasSubstr("\nhost:example.com\n"));
  EXPECT_EQ(FindHeader(r.headers, "Host"), nullptr);

  HttpRequest loopback;
  loopback.scheme = "http";
  loopback.host = "127.0.0.1:4566";
  EXPECT_EQ(SigningHost(loopback), "127.0.0.1:4566");
  loopback.host = "127.0.0.1:80";
  EXPECT_EQ(SigningHost(loopback), "127.0.0.1");
  loopback.host = "[::1]:8080";
  EXPECT_EQ(SigningHost(loopback), "[::1]:8080");
  loopback.scheme = "https";
  loopback.host = "[::1]:443";
  EXPECT_EQ(SigningHost(loopback), "[::1]");
  loopback.host = "user@Host.example:80";  // port 80 is not https' default
  EXPECT_EQ(SigningHost(loopback), "host.example:80");
}

TEST(SigV4Headers, ResigningReplacesWhatTheLastSigningAdded) {
  HttpRequest r = SuiteRequest();
  Credentials creds = SuiteCredentials("token-1");
  SigningOptions o = SuiteOptions();
  ApplyS3Rules(o);
  SigningSteps first = SignRequest(r, creds, o);
  SigningSteps second = SignRequest(r, creds, o);
  EXPECT_EQ(first.signature, second.signature);
  for (auto name :
       {"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"}) {
    EXPECT_EQ(CountHeaders(r, name), 1) << name;
  }
  creds.session_token = "token-2";
  o.time.seconds += 60;
  SigningSteps third = SignRequest(r, creds, o);
  EXPECT_NE(third.signature, first.signature);
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Security-Token"), "token-2");
  EXPECT_EQ(*FindHeader(r.headers, "X-Amz-Date"), "20150830T123700Z");
  EXPECT_EQ(CountHeaders(r, "Authorization"), 1);
}

// --- Canonical query ---------------------------------------------------------------------------

TEST(SigV4Query, SortsRepeatedKeysByValueAndFillsEmptyValues) {
  EXPECT_EQ(CanonicalQueryString("k=b&k=a&A=1&empty=&flag"), "A=1&empty=&flag=&k=a&k=b");
  EXPECT_EQ(CanonicalQueryString("Param1=value2&Param1=Value1"), "Param1=Value1&Param1=value2");
  EXPECT_EQ(CanonicalQueryString(""), "");
  EXPECT_EQ(CanonicalQueryString("&&"), "");
}

TEST(SigV4Query, ReencodesStrictly) {
  EXPECT_EQ(CanonicalQueryString("\xE1\x88\xB4=bar"), "%E1%88%B4=bar");
  EXPECT_EQ(CanonicalQueryString("%e1%88%b4=bar"), "%E1%88%B4=bar");
  EXPECT_EQ(CanonicalQueryString("a=%7e&b=x/y&c=a+b&d=a%20b"), "a=~&b=x%2Fy&c=a%2Bb&d=a%20b");
  EXPECT_EQ(CanonicalQueryString("a=%zz&b=%"), "a=%25zz&b=%25");  // malformed escapes are data
  EXPECT_EQ(CanonicalQueryString("a=b=c"), "a=b%3Dc");
}

// --- Canonical URI ---------------------------------------------------------------------------

TEST(SigV4Path, NormalisesDotSegmentsAndSlashes) {
  EXPECT_EQ(RemoveDotSegments("/example/.."), "/");
  EXPECT_EQ(RemoveDotSegments("/example1/example2/../.."), "/");
  EXPECT_EQ(RemoveDotSegments("/./"), "/");
  EXPECT_EQ(RemoveDotSegments("//"), "/");
  EXPECT_EQ(RemoveDotSegments("/./example"), "/example");
  EXPECT_EQ(RemoveDotSegments("/a/b/../../../c"), "/c");
  EXPECT_EQ(RemoveDotSegments("/a//b/./c/"), "/a/b/c/");
  EXPECT_EQ(RemoveDotSegments(""), "");
  EXPECT_EQ(CanonicalUri("", SuiteOptions()), "/");
}

TEST(SigV4Path, DoubleEncodesUnicodeAndEscapesExceptForS3) {
  SigningOptions o = SuiteOptions();
  EXPECT_EQ(CanonicalUri("/caf%C3%A9/%E2%9C%93", o), "/caf%25C3%25A9/%25E2%259C%2593");
  EXPECT_EQ(CanonicalUri("/caf\xC3\xA9", o), "/caf%C3%A9");
  EXPECT_EQ(CanonicalUri("/example space/", o), "/example%20space/");
  EXPECT_EQ(CanonicalUri("/-._~AZaz09", o), "/-._~AZaz09");
  SigningOptions s3 = o;
  ApplyS3Rules(s3);
  EXPECT_EQ(CanonicalUri("/caf%C3%A9//./x", s3), "/caf%C3%A9//./x");
  SigningOptions unnormalized = o;  // aws-c-auth's normalize=false: encoded, not normalised
  unnormalized.normalize_path = false;
  EXPECT_EQ(CanonicalUri("/./a b", unnormalized), "/./a%20b");
}

TEST(SigV4Path, LowercaseMethodIsUppercased) {
  HttpRequest r = SuiteRequest("get");
  EXPECT_EQ(SignRequest(r, SuiteCredentials(), SuiteOptions()).signature,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

}  // namespace
}  // namespace awscrape::aws
