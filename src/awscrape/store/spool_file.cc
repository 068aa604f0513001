#include "awscrape/store/spool_file.h"

#include <cstring>
#include <memory>

#include "awscrape/core/json.h"
#include "awscrape/spool/spool_name.h"
#include "awscrape/store/response_body.h"

namespace awscrape::store {
namespace {

// A string member, or nullopt for null; `present` false when missing or of another type.
std::optional<std::string> NullableString(const JsonValue& doc, const char* name, bool& valid) {
  const JsonValue* v = FindMember(doc, name);
  if (!v) {
    valid = false;
    return std::nullopt;
  }
  if (v->IsNull()) return std::nullopt;
  if (!v->IsString()) {
    valid = false;
    return std::nullopt;
  }
  std::string value(v->GetString(), v->GetStringLength());
  // aws-list-all writes Python's None as null, but a hand-written "None" means the same.
  if (value == "None") return std::nullopt;
  return value;
}

Status TooLarge(size_t size, size_t max_bytes) {
  return InvalidArgument("spool file is " + std::to_string(size) +
                         " bytes, more than the limit of " + std::to_string(max_bytes));
}

}  // namespace

Result<SpoolFile> ParseSpoolFile(std::string_view contents, std::string_view file_name,
                                 size_t max_bytes) {
  if (contents.size() > max_bytes) return TooLarge(contents.size(), max_bytes);
  std::string copy(contents);
  return ParseSpoolFileInBuffer(copy, contents.size(), file_name, max_bytes);
}

Result<SpoolFile> ParseSpoolFileInBuffer(std::string& buffer, size_t size,
                                         std::string_view file_name, size_t max_bytes) {
  if (size > max_bytes) return TooLarge(size, max_bytes);
  auto name = spool::ParseSpoolFileName(file_name);
  if (!name) {
    return InvalidArgument("'" + std::string(file_name) +
                           "' is not a spool file name (<service>_<Operation>_<region>_<profile>"
                           "[.pN].json)");
  }
  // The DOM lives in a per-thread scratch area: a fresh document would take (and give back) a
  // 64 KiB block from malloc for every file. Larger files spill into ordinary allocations.
  constexpr size_t kScratch = 64 * 1024;
  thread_local std::unique_ptr<char[]> scratch;  // only on threads that parse spool files
  if (!scratch) scratch = std::make_unique<char[]>(kScratch);
  rapidjson::MemoryPoolAllocator<> allocator(scratch.get(), kScratch);
  JsonDocument doc(&allocator);
  // Parsed where it was read: the document's strings are the file's bytes, unescaped in place,
  // not copies of them; the copies were about a fifth of the CPU spent on a spool file here.
  if (buffer.size() < size + kJsonInPlacePadding) buffer.resize(size + kJsonInPlacePadding);
  std::memset(buffer.data() + size, 0, kJsonInPlacePadding);
  AWSCRAPE_RETURN_IF_ERROR(
      ParseJsonInPlace(buffer.data(), size, doc).WithContext("JSON decode error"));
  if (!doc.IsObject()) return InvalidArgument("spool file is not a JSON object");

  SpoolFile file;
  file.service = std::string(GetString(doc, "service"));
  file.operation = std::string(GetString(doc, "operation"));
  if (file.service.empty() || file.operation.empty()) {
    return InvalidArgument("spool file lacks a \"service\" or \"operation\" string");
  }
  bool valid = true;
  file.region = NullableString(doc, "region", valid);
  if (!valid) return InvalidArgument("spool file's \"region\" must be a string or null");
  file.profile = NullableString(doc, "profile", valid);
  if (!valid) return InvalidArgument("spool file's \"profile\" must be a string or null");
  const JsonValue* response = FindMember(doc, "response");
  if (!response || !response->IsObject()) {
    return InvalidArgument("spool file's \"response\" must be a JSON object");
  }
  if (const JsonValue* page = FindMember(doc, "page")) {
    if (!page->IsInt64() || page->GetInt64() < 0) {
      return InvalidArgument("spool file's \"page\" must be a non-negative integer");
    }
    file.page = page->GetInt64();
  } else {
    file.page = name->page;
  }
  file.account_id = std::string(GetString(doc, "account_id"));
  file.partition = std::string(GetString(doc, "partition"));

  if (name->service != file.service || name->operation != file.operation ||
      name->region != file.region.value_or("None") || name->page != file.page) {
    return InvalidArgument("file name '" + std::string(file_name) +
                           "' does not match its contents (" + file.service + ", " +
                           file.operation + ", " + file.region.value_or("None") + ", page " +
                           std::to_string(file.page) + ")");
  }
  // Split straight from this parse: no compact text to parse a second time in the store.
  AWSCRAPE_ASSIGN_OR_RETURN(file.response, SplitResponse(*response));
  file.item_count = CountItems(*response);
  return file;
}

}  // namespace awscrape::store
