// Reading and deleting spool files by name relative to their directory's descriptor: the
// ingester reads and deletes tens of thousands of files a second, nearly all in one directory,
// and resolving only the last path component (openat/unlinkat) saves the kernel a walk of the
// whole path for every file.
//
// SpoolDirFds keeps the descriptor of the last directory used (O_PATH; no locks, no state on
// disk). It belongs to one thread and one run over a list of files: a directory removed and
// recreated under the same name while it is held would be the old one, so holders are short-
// lived (one Ingester::IngestFiles call).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape::store {

class SpoolDirFds {
 public:
  SpoolDirFds() = default;
  ~SpoolDirFds();
  SpoolDirFds(const SpoolDirFds&) = delete;
  SpoolDirFds& operator=(const SpoolDirFds&) = delete;

  // Where `file` is: a directory descriptor and the NUL-terminated name within it (pointing into
  // `file`, valid while it is). When the directory cannot be opened, AT_FDCWD and the full path:
  // the calls below then report what open/unlink of the path would.
  struct At {
    int dir_fd;
    const char* name;
  };
  At Locate(const std::filesystem::path& file);

 private:
  std::string dir_;  // path of the directory held, when fd_ >= 0
  int fd_ = -1;
};

// Reads the regular file `at` of at most `max_bytes` into `buffer`, a scratch area reused from
// file to file (it only grows: no zero-filling per file), and sets `contents` to the bytes read:
// openat, read, close — no fstat, and the read that would find end of file is skipped when a
// read returns less than asked (a regular file's end) unless `to_eof` is set (then it reads on
// until read returns 0). Never follows a symbolic link, never blocks on a FIFO (one without a
// writer reads as empty). Errors: kNotFound when the file is gone, kInvalidArgument when it is a
// symbolic link or larger than `max_bytes`, kIoError otherwise (a directory, say).
Status ReadSpoolFileAt(SpoolDirFds::At at, uint64_t max_bytes, bool to_eof, std::string& buffer,
                       std::string_view& contents);

// unlinkat; true when the file is gone (deleted now or before).
bool DeleteSpoolFileAt(SpoolDirFds::At at);

}  // namespace awscrape::store
