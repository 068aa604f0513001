// UTC timestamps and the textual forms AWS and botocore use for them.
//
// Timestamp keeps microseconds, the precision of Python's datetime, because awscrape's parsed
// output must equal botocore's isoformat() text exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awscrape {

struct Timestamp {
  int64_t seconds = 0;       // since the Unix epoch, UTC
  int32_t microseconds = 0;  // 0..999999
  double ToEpochSeconds() const { return double(seconds) + microseconds / 1e6; }
  static Timestamp FromEpochSeconds(double epoch);
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// "2015-08-30T12:36:00Z", "2015-08-30T12:36:00.123+02:00", "2015-08-30 12:36:00" (taken as UTC).
std::optional<Timestamp> ParseIso8601(std::string_view text);
// RFC 7231 IMF-fixdate, e.g. "Sun, 30 Aug 2015 12:36:00 GMT".
std::optional<Timestamp> ParseHttpDate(std::string_view text);
// Whatever botocore's parse_timestamp accepts: epoch seconds (int or float), ISO 8601, HTTP date.
std::optional<Timestamp> ParseAnyTimestamp(std::string_view text);

// Python's datetime.isoformat() of a UTC-aware datetime: "2025-08-09T17:37:17+00:00",
// "2025-08-09T17:37:17.123000+00:00".
std::string FormatPythonIsoformat(Timestamp t);
// "2015-08-30T12:36:00Z", or with ".123Z" milliseconds when `with_millis`.
std::string FormatIso8601(Timestamp t, bool with_millis);
// "Sun, 30 Aug 2015 12:36:00 GMT".
std::string FormatHttpDate(Timestamp t);
// SigV4's X-Amz-Date form: "20150830T123600Z".
std::string FormatAmzDate(Timestamp t);

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

}  // namespace awscrape
