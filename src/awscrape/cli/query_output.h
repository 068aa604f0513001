// Output helpers shared by the query commands (list, show, query, compare, delete, stats):
// aligned text tables for people, the API's JSON documents (api/query_layer.h) for scripts.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "awscrape/core/json.h"

namespace awscrape::cli {

// Columns sized to their widest cell, two spaces apart, header underlined with dashes.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t rows() const { return rows_.size(); }
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// A JSON value as a table cell: strings bare, null as "-", arrays joined with ",".
std::string Cell(const JsonValue* value);

// Prints `json` (pretty) and a newline to stdout.
void PrintJson(const JsonValue& json);

}  // namespace awscrape::cli

#include "awscrape/api/query_params.h"

namespace awscrape::cli {

// Flags given as strings; empty means "not given".
inline api::ResourceFilterInput FilterInput(const std::string& scrape_id,
                                            const std::string& service, const std::string& region,
                                            const std::string& operation) {
  auto opt = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  return {opt(scrape_id), opt(service), opt(region), opt(operation)};
}

}  // namespace awscrape::cli
