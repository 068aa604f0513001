#include "awscrape/scrape/spool_writer.h"

#include <fcntl.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "awscrape/spool/spool_name.h"

namespace awscrape::scrape {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(Writer& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
void String(Writer& w, std::string_view value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void StringOrNull(Writer& w, std::string_view value) {
  if (value.empty() || value == "None") {
    w.Null();
  } else {
    String(w, value);
  }
}

Status Errno(std::string_view what, const std::filesystem::path& path) {
  return IoErrorFromErrno(std::string(what) + " " + path.string());
}

}  // namespace

std::string FormatSpoolDocument(const PlannedCall& call, int page, const JsonValue& response,
                                const std::vector<DefaultResourceFlag>& defaults,
                                const SpoolIdentity& identity) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "service");
  String(w, call.service);
  Key(w, "region");
  StringOrNull(w, call.SpoolRegion());
  Key(w, "profile");
  StringOrNull(w, identity.profile);
  Key(w, "operation");
  String(w, call.operation);
  Key(w, "response");
  response.Accept(w);
  Key(w, "page");
  w.Int(page);
  if (!identity.account_id.empty()) {
    Key(w, "account_id");
    String(w, identity.account_id);
  }
  if (!identity.partition.empty()) {
    Key(w, "partition");
    String(w, identity.partition);
  }
  if (!defaults.empty()) {
    Key(w, "awscrape");
    w.StartObject();
    Key(w, "default_resources");
    w.StartArray();
    for (const DefaultResourceFlag& flag : defaults) {
      w.StartObject();
      Key(w, "items");
      String(w, flag.items);
      Key(w, "index");
      w.Uint64(flag.index);
      Key(w, "rule");
      String(w, flag.rule ? std::string_view(flag.rule->id) : std::string_view());
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status WriteFileViaRename(const std::filesystem::path& temporary, const std::filesystem::path& path,
                          std::string_view contents) {
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", temporary);
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status status = Errno("cannot write", temporary);
      ::close(fd);
      ::unlink(temporary.c_str());
      return status;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    Status status = Errno("cannot close", temporary);
    ::unlink(temporary.c_str());
    return status;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    Status status = Errno("cannot rename to", path);
    ::unlink(temporary.c_str());
    return status;
  }
  return Status::Ok();
}

SpoolWriter::SpoolWriter(std::filesystem::path dir, SpoolIdentity identity)
    : dir_(std::move(dir)), identity_(std::move(identity)) {}

Result<std::filesystem::path> SpoolWriter::WritePage(
    const PlannedCall& call, int page, const JsonValue& response,
    const std::vector<DefaultResourceFlag>& defaults) {
  spool::SpoolName name{call.service, call.operation, call.SpoolRegion(),
                        identity_.profile.empty() ? "None" : identity_.profile, page};
  std::string contents = FormatSpoolDocument(call, page, response, defaults, identity_);
  std::string unique = std::to_string(::getpid()) + "-" + std::to_string(sequence_++);
  std::filesystem::path path = dir_ / spool::FormatSpoolFileName(name);
  AWSCRAPE_RETURN_IF_ERROR(
      WriteFileViaRename(dir_ / spool::TemporarySpoolFileName(name, unique), path, contents));
  ++files_written_;
  bytes_written_ += contents.size();
  return path;
}

}  // namespace awscrape::scrape
