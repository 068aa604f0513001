#include "awscrape/store/spool_dir_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace awscrape::store {

SpoolDirFds::~SpoolDirFds() {
  if (fd_ >= 0) ::close(fd_);
}

SpoolDirFds::At SpoolDirFds::Locate(const std::filesystem::path& file) {
  const std::string& full = file.native();
  size_t slash = full.rfind('/');
  if (slash == std::string::npos || slash + 1 == full.size()) return {AT_FDCWD, full.c_str()};
  std::string_view dir(full.data(), slash == 0 ? 1 : slash);
  if (fd_ < 0 || dir != dir_) {
    if (fd_ >= 0) ::close(fd_);
    dir_.assign(dir);
    fd_ = ::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  if (fd_ < 0) return {AT_FDCWD, full.c_str()};
  return {fd_, full.c_str() + slash + 1};
}

Status ReadSpoolFileAt(SpoolDirFds::At at, uint64_t max_bytes, bool to_eof, std::string& buffer,
                       std::string_view& contents) {
  contents = {};
  constexpr int kFlags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  // O_NOATIME: a file read once and deleted needs no access time, and updating it (relatime
  // does on the first read after a write) is a journalled inode write per file. Only the
  // file's owner may ask; anyone else reads without it.
  int fd = ::openat(at.dir_fd, at.name, kFlags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::openat(at.dir_fd, at.name, kFlags);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(std::string(at.name) + " is gone");
    if (errno == ELOOP) return InvalidArgument("not a regular file (a symbolic link)");
    return IoErrorFromErrno("cannot open " + std::string(at.name));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  // Room for a typical page and one byte more, so a file that fills it is seen to be larger.
  constexpr size_t kInitial = 64 * 1024;
  const uint64_t limit = max_bytes == UINT64_MAX ? max_bytes : max_bytes + 1;
  if (buffer.size() < kInitial) buffer.resize(kInitial);
  size_t done = 0;
  for (;;) {
    size_t room = static_cast<size_t>(std::min<uint64_t>(buffer.size(), limit));
    if (done == room) {
      if (room >= limit) break;
      buffer.resize(static_cast<size_t>(std::min<uint64_t>(buffer.size() * 2, limit)));
      continue;
    }
    size_t want = room - done;
    ssize_t n = ::read(fd, buffer.data() + done, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoErrorFromErrno("cannot read " + std::string(at.name));
    done += static_cast<size_t>(n);
    if (n == 0 || (!to_eof && static_cast<size_t>(n) < want)) break;
  }
  if (done > max_bytes) {
    return InvalidArgument("oversized file: more than the limit of " + std::to_string(max_bytes) +
                           " bytes");
  }
  contents = std::string_view(buffer.data(), done);
  return Status::Ok();
}

bool DeleteSpoolFileAt(SpoolDirFds::At at) {
  return ::unlinkat(at.dir_fd, at.name, 0) == 0 || errno == ENOENT;
}

}  // namespace awscrape::store
