#include "awscrape/core/time.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace awscrape {
namespace {

constexpr const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second;
};

Civil ToCivil(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t rem = seconds - days * 86400;
  Civil c{};
  CivilFromDays(days, c.year, c.month, c.day);
  c.hour = unsigned(rem / 3600);
  c.minute = unsigned(rem % 3600 / 60);
  c.second = unsigned(rem % 60);
  return c;
}

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, size_t& pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& year, unsigned& month, unsigned& day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
}

Timestamp Timestamp::FromEpochSeconds(double epoch) {
  double whole = std::floor(epoch);
  auto micros = static_cast<int32_t>(std::llround((epoch - whole) * 1e6));
  Timestamp t{static_cast<int64_t>(whole), micros};
  if (t.microseconds >= 1000000) {
    t.seconds += 1;
    t.microseconds -= 1000000;
  }
  return t;
}

std::optional<Timestamp> ParseIso8601(std::string_view s) {
  size_t pos = 0;
  int64_t year, month, day, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, year) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, month) ||
      !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, day)) {
    return std::nullopt;
  }
  int32_t micros = 0;
  int64_t offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(s, pos, 2, hour) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, minute)) {
      return std::nullopt;
    }
    if (Expect(s, pos, ':') && !ReadDigits(s, pos, 2, second)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t digits = 0;
      int32_t scale = 100000;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (digits < 6) micros += (s[pos] - '0') * scale, scale /= 10;
        ++digits, ++pos;
      }
      if (digits == 0) return std::nullopt;
    }
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int64_t oh, om = 0;
      if (!ReadDigits(s, pos, 2, oh)) return std::nullopt;
      Expect(s, pos, ':');
      if (pos < s.size() && !ReadDigits(s, pos, 2, om)) return std::nullopt;
      offset_seconds = sign * (oh * 3600 + om * 60);
    }
  }
  if (pos != s.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(year, unsigned(month), unsigned(day));
  return Timestamp{days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds, micros};
}

std::optional<Timestamp> ParseHttpDate(std::string_view s) {
  // "Sun, 30 Aug 2015 12:36:00 GMT"
  size_t comma = s.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  size_t pos = comma + 2;
  int64_t day, year, hour, minute, second;
  if (!ReadDigits(s, pos, 2, day) && !ReadDigits(s, pos, 1, day)) return std::nullopt;
  if (!Expect(s, pos, ' ') || pos + 3 > s.size()) return std::nullopt;
  std::string_view month_name = s.substr(pos, 3);
  pos += 3;
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (month_name == kMonths[i]) month = i + 1;
  }
  if (month == 0 || !Expect(s, pos, ' ') || !ReadDigits(s, pos, 4, year) || !Expect(s, pos, ' ') ||
      !ReadDigits(s, pos, 2, hour) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, minute) ||
      !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, second)) {
    return std::nullopt;
  }
  std::string_view zone = s.substr(pos);
  if (zone != " GMT" && zone != " UTC" && zone != " +0000" && zone != " Z") return std::nullopt;
  return Timestamp{
      DaysFromCivil(year, month, unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second, 0};
}

std::optional<Timestamp> ParseAnyTimestamp(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  double epoch = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() + copy.size() && std::isfinite(epoch)) {
    return Timestamp::FromEpochSeconds(epoch);
  }
  if (auto t = ParseIso8601(s)) return t;
  return ParseHttpDate(s);
}

std::string FormatPythonIsoformat(Timestamp t) {
  Civil c = ToCivil(t.seconds);
  char buffer[64];
  if (t.microseconds) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02u.%06d+00:00",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  t.microseconds);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02u+00:00",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  }
  return buffer;
}

std::string FormatIso8601(Timestamp t, bool with_millis) {
  Civil c = ToCivil(t.seconds);
  char buffer[64];
  if (with_millis) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02u.%03dZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  t.microseconds / 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02uZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  }
  return buffer;
}

std::string FormatHttpDate(Timestamp t) {
  Civil c = ToCivil(t.seconds);
  int64_t days = t.seconds >= 0 ? t.seconds / 86400 : -((-t.seconds + 86399) / 86400);
  int weekday = int(((days % 7) + 7) % 7);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kWeekdays[weekday],
                c.day, kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute,
                c.second);
  return buffer;
}

std::string FormatAmzDate(Timestamp t) {
  Civil c = ToCivil(t.seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld%02u%02uT%02u%02u%02uZ",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  return buffer;
}

}  // namespace awscrape
