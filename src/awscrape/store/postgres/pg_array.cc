#include "awscrape/store/postgres/pg_array.h"

#include <utility>

#include "awscrape/store/postgres/pg_connection.h"

namespace awscrape::store {

void PgArrayLiteral::Separate() {
  if (size_++ > 0) text_ += ',';
}

PgArrayLiteral& PgArrayLiteral::Add(std::string_view raw) {
  Separate();
  text_ += '"';
  size_t from = 0;
  for (size_t at = raw.find_first_of("\\\""); at != std::string_view::npos;
       at = raw.find_first_of("\\\"", from)) {
    text_.append(raw.substr(from, at - from));
    text_ += '\\';
    text_ += raw[at];
    from = at + 1;
  }
  text_.append(raw.substr(from));
  text_ += '"';
  return *this;
}

PgArrayLiteral& PgArrayLiteral::AddStr(std::string_view value) { return Add(PgEncodeText(value)); }

PgArrayLiteral& PgArrayLiteral::AddOptStr(const std::optional<std::string>& value) {
  return value ? AddStr(*value) : AddNull();
}

PgArrayLiteral& PgArrayLiteral::AddInt(int64_t value) {
  Separate();
  text_ += std::to_string(value);
  return *this;
}

PgArrayLiteral& PgArrayLiteral::AddNull() {
  Separate();
  text_ += "NULL";
  return *this;
}

std::string PgArrayLiteral::Take() {
  text_ += '}';
  std::string out = std::move(text_);
  text_ = "{";
  size_ = 0;
  return out;
}

}  // namespace awscrape::store
