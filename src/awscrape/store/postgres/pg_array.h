// PgArrayLiteral: a one-dimensional PostgreSQL array in its text form ({"a","b\"c",NULL}), to
// send many rows' values as one parameter of a set-based statement (`unnest($1::text[], ...)`):
// one statement for thousands of small rows instead of one per row.
//
// Every element is quoted, with backslash and double quote escaped, so any text is carried
// as is; NULL is the unquoted keyword. The array goes as a parameter, never into the SQL text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awscrape::store {

class PgArrayLiteral {
 public:
  PgArrayLiteral& Add(std::string_view raw);       // sent as is
  PgArrayLiteral& AddStr(std::string_view value);  // PgEncodeText'd first, like PgParams::Str
  PgArrayLiteral& AddOptStr(const std::optional<std::string>& value);
  PgArrayLiteral& AddInt(int64_t value);
  PgArrayLiteral& AddNull();
  size_t size() const { return size_; }
  // The literal; the builder starts over empty.
  std::string Take();

 private:
  void Separate();
  std::string text_ = "{";
  size_t size_ = 0;
};

}  // namespace awscrape::store
