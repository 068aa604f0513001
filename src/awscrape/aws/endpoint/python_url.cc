#include "awscrape/aws/endpoint/python_url.h"

#include <arpa/inet.h>

#include <cctype>
#include <regex>

namespace awscrape::aws::endpoint {
namespace {

constexpr std::string_view kSchemeChars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";

// The part of a netloc after any "user:pass@".
std::string_view HostInfo(std::string_view netloc) {
  size_t at = netloc.rfind('@');
  return at == std::string_view::npos ? netloc : netloc.substr(at + 1);
}

// NetlocResultMixinStr._hostinfo: (hostname, port) with empty strings for "absent".
std::pair<std::string, std::string> SplitHostInfo(std::string_view netloc) {
  std::string_view info = HostInfo(netloc);
  size_t open = info.find('[');
  std::string_view host, port;
  if (open != std::string_view::npos) {
    std::string_view bracketed = info.substr(open + 1);
    size_t close = bracketed.find(']');
    host = bracketed.substr(0, close);
    std::string_view rest = close == std::string_view::npos ? "" : bracketed.substr(close + 1);
    size_t colon = rest.find(':');
    port = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
  } else {
    size_t colon = info.find(':');
    host = info.substr(0, colon);
    port = colon == std::string_view::npos ? "" : info.substr(colon + 1);
  }
  return {std::string(host), std::string(port)};
}

bool IsIpAddressForBrackets(const std::string& host) {
  // ipaddress.ip_address accepts IPv6 with a "%scope" suffix; IPv4 is rejected in brackets.
  std::string addr = host.substr(0, host.find('%'));
  if (host.find('%') != std::string::npos && host.find('%') + 1 == host.size()) return false;
  in6_addr v6;
  return inet_pton(AF_INET6, addr.c_str(), &v6) == 1;
}

Status CheckBracketedNetloc(std::string_view netloc) {
  std::string_view info = HostInfo(netloc);
  size_t open = info.find('[');
  std::string host;
  if (open != std::string_view::npos) {
    if (open > 0) return InvalidArgument("Invalid IPv6 URL");
    std::string_view bracketed = info.substr(open + 1);
    size_t close = bracketed.find(']');
    host = std::string(bracketed.substr(0, close));
    std::string_view rest = close == std::string_view::npos ? "" : bracketed.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return InvalidArgument("Invalid IPv6 URL");
  } else {
    host = std::string(info.substr(0, info.find(':')));
  }
  if (!host.empty() && host[0] == 'v') {
    static const std::regex kFuture(R"(^v[a-fA-F0-9]+\.[\s\S]+$)");
    if (!std::regex_match(host, kFuture)) return InvalidArgument("IPvFuture address is invalid");
  } else if (!IsIpAddressForBrackets(host)) {
    return InvalidArgument("'" + host + "' does not appear to be an IPv6 address");
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::string> PythonUrl::Hostname() const {
  std::string host = SplitHostInfo(netloc).first;
  if (host.empty()) return std::nullopt;
  // Zone ids after '%' keep their case.
  size_t percent = host.find('%');
  for (size_t i = 0; i < host.size() && i < percent; ++i) {
    host[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(host[i])));
  }
  return host;
}

Result<std::optional<int>> PythonUrl::Port() const {
  std::string port = SplitHostInfo(netloc).second;
  if (port.empty()) return std::optional<int>();
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return InvalidArgument("Port could not be cast to integer value as '" + port + "'");
    }
  }
  if (port.size() > 5 || std::stoi(port) > 65535) {
    return InvalidArgument("Port out of range 0-65535");
  }
  return std::optional<int>(std::stoi(port));
}

Result<PythonUrl> ParsePythonUrl(std::string_view input) {
  // Leading C0 controls and spaces are stripped, and tab/CR/LF removed anywhere (bpo-43882).
  size_t first = 0;
  while (first < input.size() && static_cast<unsigned char>(input[first]) <= 0x20) ++first;
  std::string url;
  for (char c : input.substr(first)) {
    if (c != '\t' && c != '\r' && c != '\n') url += c;
  }
  PythonUrl out;
  size_t colon = url.find(':');
  if (colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0]))) {
    bool valid = true;
    for (size_t i = 0; i < colon; ++i) {
      if (kSchemeChars.find(url[i]) == std::string_view::npos) valid = false;
    }
    if (valid) {
      out.scheme = url.substr(0, colon);
      for (char& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      url = url.substr(colon + 1);
    }
  }
  if (url.compare(0, 2, "//") == 0) {
    size_t end = url.find_first_of("/?#", 2);
    if (end == std::string::npos) end = url.size();
    out.netloc = url.substr(2, end - 2);
    url = url.substr(end);
    bool has_open = out.netloc.find('[') != std::string::npos;
    bool has_close = out.netloc.find(']') != std::string::npos;
    if (has_open != has_close) return InvalidArgument("Invalid IPv6 URL");
    if (has_open) AWSCRAPE_RETURN_IF_ERROR(CheckBracketedNetloc(out.netloc));
  }
  if (size_t hash = url.find('#'); hash != std::string::npos) {
    out.fragment = url.substr(hash + 1);
    url.resize(hash);
  }
  if (size_t q = url.find('?'); q != std::string::npos) {
    out.query = url.substr(q + 1);
    url.resize(q);
  }
  // urlparse splits ";params" off the last path segment for the schemes that use them.
  static constexpr std::string_view kUsesParams[] = {"",     "ftp",   "hdl",   "prospero", "http",
                                                     "imap", "https", "shttp", "rtsp",     "rtspu",
                                                     "sip",  "sips",  "mms",   "sftp",     "tel"};
  bool uses_params = false;
  for (auto s : kUsesParams) uses_params |= (s == out.scheme);
  if (uses_params && url.find(';') != std::string::npos) {
    size_t semi;
    if (url.find('/') != std::string::npos) {
      semi = url.find(';', url.rfind('/'));
    } else {
      semi = url.find(';');
    }
    if (semi != std::string::npos) {
      out.params = url.substr(semi + 1);
      url.resize(semi);
    }
  }
  out.path = std::move(url);
  return out;
}

