// Byte encodings AWS uses everywhere: base64, lowercase hex, RFC 3986 percent-encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace awscrape {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64 (padding optional, whitespace not allowed).
std::optional<std::string> Base64Decode(std::string_view text);

std::string HexEncode(std::string_view bytes);

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~);
// '/' is kept when `keep_slash` (SigV4 canonical URIs, REST path labels marked greedy).
std::string UriEncode(std::string_view text, bool keep_slash = false);
// Decodes %XX escapes; '+' is left as is. Malformed escapes are kept literally.
std::string UriDecode(std::string_view text);

}  // namespace awscrape
