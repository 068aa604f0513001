// Conventions every CLI command shares: how a failure is reported and which exit status it
// gets (2 for what the user got wrong — bad arguments, unknown names —, 1 for anything that
// failed), and how comma-separated flag values are split.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/status.h"

namespace awscrape::cli {

inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

inline int ExitCodeFor(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound
             ? kExitUsage
             : kExitFailed;
}

// Prints "awscrape <command>: <status>" to stderr and returns the exit status for it.
inline int ReportFailure(std::string_view command, const Status& status) {
  std::fprintf(stderr, "awscrape%s%.*s: %s\n", command.empty() ? "" : " ",
               static_cast<int>(command.size()), command.data(), status.ToString().c_str());
  return ExitCodeFor(status);
}

// "ec2, s3,,rds" -> {"ec2", "s3", "rds"}: items trimmed, empty ones dropped.
inline std::vector<std::string> SplitCommaList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    size_t begin = item.find_first_not_of(" \t");
    size_t end = item.find_last_not_of(" \t");
    if (begin != std::string::npos) out.push_back(item.substr(begin, end - begin + 1));
  }
  return out;
}

}  // namespace awscrape::cli
