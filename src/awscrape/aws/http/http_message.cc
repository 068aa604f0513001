#include "awscrape/aws/http/http_message.h"

#include <algorithm>
#include <cctype>

namespace awscrape::aws {

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (HeaderNameEquals(h.name, name)) return &h.value;
  }
  return nullptr;
}

void SetHeader(HttpHeaders& headers, std::string_view name, std::string value) {
  RemoveHeader(headers, name);
  headers.push_back({std::string(name), std::move(value)});
}

void RemoveHeader(HttpHeaders& headers, std::string_view name) {
  std::erase_if(headers, [&](const HttpHeader& h) { return HeaderNameEquals(h.name, name); });
}

std::string HttpRequest::Target() const {
  std::string target = path.empty() ? "/" : path;
  if (!query.empty()) target += "?" + query;
  return target;
}

std::string HttpRequest::Url() const { return scheme + "://" + host + Target(); }

}  // namespace awscrape::aws
