#include "awscrape/aws/model/model_text.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "awscrape/core/file.h"

namespace awscrape::aws::model {

Result<ModelText> ModelText::Read(const std::filesystem::path& path) {
  if (path.extension() == ".gz") {
    AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    return FromString(std::move(text));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size == 0) {
    // Not something to map (or empty): read it like any other file.
    ::close(fd);
    AWSCRAPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    return FromString(std::move(text));
  }
  size_t size = static_cast<size_t>(info.st_size);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int map_errno = errno;
  ::close(fd);
  if (mapping == MAP_FAILED) {
    return IoError("cannot map " + path.string() + ": " + std::strerror(map_errno));
  }
  ModelText text;
  text.mapping_ = mapping;
  text.mapping_size_ = size;
  text.view_ = std::string_view(static_cast<const char*>(mapping), size);
  return text;
}

ModelText ModelText::FromString(std::string text) {
  ModelText result;
  result.owned_ = std::move(text);
  result.view_ = result.owned_;
  return result;
}

ModelText::ModelText(ModelText&& other) noexcept { *this = std::move(other); }

ModelText& ModelText::operator=(ModelText&& other) noexcept {
  if (this == &other) return *this;
  Release();
  // A moved std::string may keep its bytes in place (SSO copies them): re-point the view.
  bool owned = other.mapping_ == nullptr;
  owned_ = std::move(other.owned_);
  mapping_ = std::exchange(other.mapping_, nullptr);
  mapping_size_ = std::exchange(other.mapping_size_, 0);
  view_ = owned ? std::string_view(owned_) : other.view_;
  other.owned_.clear();
  other.view_ = {};
  return *this;
}

ModelText::~ModelText() { Release(); }

void ModelText::Release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
  owned_.clear();
  view_ = {};
}

}  // namespace awscrape::aws::model
