// Deterministic hashing for the simulator: every synthetic value is a pure function of a hash of
// (seed, account, region, service, operation, path, item), so the same seed yields the same bytes.
//
// FNV-1a over the parts, finished with SplitMix64 so nearby inputs give unrelated outputs. Not
// cryptographic; stable across platforms and runs. Header-only, thread-safe (no state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace awscrape::sim {

// SplitMix64's finaliser: a bijective mix of 64 bits.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Hasher {
 public:
  explicit Hasher(uint64_t seed = 0) : state_(0xcbf29ce484222325ULL ^ Mix64(seed)) {}

  Hasher& Add(std::string_view text) {
    for (unsigned char c : text) state_ = (state_ ^ c) * 0x100000001b3ULL;
    state_ = (state_ ^ 0xff) * 0x100000001b3ULL;  // separator: ("ab","c") != ("a","bc")
    return *this;
  }
  Hasher& Add(uint64_t value) {
    state_ = Mix64(state_ ^ value);
    return *this;
  }
  uint64_t Value() const { return Mix64(state_); }

 private:
  uint64_t state_;
};

// A second, independent value from one hash (for several choices from one seed).
inline uint64_t Derive(uint64_t hash, uint64_t salt) { return Mix64(hash ^ Mix64(salt)); }

// `n` lowercase hex digits drawn from `hash` (more than 16 draw from derived hashes).
inline std::string HexDigits(uint64_t hash, int n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(static_cast<size_t>(n), '0');
  uint64_t bits = hash;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && i % 16 == 0) bits = Derive(hash, static_cast<uint64_t>(i));
    out[static_cast<size_t>(i)] = kDigits[bits & 15];
    bits >>= 4;
  }
  return out;
}

}  // namespace awscrape::sim