Result<bool> IsIpv4EndpointUrl(std::string_view url) {
  AWSCRAPE_ASSIGN_OR_RETURN(PythonUrl parsed, ParsePythonUrl(url));
  std::optional<std::string> host = parsed.Hostname();
  if (!host) return InvalidArgument("URL has no host: " + std::string(url));
  static const std::regex kIpv4(R"(^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$)");
  return std::regex_search(*host, kIpv4);
}

Result<bool> IsIpv6EndpointUrl(std::string_view url) {
  if (url.find_first_of("\t\r\n") != std::string_view::npos) return false;
  AWSCRAPE_ASSIGN_OR_RETURN(PythonUrl parsed, ParsePythonUrl(url));
  std::optional<std::string> host = parsed.Hostname();
  // f'[{None}]' is "[None]", which is simply not an address.
  std::string bracketed = "[" + host.value_or("None") + "]";
  // botocore.compat.IPV6_ADDRZ_RE, built from the same pieces.
  static const std::regex kIpv6 = [] {
    const std::string hex = "[0-9A-Fa-f]{1,4}";
    const std::string ipv4 = R"((?:[0-9]{1,3}\.){3}[0-9]{1,3})";
    const std::string ls32 = "(?:" + hex + ":" + hex + "|" + ipv4 + ")";
    const std::string variations[] = {
        "(?:" + hex + ":){6}" + ls32,
        "::(?:" + hex + ":){5}" + ls32,
        "(?:" + hex + ")?::(?:" + hex + ":){4}" + ls32,
        "(?:(?:" + hex + ":)?" + hex + ")?::(?:" + hex + ":){3}" + ls32,
        "(?:(?:" + hex + ":){0,2}" + hex + ")?::(?:" + hex + ":){2}" + ls32,
        "(?:(?:" + hex + ":){0,3}" + hex + ")?::" + hex + ":" + ls32,
        "(?:(?:" + hex + ":){0,4}" + hex + ")?::" + ls32,
        "(?:(?:" + hex + ":){0,5}" + hex + ")?::" + hex,
        "(?:(?:" + hex + ":){0,6}" + hex + ")?::",
    };
    std::string ipv6 = "(?:";
    for (size_t i = 0; i < std::size(variations); ++i) ipv6 += (i ? "|" : "") + variations[i];
    ipv6 += ")";
    const std::string unreserved =
        R"(ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!\-~)";
    const std::string zone = "(?:%25|%)(?:[" + unreserved + "]|%[a-fA-F0-9]{2})+";
    return std::regex("^\\[" + ipv6 + "(?:" + zone + ")?\\]$");
  }();
  return std::regex_search(bracketed, kIpv6);
}

}  // namespace awscrape::aws::endpoint
