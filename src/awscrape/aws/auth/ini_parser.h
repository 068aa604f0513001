// The INI dialect of ~/.aws/config and ~/.aws/credentials, parsed exactly as botocore does
// (Python's configparser.RawConfigParser followed by botocore's raw_config_parse):
//
//   - "[name]" opens a section; the name is kept verbatim (no trimming inside the brackets).
//   - "key = value" or "key: value"; keys are lower-cased and trimmed, values trimmed.
//   - Lines whose first non-blank character is '#' or ';' are comments. There are no inline
//     comments: "region = us-east-1 # x" has the value "us-east-1 # x", as in botocore.
//   - Lines indented deeper than their key continue its value. A value that starts on the
//     following lines ("s3 =\n  addressing_style = path") is a nested sub-section of
//     "key = value" lines, one level deep.
//   - "[DEFAULT]" supplies fallback keys to every other section.
//   - A repeated section or key, a line outside any section, or a line that is not
//     "key = value" makes the whole file invalid (botocore raises ConfigParseError).
//
// Error messages give the line number but never the line's text, which may hold a secret.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/result.h"

namespace awscrape::aws {

using ConfigValues = std::map<std::string, std::string, std::less<>>;

struct ConfigSection {
  ConfigValues values;                                      // key -> value, keys lower-cased
  std::map<std::string, ConfigValues, std::less<>> nested;  // "s3" -> {"addressing_style": ...}

  // nullptr when absent (nested keys are not values).
  const std::string* Find(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
};

struct IniSection {
  std::string name;  // the text between the brackets
  ConfigSection content;
};

// Sections in file order.
Result<std::vector<IniSection>> ParseIni(std::string_view text);

}  // namespace awscrape::aws
