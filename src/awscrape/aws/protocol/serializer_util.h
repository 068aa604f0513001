// Building blocks shared by the request serialisers of the five protocols (internal to
// aws/protocol): the text forms of scalar parameters, timestamp formats, parameter validation and
// idempotency tokens.
//
// Parameters are boto3 keyword arguments in JSON: timestamps are epoch seconds (numbers) or
// timestamp strings, blobs are raw byte strings, and the strings "NaN", "Infinity" and
// "-Infinity" stand for the IEEE special values on float/double members. A JSON null is treated
// as an absent member everywhere. The serialisers run after ValidateParams, so they may rely on
// every value having its shape's JSON type. All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/aws/model/operation.h"
#include "awscrape/aws/model/shape.h"
#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/core/time.h"

namespace awscrape::aws::internal {

enum class TimestampFormat : unsigned char { kIso8601, kRfc822, kUnixTimestamp };

// The member's timestampFormat trait, or `fallback` (the location's or protocol's default).
TimestampFormat TimestampFormatOf(const model::Traits& traits, TimestampFormat fallback);

// A timestamp parameter (epoch number or timestamp string) as a Timestamp; nullopt if neither.
std::optional<Timestamp> TimestampParam(const JsonValue& value);

// botocore's text forms: iso8601 "2015-08-30T12:36:00Z" (".123456Z" with microseconds),
// rfc822 "Sun, 30 Aug 2015 12:36:00 GMT", unixTimestamp "1440938160" (whole seconds).
std::string FormatTimestamp(Timestamp t, TimestampFormat format);

// Python's repr() of a float: "1.1", "1.0", "1e+20", "1.5e-07", "-0.0".
std::string FormatPythonFloat(double value);

// True for the strings standing for special floats: "NaN", "Infinity", "-Infinity".
bool IsSpecialFloat(const JsonValue& value);

// The text of a number parameter: integers in decimal, doubles as Python's repr, special floats
// as their string.
std::string NumberText(const JsonValue& value);

// The text of a scalar parameter as the query, header, URI and XML forms carry it: strings as
// is, numbers per NumberText, booleans "true"/"false", timestamps per the member's format or
// `default_timestamps`, blobs base64-encoded.
std::string ScalarText(const model::Shape& shape, const model::Traits& traits,
                       const JsonValue& value, TimestampFormat default_timestamps);

// Checks `params` against `input` like botocore's ParamValidator: a JSON object whose members
// all exist, required members present, values of the right JSON type, strings/lists at least
// `min` long and numbers at least `min`. Errors are InvalidArgument naming the parameter path
// ("Filters[0].Name") and the operation.
Status ValidateParams(const model::Operation& operation, const JsonValue& params);

// True when `input` has an idempotency-token member that `params` leaves out.
bool NeedsIdempotencyToken(const model::Shape& input, const JsonValue& params);

// A random RFC 4122 version 4 UUID, lowercase with dashes.
std::string NewUuidV4();

}  // namespace awscrape::aws::internal
