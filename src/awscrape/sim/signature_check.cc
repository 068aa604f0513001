#include "awscrape/sim/signature_check.h"

#include <cctype>

#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/core/crypto.h"
#include "awscrape/core/encoding.h"

namespace awscrape::sim {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Constant-time comparison: the verdict must not leak how much of the signature matched.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

SignatureCheck VerifySignature(const aws::HttpRequest& request, const Authorization& auth,
                               std::string_view access_key_id, std::string_view secret_access_key,
                               bool s3_rules) {
  SignatureCheck check;
  if (auth.access_key_id != access_key_id) {
    check.verdict = SignatureVerdict::kUnknownAccessKey;
    return check;
  }
  aws::SigningOptions options;
  options.region = auth.region;
  options.service = auth.service;
  if (s3_rules) aws::ApplyS3Rules(options);

  std::string canonical_headers, signed_headers;
  for (const std::string& name : auth.signed_headers) {
    std::string lowered = Lower(name);
    std::string value;
    bool found = false;
    for (const aws::HttpHeader& header : request.headers) {
      if (!aws::HeaderNameEquals(header.name, lowered)) continue;
      if (found) value += ',';
      value += aws::CanonicalHeaderValue(header.value);
      found = true;
    }
    // In-process requests (tests, the oracle) carry no Host header: the signer signed the
    // URL's host, as the transport would send it.
    if (!found && lowered == "host") value = aws::SigningHost(request);
    canonical_headers += lowered + ':' + value + '\n';
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += lowered;
  }
  const std::string* content_sha = aws::FindHeader(request.headers, "X-Amz-Content-Sha256");
  std::string payload_hash = content_sha ? *content_sha : Sha256Hex(request.body);
  check.canonical_request = request.method + '\n' + aws::CanonicalUri(request.path, options) +
                            '\n' + aws::CanonicalQueryString(request.query) + '\n' +
                            canonical_headers + '\n' + signed_headers + '\n' + payload_hash;

  const std::string* amz_date = aws::FindHeader(request.headers, "X-Amz-Date");
  std::string scope = auth.date + '/' + auth.region + '/' + auth.service + "/aws4_request";
  check.string_to_sign = "AWS4-HMAC-SHA256\n" + (amz_date ? *amz_date : std::string()) + '\n' +
                         scope + '\n' + Sha256Hex(check.canonical_request);
  std::string key = aws::DeriveSigningKey(secret_access_key, auth.date, auth.region, auth.service);
  std::string expected = HexEncode(HmacSha256(key, check.string_to_sign));
  check.verdict = amz_date && SameSecret(expected, auth.signature) ? SignatureVerdict::kOk
                                                                   : SignatureVerdict::kMismatch;
  return check;
}

}  // namespace awscrape::sim
