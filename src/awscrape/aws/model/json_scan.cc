#include "awscrape/aws/model/json_scan.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace awscrape::aws::model {
namespace {

// The bytes that matter while skipping an object or array.
constexpr auto kStructural = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {'"', '{', '}', '[', ']'}) table[c] = true;
  return table;
}();

// The first quote in [p, end), else end: sixteen bytes at a time where SSE2 is there (every
// x86-64). Strings are most of a model's bytes and the scan skips every one of them; memchr
// costs more than this on the short ones (most are names), SIMD less than a byte loop on all.
const char* FindQuote(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  while (end - p >= 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    if (int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote))) {
      return p + __builtin_ctz(static_cast<unsigned>(mask));
    }
    p += 16;
  }
#endif
  while (p < end && *p != '"') ++p;
  return p;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text)
      : begin_(text.data()), p_(begin_), end_(p_ + text.size()) {}
  Scanner(std::string_view text, const char* at)
      : begin_(text.data()), p_(at), end_(begin_ + text.size()) {}

  Status Fail(const char* what) const {
    return ParseError(std::string("malformed JSON at offset ") + std::to_string(p_ - begin_) +
                      ": " + what);
  }

  void SkipWhitespace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool At(char c) const { return p_ < end_ && *p_ == c; }
  bool AtEnd() const { return p_ == end_; }
  void Advance() { ++p_; }
  const char* position() const { return p_; }

  // At an opening quote: moves past the closing one. A quote preceded by an odd number of
  // backslashes is escaped.
  bool SkipString() {
    const char* open = p_;
    const char* from = p_ + 1;
    for (;;) {
      const char* quote = FindQuote(from, end_);
      if (quote == end_) return false;
      const char* run = quote;
      while (run > open + 1 && run[-1] == '\\') --run;
      if ((quote - run) % 2 == 0) {
        p_ = quote + 1;
        return true;
      }
      from = quote + 1;
    }
  }

  // Moves past one value: a string, an object or array (matched brackets, strings skipped), or
  // a scalar (up to the next delimiter).
  bool SkipValue() {
    if (AtEnd()) return false;
    if (*p_ == '"') return SkipString();
    if (*p_ != '{' && *p_ != '[') {
      const char* start = p_;
      while (p_ < end_ && *p_ != ',' && *p_ != '}' && *p_ != ']' && *p_ != ' ' && *p_ != '\n' &&
             *p_ != '\r' && *p_ != '\t') {
        ++p_;
      }
      return p_ != start;
    }
    // One stack of openers: "[}" is as wrong as an unclosed bracket.
    std::string open;
    while (p_ < end_) {
      // Between strings: indentation and punctuation, mostly short runs, one look-up a byte.
      while (p_ < end_ && !kStructural[static_cast<unsigned char>(*p_)]) ++p_;
      if (p_ == end_) break;
      char c = *p_;
      if (c == '"') {
        if (!SkipString()) return false;
        continue;
      }
      if (c == '{' || c == '[') {
        open.push_back(c);
      } else if (c == '}' || c == ']') {
        if (open.empty() || open.back() != (c == '}' ? '{' : '[')) return false;
        open.pop_back();
        if (open.empty()) {
          ++p_;
          return true;
        }
      }
      ++p_;
    }
    return false;
  }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
};

