#include "awscrape/cli/query_output.h"

#include <algorithm>

namespace awscrape::cli {

std::string TextTable::Render() const {
  std::vector<size_t> widths(headers_.size(), 0);
  for (size_t i = 0; i < headers_.size(); ++i) widths[i] = headers_[i].size();
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      if (i + 1 < widths.size()) cell.resize(widths[i], ' ');
      out += cell;
      if (i + 1 < widths.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers_);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  out += line(rule);
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string Cell(const JsonValue* value) {
  if (!value || value->IsNull()) return "-";
  if (value->IsString()) return std::string(value->GetString(), value->GetStringLength());
  if (value->IsBool()) return value->GetBool() ? "yes" : "no";
  if (value->IsInt64()) return std::to_string(value->GetInt64());
  if (value->IsDouble()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", value->GetDouble());
    return buf;
  }
  if (value->IsArray()) {
    std::string out;
    for (const auto& v : value->GetArray()) out += (out.empty() ? "" : ",") + Cell(&v);
    return out.empty() ? "-" : out;
  }
  return ToJson(*value);
}

void PrintJson(const JsonValue& json) { std::printf("%s\n", ToJson(json, true).c_str()); }

}  // namespace awscrape::cli
