#include "awscrape/scrape/response_path.h"

namespace awscrape::scrape {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Result<ResponsePath> ResponsePath::Parse(std::string_view expression) {
  ResponsePath path;
  path.expression_ = std::string(expression);
  std::string_view rest = expression;
  while (true) {
    size_t bar = rest.find("||");
    std::string_view alternative = Trim(rest.substr(0, bar));
    if (alternative.empty()) {
      return InvalidArgument("empty alternative in response path \"" + path.expression_ + "\"");
    }
    Alternative steps;
    size_t start = 0;
    while (start <= alternative.size()) {
      size_t dot = alternative.find('.', start);
      std::string_view part =
          alternative.substr(start, dot == std::string_view::npos ? dot : dot - start);
      Step step;
      constexpr std::string_view kLast = "[-1]";
      if (part.size() > kLast.size() && part.substr(part.size() - kLast.size()) == kLast) {
        step.last_element = true;
        part.remove_suffix(kLast.size());
      }
      if (part.empty()) {
        return InvalidArgument("empty member in response path \"" + path.expression_ + "\"");
      }
      for (char c : part) {
        if (!IsNameChar(c)) {
          return InvalidArgument("response path \"" + path.expression_ +
                                 "\" is outside the supported subset (members, [-1], ||)");
        }
      }
      step.member = std::string(part);
      steps.push_back(std::move(step));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    path.alternatives_.push_back(std::move(steps));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 2);
  }
  return path;
}

const JsonValue* ResponsePath::Evaluate(const JsonValue& response) const {
  const JsonValue* last = nullptr;
  for (const Alternative& steps : alternatives_) {
    const JsonValue* value = &response;
    for (const Step& step : steps) {
      value = FindMember(*value, step.member);
      if (value && step.last_element) {
        value = value->IsArray() && !value->Empty() ? &(*value)[value->Size() - 1] : nullptr;
      }
      if (!value) break;
    }
    last = value;
    if (IsTruthy(value)) return value;
  }
  return last;  // JMESPath: `a || b` is b when a is falsy
}

bool IsTruthy(const JsonValue* value) {
  if (value == nullptr || value->IsNull()) return false;
  if (value->IsBool()) return value->GetBool();
  if (value->IsString()) return value->GetStringLength() > 0;
  if (value->IsArray()) return !value->Empty();
  if (value->IsObject()) return value->MemberCount() > 0;
  return true;  // numbers, zero included
}

}  // namespace awscrape::scrape
