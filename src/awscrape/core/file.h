// Whole-file reads and atomic writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape {

// Reads a file; a name ending in ".gz" is gunzipped transparently.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Writes to "<path>.tmp-<pid>" then renames over `path`, so readers never see a partial file.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace awscrape
