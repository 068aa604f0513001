#include "awscrape/core/crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "awscrape/core/encoding.h"

namespace awscrape {
namespace {

// OpenSSL 3 looks an algorithm up by name (under a lock) on every one-shot call; a context per
// thread, fetched once and re-initialised per use, halves the cost of a SigV4 signature's five
// MACs and two digests. A context that failed to set up falls back to the one-shot calls.
struct DigestContext {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  DigestContext() = default;
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
  ~DigestContext() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
  bool usable() const { return md != nullptr && ctx != nullptr; }
};

struct HmacContext {
  EVP_MAC_CTX* ctx = nullptr;
  HmacContext() {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) return;
    ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context holds its own reference
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (ctx != nullptr && EVP_MAC_CTX_set_params(ctx, params) != 1) {
      EVP_MAC_CTX_free(ctx);
      ctx = nullptr;
    }
  }
  HmacContext(const HmacContext&) = delete;
  HmacContext& operator=(const HmacContext&) = delete;
  ~HmacContext() { EVP_MAC_CTX_free(ctx); }
};

// Never null: EVP_MAC_init takes a null key as "keep the previous key", not as an empty one.
const unsigned char* Bytes(std::string_view s) {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  thread_local DigestContext context;
  if (!context.usable() || EVP_DigestInit_ex(context.ctx, context.md, nullptr) != 1 ||
      EVP_DigestUpdate(context.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.ctx, digest, &length) != 1) {
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  }
  return {reinterpret_cast<const char*>(digest), length};
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  size_t length = 0;
  thread_local HmacContext context;
  if (context.ctx == nullptr || EVP_MAC_init(context.ctx, Bytes(key), key.size(), nullptr) != 1 ||
      EVP_MAC_update(context.ctx, Bytes(data), data.size()) != 1 ||
      EVP_MAC_final(context.ctx, digest, &length, sizeof digest) != 1) {
    unsigned int one_shot_length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(data), data.size(), digest,
         &one_shot_length);
    length = one_shot_length;
  }
  return {reinterpret_cast<const char*>(digest), length};
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

}  // namespace awscrape
