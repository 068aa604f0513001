#include "awscrape/aws/auth/token_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace awscrape::aws {
namespace {

constexpr size_t kMaxTokenBytes = 1 << 20;

}  // namespace

Result<std::string> ReadTokenFile(const std::filesystem::path& path, std::string_view what) {
  std::string label = std::string(what) + " " + path.string();
  if (path.empty()) return InvalidArgument(std::string(what) + ": the path is empty");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return Unauthenticated("cannot open the " + label + ": " + std::strerror(errno));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    return Unauthenticated("cannot stat the " + label + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) return InvalidArgument("the " + label + " is not a regular file");
  if (static_cast<uint64_t>(info.st_size) > kMaxTokenBytes) {
    return InvalidArgument("the " + label + " is larger than 1 MiB");
  }
  std::string contents;
  char buffer[8192];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Unauthenticated("cannot read the " + label + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
    if (contents.size() > kMaxTokenBytes) {
      return InvalidArgument("the " + label + " is larger than 1 MiB");
    }
  }
  return contents;
}

}  // namespace awscrape::aws