// At '{': scans the object's members into `out`; a member whose key is `expand` (when not
// empty) must hold an object, whose members go to `expanded` in the same pass.
Status ScanObject(Scanner& s, std::vector<ScannedMember>& out, std::string_view expand_a,
                  std::string_view expand_b, std::vector<ScannedMember>* expanded_a,
                  std::vector<ScannedMember>* expanded_b) {
  if (!s.At('{')) return s.Fail("expected '{'");
  s.Advance();
  s.SkipWhitespace();
  if (s.At('}')) {
    s.Advance();
    return Status::Ok();
  }
  for (;;) {
    s.SkipWhitespace();
    if (!s.At('"')) return s.Fail("expected a member name");
    const char* key_start = s.position() + 1;
    if (!s.SkipString()) return s.Fail("unterminated member name");
    std::string_view key(key_start, static_cast<size_t>(s.position() - 1 - key_start));
    if (key.find('\\') != std::string_view::npos) return s.Fail("escaped member name");
    s.SkipWhitespace();
    if (!s.At(':')) return s.Fail("expected ':'");
    s.Advance();
    s.SkipWhitespace();
    const char* value_start = s.position();
    std::vector<ScannedMember>* nested = !expand_a.empty() && key == expand_a   ? expanded_a
                                         : !expand_b.empty() && key == expand_b ? expanded_b
                                                                                : nullptr;
    if (nested != nullptr) {
      nested->clear();
      AWSCRAPE_RETURN_IF_ERROR(ScanObject(s, *nested, {}, {}, nullptr, nullptr));
    } else if (!s.SkipValue()) {
      return s.Fail("malformed or unterminated value");
    }
    out.push_back(
        {key, std::string_view(value_start, static_cast<size_t>(s.position() - value_start))});
    s.SkipWhitespace();
    if (s.At(',')) {
      s.Advance();
      continue;
    }
    if (s.At('}')) {
      s.Advance();
      return Status::Ok();
    }
    return s.Fail("expected ',' or '}'");
  }
}

Result<std::vector<ScannedMember>> ScanWhole(std::string_view text, std::string_view expand_a,
                                             std::string_view expand_b,
                                             std::vector<ScannedMember>* expanded_a,
                                             std::vector<ScannedMember>* expanded_b) {
  std::vector<ScannedMember> members;
  Scanner s(text);
  s.SkipWhitespace();
  AWSCRAPE_RETURN_IF_ERROR(ScanObject(s, members, expand_a, expand_b, expanded_a, expanded_b));
  s.SkipWhitespace();
  if (!s.AtEnd()) return s.Fail("text after the object");
  return members;
}

}  // namespace

size_t CopyWithoutDocumentation(std::string_view json, char* out) {
  static constexpr std::string_view kKey = "\"documentation\"";
  char* write = out;
  auto append = [&write](const char* from, const char* to) {
    std::memcpy(write, from, static_cast<size_t>(to - from));
    write += to - from;
  };
  const char* end = json.data() + json.size();
  Scanner s(json);
  const char* copied = json.data();  // [copied, position) is still to be copied
  while (!s.AtEnd()) {
    const void* found = std::memchr(s.position(), '"', static_cast<size_t>(end - s.position()));
    if (found == nullptr) break;
    s = Scanner(json, static_cast<const char*>(found));
    const char* key = s.position();
    if (!s.SkipString()) break;
    if (std::string_view(key, static_cast<size_t>(s.position() - key)) != kKey) continue;
    s.SkipWhitespace();
    if (!s.At(':')) continue;  // a value "documentation", not a key
    s.Advance();
    s.SkipWhitespace();
    if (!s.At('"')) continue;
    const char* value = s.position();
    if (!s.SkipString()) break;
    append(copied, value);
    *write++ = '"';
    *write++ = '"';
    copied = s.position();
  }
  append(copied, end);
  return static_cast<size_t>(write - out);
}

void CopyWithoutDocumentation(std::string_view json, std::string& out) {
  out.resize(json.size());
  out.resize(CopyWithoutDocumentation(json, out.data()));
}

Result<std::vector<ScannedMember>> ScanObjectMembers(std::string_view text) {
  return ScanWhole(text, {}, {}, nullptr, nullptr);
}

Result<std::vector<ScannedMember>> ScanObjectMembers(std::string_view text,
                                                     std::string_view expand_a,
                                                     std::vector<ScannedMember>& expanded_a,
                                                     std::string_view expand_b,
                                                     std::vector<ScannedMember>& expanded_b) {
  return ScanWhole(text, expand_a, expand_b, &expanded_a, &expanded_b);
}

}  // namespace awscrape::aws::model
