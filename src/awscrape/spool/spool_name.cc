#include "awscrape/spool/spool_name.h"

#include <charconv>

namespace awscrape::spool {
namespace {

constexpr std::string_view kJson = ".json";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string FormatSpoolFileName(const SpoolName& name) {
  std::string file = name.service + "_" + name.operation + "_" + name.region + "_" + name.profile;
  if (name.page > 0) file += ".p" + std::to_string(name.page);
  return file + std::string(kJson);
}

std::string TemporarySpoolFileName(const SpoolName& name, std::string_view unique) {
  return "." + FormatSpoolFileName(name) + "." + std::string(unique) + ".tmp";
}

bool IsTemporarySpoolFileName(std::string_view file_name) {
  return file_name.empty() || file_name.front() == '.' || EndsWith(file_name, ".tmp");
}

bool IsIgnoredSpoolFileName(std::string_view file_name) {
  return IsTemporarySpoolFileName(file_name) || file_name.front() == '_';
}

std::optional<SpoolName> ParseSpoolFileName(std::string_view file_name) {
  if (IsIgnoredSpoolFileName(file_name) || !EndsWith(file_name, kJson)) return std::nullopt;
  std::string_view stem = file_name.substr(0, file_name.size() - kJson.size());
  SpoolName name;
  // ".p<N>" before ".json" marks a later page.
  if (size_t dot = stem.rfind(".p"); dot != std::string_view::npos && dot + 2 < stem.size()) {
    std::string_view digits = stem.substr(dot + 2);
    int page = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), page);
    if (error == std::errc() && end == digits.data() + digits.size() && page > 0) {
      name.page = page;
      stem = stem.substr(0, dot);
    }
  }
  std::string_view fields[3];  // service, operation, region
  for (std::string_view& field : fields) {
    size_t underscore = stem.find('_');
    if (underscore == std::string_view::npos || underscore == 0) return std::nullopt;
    field = stem.substr(0, underscore);
    stem.remove_prefix(underscore + 1);
  }
  if (stem.empty()) return std::nullopt;
  name.service = fields[0];
  name.operation = fields[1];
  name.region = fields[2];
  name.profile = stem;
  return name;
}

}  // namespace awscrape::spool
