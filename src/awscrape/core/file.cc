#include "awscrape/core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace awscrape {
namespace {

Result<std::string> Gunzip(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) return IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  std::string out;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, size_t(n));
  int errnum = 0;
  std::string error = n < 0 ? gzerror(file, &errnum) : "";
  gzclose(file);
  if (n < 0) return IoError("cannot gunzip " + path.string() + ": " + error);
  return out;
}

}  // namespace

Result<std::string> ReadFile(const std::filesystem::path& path) {
  if (path.extension() == ".gz") return Gunzip(path);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  // One read into a buffer of the file's size (and a spare byte to see end of file), not a
  // stream copy: models and data files are read whole, some of them megabytes.
  struct stat info;
  size_t size_hint = 0;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) size_hint = size_t(info.st_size);
  std::string contents(std::max<size_t>(size_hint + 1, 4096), '\0');
  size_t done = 0;
  for (;;) {
    if (done == contents.size()) contents.resize(contents.size() * 2);
    ssize_t n = ::read(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot read " + path.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    done += size_t(n);
  }
  contents.resize(done);
  return contents;
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError("cannot create " + temp.string() + ": " + std::strerror(errno));
    out.write(contents.data(), std::streamsize(contents.size()));
    out.flush();
    if (!out) return IoError("cannot write " + temp.string() + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return IoError("cannot rename into " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace awscrape
