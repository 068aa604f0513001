#include "awscrape/aws/auth/ini_parser.h"

#include <optional>
#include <set>
#include <utility>

namespace awscrape::aws {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

std::string_view Trim(std::string_view s) {
  size_t begin = s.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kWhitespace);
  return s.substr(begin, end - begin + 1);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status LineError(size_t line_number, std::string_view what) {
  return ParseError("line " + std::to_string(line_number) + ": " + std::string(what));
}

// A section's options while reading: each value is its list of lines, joined at the end.
struct RawSection {
  std::string name;
  std::vector<std::pair<std::string, std::vector<std::string>>> options;
  std::vector<std::string>* Find(std::string_view key) {
    for (auto& [k, v] : options) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

std::string JoinValue(const std::vector<std::string>& lines) {
  std::string joined;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) joined += '\n';
    joined += lines[i];
  }
  size_t end = joined.find_last_not_of(kWhitespace);
  joined.resize(end == std::string::npos ? 0 : end + 1);
  return joined;
}

// botocore's _parse_nested: "\nk = v\nk2 = v2" -> {k: v, k2: v2}.
Result<ConfigValues> ParseNested(std::string_view value, std::string_view key) {
  ConfigValues nested;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = Trim(value.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return ParseError("nested value of '" + std::string(key) + "' has a line without '='");
    }
    nested[std::string(Trim(line.substr(0, eq)))] = std::string(Trim(line.substr(eq + 1)));
  }
  return nested;
}

}  // namespace

const std::string* ConfigSection::Find(std::string_view key) const {
  auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second;
}

Result<std::vector<IniSection>> ParseIni(std::string_view text) {
  std::vector<RawSection> sections;
  RawSection defaults;
  RawSection* current = nullptr;
  std::vector<std::string>* current_value = nullptr;  // the option continuation lines extend
  size_t indent_level = 0;
  std::set<std::string> seen_sections;

  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;

    std::string_view value = Trim(line);
    bool is_comment = !value.empty() && (value.front() == '#' || value.front() == ';');
    if (is_comment) continue;
    if (value.empty()) {
      // configparser keeps blank lines inside a multi-line value; trailing ones are trimmed.
      if (current_value != nullptr) current_value->push_back("");
      continue;
    }
    size_t indent = line.find_first_not_of(kWhitespace);
    if (current_value != nullptr && indent > indent_level) {
      current_value->push_back(std::string(value));
      continue;
    }
    indent_level = indent;

    // "[name]" up to the last ']' on the line, as configparser's greedy pattern does.
    size_t close = value.rfind(']');
    if (value.front() == '[' && close != std::string_view::npos && close >= 2) {
      std::string name(value.substr(1, close - 1));
      current_value = nullptr;
      if (name == "DEFAULT") {
        current = &defaults;
        continue;
      }
      if (!seen_sections.insert(name).second) {
        return LineError(line_number, "section [" + name + "] appears more than once");
      }
      sections.push_back(RawSection{name, {}});
      current = &sections.back();
      continue;
    }
    if (current == nullptr) {
      return LineError(line_number, "a value before the first [section] header");
    }
    size_t delimiter = value.find_first_of("=:");
    if (delimiter == std::string_view::npos) {
      return LineError(line_number, "expected 'key = value' in section [" + current->name + "]");
    }
    std::string key = Lower(Trim(value.substr(0, delimiter)));
    if (key.empty()) {
      return LineError(line_number, "a value without a key in section [" + current->name + "]");
    }
    if (current->Find(key) != nullptr) {
      return LineError(line_number,
                       "key '" + key + "' repeated in section [" + current->name + "]");
    }
    current->options.push_back({key, {std::string(Trim(value.substr(delimiter + 1)))}});
    current_value = &current->options.back().second;
  }

  std::vector<IniSection> result;
  result.reserve(sections.size());
  for (const RawSection& raw : sections) {
    IniSection section{raw.name, {}};
    auto add = [&](const std::string& key, const std::vector<std::string>& lines) -> Status {
      std::string joined = JoinValue(lines);
      if (!joined.empty() && joined.front() == '\n') {
        AWSCRAPE_ASSIGN_OR_RETURN(section.content.nested[key], ParseNested(joined, key));
        return Status::Ok();
      }
      section.content.values[key] = std::move(joined);
      return Status::Ok();
    };
    for (const auto& [key, lines] : raw.options) {
      AWSCRAPE_RETURN_IF_ERROR(add(key, lines).WithContext("section [" + raw.name + "]"));
    }
    for (const auto& [key, lines] : defaults.options) {
      if (!section.content.values.contains(key) && !section.content.nested.contains(key)) {
        AWSCRAPE_RETURN_IF_ERROR(add(key, lines).WithContext("section [DEFAULT]"));
      }
    }
    result.push_back(std::move(section));
  }
  return result;
}

}  // namespace awscrape::aws
