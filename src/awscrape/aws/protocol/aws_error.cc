#include "awscrape/aws/protocol/aws_error.h"

#include <algorithm>
#include <array>
#include <utility>

namespace awscrape::aws {
namespace {

// Python 3.11's http.client.responses, sorted by status.
constexpr std::pair<int, std::string_view> kReasons[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {102, "Processing"},
    {103, "Early Hints"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {207, "Multi-Status"},
    {208, "Already Reported"},
    {226, "IM Used"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {305, "Use Proxy"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Requested Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {418, "I'm a Teapot"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Entity"},
    {423, "Locked"},
    {424, "Failed Dependency"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"},
    {508, "Loop Detected"},
    {510, "Not Extended"},
    {511, "Network Authentication Required"},
};

}  // namespace

std::string_view HttpStatusReason(int status) {
  auto it = std::lower_bound(std::begin(kReasons), std::end(kReasons), status,
                             [](const auto& entry, int s) { return entry.first < s; });
  return it != std::end(kReasons) && it->first == status ? it->second : std::string_view();
}

std::string_view CleanErrorCode(std::string_view code) {
  code = code.substr(0, code.find(':'));
  size_t hash = code.rfind('#');
  return hash == std::string_view::npos ? code : code.substr(hash + 1);
}

std::string DescribeAwsError(const AwsError& error) {
  std::string out = error.code.empty() ? std::string("UnknownError") : error.code;
  out += " (HTTP " + std::to_string(error.http_status);
  if (!error.request_id.empty()) out += ", request id " + error.request_id;
  out += ")";
  if (!error.message.empty()) out += ": " + error.message;
  return out;
}

}  // namespace awscrape::aws
