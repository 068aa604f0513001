#include "awscrape/store/scrape_id.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>

namespace awscrape::store {

std::string GenerateScrapeId(Timestamp start, std::optional<uint32_t> random_bits) {
  uint32_t bits = random_bits ? *random_bits : std::random_device{}();
  int64_t days = start.seconds / 86400;
  int64_t rest = start.seconds % 86400;
  if (rest < 0) rest += 86400, --days;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, year, month, day);
  char text[64];
  std::snprintf(text, sizeof text, "scrape_%04lld%02u%02u_%02lld%02lld%02lld_%08x",
                static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60), bits);
  return text;
}

std::optional<Timestamp> ScrapeIdTime(std::string_view id) {
  // scrape_YYYYMMDD_HHMMSS_xxxxxxxx
  if (id.size() != 31 || id.substr(0, 7) != "scrape_" || id[15] != '_' || id[22] != '_') {
    return std::nullopt;
  }
  auto number = [&](size_t pos, size_t len) -> int64_t {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (id[i] < '0' || id[i] > '9') return -1;
      v = v * 10 + (id[i] - '0');
    }
    return v;
  };
  for (size_t i = 23; i < 31; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(id[i]))) return std::nullopt;
  }
  int64_t year = number(7, 4), month = number(11, 2), day = number(13, 2);
  int64_t hour = number(16, 2), minute = number(18, 2), second = number(20, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return Timestamp{days * 86400 + hour * 3600 + minute * 60 + second, 0};
}

Timestamp WallClockNow() {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return Timestamp{micros / 1'000'000, static_cast<int32_t>(micros % 1'000'000 / 1000 * 1000)};
}

}  // namespace awscrape::store
