#include "awscrape/aws/http/curl_transfer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace awscrape::aws {
namespace {

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t OnHeaderLine(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<CurlTransfer*>(user);
  const size_t length = size * count;
  t.header_bytes += length;
  if (t.header_bytes > t.max_header_bytes) {
    t.headers_too_large = true;
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  std::string_view line(data, length);
  if (line.starts_with("HTTP/")) {
    // A new response begins (after a 1xx or a proxy's CONNECT reply): keep only the final one.
    t.response.headers.clear();
    return length;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding: the line continues the previous header's value.
    std::string_view more = TrimWhitespace(line);
    if (!t.response.headers.empty() && !more.empty()) {
      t.response.headers.back().value.append(" ").append(more);
    }
    return length;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return length;  // the blank line ending the headers
  std::string_view name = TrimWhitespace(line.substr(0, colon));
  std::string_view value = TrimWhitespace(line.substr(colon + 1));
  if (HeaderNameEquals(name, "content-length")) {
    size_t declared = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), declared);
    if (ec == std::errc() && ptr == value.data() + value.size()) {
      t.response.body.reserve(std::min(declared, t.max_body));
    }
  }
  t.response.headers.push_back({std::string(name), std::string(value)});
  return length;
}

size_t OnBodyData(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<CurlTransfer*>(user);
  const size_t length = size * count;
  if (length > t.max_body - std::min(t.max_body, t.response.body.size())) {
    t.body_too_large = true;
    return 0;  // CURLE_WRITE_ERROR: libcurl stops reading and drops the connection
  }
  t.response.body.append(data, length);
  return length;
}

bool HasHeader(const HttpRequest& request, std::string_view name) {
  return FindHeader(request.headers, name) != nullptr;
}

// libcurl adds some headers of its own; the request must go out as the signer saw it, so
// defaults the caller did not ask for are suppressed ("Name:" removes a header in libcurl).
Status BuildHeaderList(CurlTransfer& t, const CurlTransportOptions& options, bool has_body) {
  auto append = [&t](const std::string& line) {
    curl_slist* next = curl_slist_append(t.header_list, line.c_str());
    if (next == nullptr) return false;
    t.header_list = next;
    return true;
  };
  bool ok = true;
  for (const HttpHeader& h : t.request.headers) {
    // "Name;" is libcurl's way to send a header with an empty value.
    ok = ok && append(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
  }
  if (!HasHeader(t.request, "Accept")) ok = ok && append("Accept:");
  if (!HasHeader(t.request, "Expect")) ok = ok && append("Expect:");
  if (has_body && !HasHeader(t.request, "Content-Type")) ok = ok && append("Content-Type:");
  if (!options.user_agent.empty() && !HasHeader(t.request, "User-Agent")) {
    ok = ok && append("User-Agent: " + options.user_agent);
  }
  return ok ? Status::Ok() : Internal("out of memory building the header list");
}

StatusCode MapCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return StatusCode::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_PROXY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_WEIRD_SERVER_REPLY:
    // ValidateRequest vetted the scheme, so this comes from the reply (e.g. an HTTP/0.9 one).
    case CURLE_UNSUPPORTED_PROTOCOL:
      return StatusCode::kUnavailable;
    case CURLE_URL_MALFORMAT:
      return StatusCode::kInvalidArgument;
    case CURLE_BAD_CONTENT_ENCODING:
      return StatusCode::kParseError;
    default:
      return StatusCode::kIoError;
  }
}

std::string Describe(const CurlTransfer& t) {
  // Scheme and host only: queries and bodies may carry tokens.
  return t.request.method + " " + t.request.scheme + "://" + t.request.host;
}

}  // namespace

std::string HostKey(const HttpRequest& request) {
  std::string key = request.scheme + "://" + request.host;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

Status ValidateRequest(const HttpRequest& request) {
  if (request.host.empty()) return InvalidArgument("HTTP request without a host");
  if (request.scheme != "http" && request.scheme != "https") {
    return InvalidArgument("unsupported URL scheme '" + request.scheme + "'");
  }
  auto has_line_break = [](std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
  };
  if (has_line_break(request.method) || has_line_break(request.host) ||
      has_line_break(request.path) || has_line_break(request.query)) {
    return InvalidArgument("line break in the request line");
  }
  for (const HttpHeader& h : request.headers) {
    if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
        h.name.find(':') != std::string::npos) {
      return InvalidArgument("malformed request header '" + h.name + "'");
    }
  }
  return Status::Ok();
}

Status ConfigureEasyHandle(CURL* easy, CurlTransfer& t, const CurlTransportOptions& options) {
  t.easy = easy;
  t.max_body = options.max_response_body_bytes;
  t.max_header_bytes = options.max_response_header_bytes;
  const std::string url = t.request.Url();
  const std::string& method = t.request.method;
  const bool sends_body =
      !t.request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";

  CURLcode rc = CURLE_OK;
  auto set = [&rc, easy](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(easy, option, value);
  };
  set(CURLOPT_PRIVATE, static_cast<void*>(&t));
  set(CURLOPT_URL, url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(t.options.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(t.options.response_timeout.count()));
  // Never relaxed: these are libcurl's defaults, set anyway so a reset handle cannot lose them.
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  set(CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  set(CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) set(CURLOPT_CAINFO, options.ca_file.c_str());
  set(CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_TCP_KEEPALIVE, 1L);
  set(CURLOPT_ERRORBUFFER, t.error);
  set(CURLOPT_HEADERFUNCTION, &OnHeaderLine);
  set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
  set(CURLOPT_WRITEFUNCTION, &OnBodyData);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
  // Rejects early when Content-Length already announces too much; OnBodyData enforces the
  // limit on the decoded bytes (a small gzip body can inflate enormously).
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.max_body));

  if (method == "HEAD") {
    set(CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    // libcurl reads the body in place: the transfer owns it until the end.
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.request.body.size()));
    set(CURLOPT_POSTFIELDS, t.request.body.data());
    if (method != "POST") set(CURLOPT_CUSTOMREQUEST, method.c_str());
  } else {
    set(CURLOPT_HTTPGET, 1L);
    if (method != "GET") set(CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (rc != CURLE_OK) {
    return Internal(std::string("configuring libcurl: ") + curl_easy_strerror(rc));
  }
  AWSCRAPE_RETURN_IF_ERROR(BuildHeaderList(t, options, sends_body));
  rc = curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.header_list);
  if (rc != CURLE_OK) {
    return Internal(std::string("configuring libcurl: ") + curl_easy_strerror(rc));
  }
  return Status::Ok();
}

Result<HttpResponse> FinishTransfer(CurlTransfer& t, CURLcode code) {
  if (t.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return ParseError("response body of " + Describe(t) + " exceeds the limit of " +
                      std::to_string(t.max_body) + " bytes");
  }
  if (t.headers_too_large) {
    return ParseError("response headers of " + Describe(t) + " exceed the limit of " +
                      std::to_string(t.max_header_bytes) + " bytes");
  }
  if (code != CURLE_OK) {
    std::string message = Describe(t) + ": " + curl_easy_strerror(code);
    if (t.error[0] != '\0') message += std::string(": ") + t.error;
    return Status(MapCurlCode(code), std::move(message));
  }
  long status = 0;  // NOLINT(runtime/int): libcurl's type
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return std::move(t.response);
}

}  // namespace awscrape::aws
