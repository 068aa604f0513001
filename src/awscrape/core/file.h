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

// Reads a regular file of at most `max_bytes` with open/fstat/read/close and nothing else (the
// spool ingester reads tens of thousands of files a second). Never follows a symbolic link and
// never blocks on a FIFO. Errors: kNotFound when the file is gone, kInvalidArgument when it is
// not a regular file or is larger than `max_bytes` (the message says which and the size),
// kIoError otherwise.
Result<std::string> ReadRegularFile(const std::filesystem::path& path, uint64_t max_bytes);

// Writes to "<path>.tmp-<pid>" then renames over `path`, so readers never see a partial file.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace awscrape
