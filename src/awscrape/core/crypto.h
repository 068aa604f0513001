// Hashes and MACs used by SigV4 and content addressing, over OpenSSL's EVP interface.
#pragma once

#include <string>
#include <string_view>

namespace awscrape {

// Raw 32-byte digests.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
// Lowercase hex of Sha256(data).
std::string Sha256Hex(std::string_view data);

}  // namespace awscrape
