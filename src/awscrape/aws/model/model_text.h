// ModelText: the bytes of one model file, kept for as long as the model built from it.
//
// A plain file is mapped read-only (the page cache's pages, no copy: a catalogue of every
// service touches ~60 MB of JSON of which a scrape reads a small part); a .json.gz file is
// decompressed into memory. Move-only; the view stays valid while the ModelText lives. The
// model files are package data, replaced by rename on upgrade, so a mapping of the old file
// stays intact.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape::aws::model {

class ModelText {
 public:
  static Result<ModelText> Read(const std::filesystem::path& path);
  static ModelText FromString(std::string text);

  ModelText() = default;
  ModelText(ModelText&& other) noexcept;
  ModelText& operator=(ModelText&& other) noexcept;
  ModelText(const ModelText&) = delete;
  ModelText& operator=(const ModelText&) = delete;
  ~ModelText();

  std::string_view view() const { return view_; }

 private:
  void Release();

  std::string owned_;        // decompressed or given text
  void* mapping_ = nullptr;  // mmap'ed file, or null
  size_t mapping_size_ = 0;
  std::string_view view_;
};

}  // namespace awscrape::aws::model
