#include "awscrape/core/file.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return IoError("cannot read " + path.string());
  return std::move(contents).str();
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
