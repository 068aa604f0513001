// Building blocks shared by the response parsers of the five protocols (internal to
// aws/protocol): the parse context, scalar conversion from text (XML element text, header values)
// following botocore's handlers, timestamp and blob output forms, header look-ups and the HTTP part
// of ResponseMetadata.
//
// Parsers write straight into the caller's output document through `ParseContext::alloc`; every
// string they emit is copied, so the output never points into the response or the model. All
// functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/shape.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/core/json.h"
#include "awscrape/core/status.h"

namespace awscrape::aws::parsing {

enum class Protocol : unsigned char { kQuery, kEc2, kJson, kRestJson, kRestXml };

// nullopt for protocols we do not parse (e.g. smithy-rpc-v2-cbor).
std::optional<Protocol> ProtocolFromName(std::string_view name);

// Nesting deeper than this (shapes can be recursive, documents are free-form) is a ParseError:
// it bounds recursion on hostile input.
inline constexpr int kMaxNestingDepth = 100;

struct ParseContext {
  const ParseOptions& options;
  JsonAllocator& alloc;
  Protocol protocol;
  int depth = 0;
};

// Counts one level of nesting for its lifetime; check `status()` right after construction.
class NestingGuard {
 public:
  explicit NestingGuard(ParseContext& ctx) : ctx_(ctx) { ++ctx_.depth; }
  ~NestingGuard() { --ctx_.depth; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  Status status() const {
    return ctx_.depth > kMaxNestingDepth ? ParseError("response nesting is too deep")
                                         : Status::Ok();
  }

 private:
  ParseContext& ctx_;
};

// Where scalar text came from: botocore parses header booleans case-insensitively (rest-json's
// ensure_boolean) and decodes `jsonvalue` strings only in headers.
enum class TextSource : unsigned char { kBody, kHeader };

// A scalar member from its text form, as botocore's XML/REST handlers do: strings as is,
// booleans "true", integers and floats as Python int()/float() (NaN and Infinity included),
// timestamps and blobs per ParseContext::options. Malformed numbers are a ParseError.
Status ParseTextScalar(const model::Shape& shape, const model::Traits& traits,
                       std::string_view text, TextSource source, ParseContext& ctx, JsonValue& out);

// Timestamp text (ISO 8601, HTTP date or epoch seconds) in the requested output form. Text that
// is no timestamp is kept as received.
void ParseTimestampText(std::string_view text, ParseContext& ctx, JsonValue& out);
// A timestamp that arrived as epoch seconds (JSON number, event-stream header).
void ParseTimestampEpoch(double epoch, ParseContext& ctx, JsonValue& out);

// A base64 blob from the wire, in the requested output form; invalid base64 is a ParseError.
Status ParseBase64Blob(std::string_view text, ParseContext& ctx, JsonValue& out);
// Raw blob bytes (a payload, an event) in the requested output form.
void RawBlob(std::string_view bytes, ParseContext& ctx, JsonValue& out);

// Python int(text) / float(text): surrounding whitespace allowed, NaN/Infinity for floats.
Status ParseIntegerText(std::string_view text, JsonValue& out);
Status ParseFloatText(std::string_view text, JsonValue& out);

// A header's value, repeated headers joined with ", " as urllib3 does; nullopt when absent.
std::optional<std::string> HeaderValue(const HttpHeaders& headers, std::string_view name);

// Sets `object[name] = value`, replacing an existing member (Python dict assignment).
void SetMember(JsonValue& object, std::string_view name, JsonValue&& value, JsonAllocator& alloc);
// The object member `name`, created empty (as an object) at the end when absent.
JsonValue& EnsureObjectMember(JsonValue& object, std::string_view name, JsonAllocator& alloc);

// Adds botocore's HTTP part of ResponseMetadata (HTTPStatusCode, lower-cased HTTPHeaders,
// RetryAttempts) to `parsed`, creating ResponseMetadata if needed; removes ResponseMetadata
// altogether when the options exclude it.
void FinishResponseMetadata(JsonValue& parsed, const HttpResponse& response, ParseContext& ctx);

// Deep copy of a free-form JSON value (documents, jsonvalue headers), bounded in depth.
Status CopyJson(const JsonValue& in, ParseContext& ctx, JsonValue& out);

// Parses JSON text into `doc` with NaN/Infinity, full double precision and an iterative parser
// (no recursion on hostile nesting).
Status ParseJsonText(std::string_view text, JsonDocument& doc);

// MakeString that also accepts a default-constructed (null) string_view, e.g. empty XML text.
inline JsonValue CopyString(std::string_view s, JsonAllocator& alloc) {
  return s.data() ? MakeString(s, alloc) : JsonValue(rapidjson::kStringType);
}

// Whitespace as Python's str.strip() sees it in ASCII.
std::string_view StripWhitespace(std::string_view text);

}  // namespace awscrape::aws::parsing
