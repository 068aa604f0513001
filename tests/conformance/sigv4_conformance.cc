// The SigV4 conformance runner.
//
//   sigv4_conformance DIR            signs every case of the AWS SigV4 test suite under DIR
//   sigv4_conformance --oracle FILE  replays requests botocore signed
//   (tests/oracles/sigv4_oracle.py)
//
// DIR may hold either layout of ../shared/testdata/sigv4 (see its README), found by walking it:
// - aws-c-auth-v4: a directory with context.json + request.txt (+ header-*.txt, query-*.txt);
//   header signing and presigning are checked separately when their expected files exist.
// - aws4_testsuite: a directory with <name>.req (+ .creq, .sts, .authz, .sreq); fixed credentials,
//   region and service, the time taken from the request's X-Amz-Date.
// Every step with an expected file is compared. One line per failing step, then
// "N passed, M failed" (N and M count signings: a case x a mode). Exit status 1 on any failure.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/core/encoding.h"
#include "awscrape/core/file.h"
#include "awscrape/core/json.h"

namespace awscrape::aws {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Expected files use LF and mostly lack a final newline: compare without CRs or final newlines.
std::string NormalizeExpected(std::string text) {
  std::erase(text, '\r');
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// A one-line description of where two multi-line texts first differ: the line number and a
// window of each text around the first differing byte.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  size_t line = 1 + std::count(expected.begin(), expected.begin() + i, '\n');
  size_t from = i > 40 ? i - 40 : 0;
  auto window = [from](const std::string& s) {
    std::string out = from > 0 ? "..." : "";
    for (char c : std::string_view(s).substr(std::min(from, s.size()), 120)) {
      out += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    return out;
  };
  return "line " + std::to_string(line) + ": expected \"" + window(expected) + "\", got \"" +
         window(actual) + "\"";
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1 requests as the suites write them

// Parses "METHOD target HTTP/1.1", header lines (a line starting with whitespace continues the
// previous header; its value keeps the line break), a blank line, the body. The target may
// contain spaces ("GET /example space/ HTTP/1.1"), so the version is taken from the end.
Result<HttpRequest> ParseRawRequest(std::string_view text) {
  std::string head_text;
  std::string body;
  size_t blank = text.find("\n\n");
  size_t crlf_blank = text.find("\r\n\r\n");
  if (crlf_blank != std::string_view::npos && crlf_blank < blank) {
    head_text = text.substr(0, crlf_blank);
    body = text.substr(crlf_blank + 4);
  } else if (blank != std::string_view::npos) {
    head_text = text.substr(0, blank);
    body = text.substr(blank + 2);
  } else {
    head_text = text;
  }
  std::erase(head_text, '\r');

  std::vector<std::string_view> lines;
  std::string_view head = head_text;
  for (size_t start = 0; start <= head.size();) {
    size_t end = head.find('\n', start);
    if (end == std::string_view::npos) end = head.size();
    lines.push_back(head.substr(start, end - start));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return ParseError("empty request");

  HttpRequest request;
  std::string_view request_line = lines[0];
  size_t first_space = request_line.find(' ');
  size_t last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || last_space <= first_space ||
      !request_line.substr(last_space + 1).starts_with("HTTP/")) {
    return ParseError("bad request line: " + std::string(request_line));
  }
  request.method = request_line.substr(0, first_space);
  std::string_view target = request_line.substr(first_space + 1, last_space - first_space - 1);
  size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = target.substr(question + 1);

  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) return ParseError("continuation line before any header");
      request.headers.back().value += "\n" + std::string(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return ParseError("bad header line: " + std::string(line));
    request.headers.push_back(
        {std::string(line.substr(0, colon)), std::string(Trim(line.substr(colon + 1)))});
  }
  request.body = std::move(body);
  if (const std::string* host = FindHeader(request.headers, "Host")) request.host = *host;
  return request;
}

// A rendering of a request that ignores what HTTP ignores (header order across names, header
// name case, whitespace around values) and keeps what it doesn't: the request line, the values,
// their order within a name, the body.
std::string RenderForComparison(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& h : request.headers) headers.emplace_back(Lower(h.name), Trim(h.value));
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = request.method + " " + request.Target() + "\n";
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += "\n" + request.body;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cases

struct Expected {
  std::string step;             // "canonical request", ...
  std::string text;             // normalised
  bool mask_signature = false;  // compare with "Signature=<hex>" masked (a known erratum)
};

struct SigningCase {
  std::string name;
  HttpRequest request;
  Credentials credentials;
  SigningOptions options;
  bool presign = false;
  int expires = 0;
  std::vector<Expected> expected;
  std::string load_error;  // non-empty: the case could not be set up
};

struct Tally {
  int passed = 0;
  int failed = 0;
};

void Fail(const std::string& name, std::string_view step, const std::string& detail) {
  std::printf("FAIL %s: %.*s: %s\n", name.c_str(), int(step.size()), step.data(), detail.c_str());
}

std::string MaskSignatures(std::string text) {
  for (size_t at = text.find("Signature="); at != std::string::npos;
       at = text.find("Signature=", at + 1)) {
    size_t end = at + 10;
    while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end]))) ++end;
    text.replace(at + 10, end - at - 10, "*");
  }
  return text;
}

std::string ActualFor(std::string_view step, const SigningSteps& steps,
                      const HttpRequest& signed_request) {
  if (step == "canonical request") return steps.canonical_request;
  if (step == "string to sign") return steps.string_to_sign;
  if (step == "signature") return steps.signature;
  if (step == "authorization") return steps.authorization;
  return RenderForComparison(signed_request);  // "signed request"
}

void RunCase(const SigningCase& c, Tally& tally) {
  if (!c.load_error.empty()) {
    Fail(c.name, "load", c.load_error);
    ++tally.failed;
    return;
  }
  if (c.expected.empty()) {
    Fail(c.name, "load", "no expected-result files");
    ++tally.failed;
    return;
  }
  HttpRequest request = c.request;
  SigningSteps steps = c.presign ? PresignRequest(request, c.credentials, c.options, c.expires)
                                 : SignRequest(request, c.credentials, c.options);
  bool ok = true;
  for (const auto& e : c.expected) {
    std::string actual = ActualFor(e.step, steps, request);
    std::string want = e.text;
    if (e.mask_signature) {
      actual = MaskSignatures(actual);
      want = MaskSignatures(want);
    }
    if (actual != want) {
      Fail(c.name, e.step, FirstDifference(want, actual));
      ok = false;
    }
  }
  ok ? ++tally.passed : ++tally.failed;
}

// Reads `dir/file` into `c.expected` as `step` when it exists; a signed request is parsed and
// rendered so that it compares like ours.
void AddExpected(SigningCase& c, const fs::path& file, std::string step) {
  if (!fs::exists(file)) return;
  auto text = ReadFile(file);
  if (!text.ok()) {
    c.load_error = text.status().ToString();
    return;
  }
  if (step == "signed request") {
    auto parsed = ParseRawRequest(*text);
    if (!parsed.ok()) {
      c.load_error = file.filename().string() + ": " + parsed.status().ToString();
      return;
    }
    c.expected.push_back({std::move(step), RenderForComparison(*parsed)});
  } else {
    c.expected.push_back({std::move(step), NormalizeExpected(*text)});
  }
}

// aws-c-auth-v4 layout: context.json + request.txt; one case per mode with expected files.
std::vector<SigningCase> LoadContextCases(const fs::path& dir, const std::string& name) {
  SigningCase base;
  base.name = name;
  auto context_text = ReadFile(dir / "context.json");
  auto request_text = ReadFile(dir / "request.txt");
  if (!context_text.ok() || !request_text.ok()) {
    base.load_error = "unreadable context.json or request.txt";
    return {base};
  }
  auto context = ParseJson(*context_text);
  auto request = ParseRawRequest(*request_text);
  if (!context.ok() || !request.ok()) {
    base.load_error = !context.ok() ? "context.json: " + context.status().ToString()
                                    : "request.txt: " + request.status().ToString();
    return {base};
  }
  const JsonValue& ctx = *context;
  static const char* const kKnownKeys[] = {"credentials",
                                           "region",
                                           "service",
                                           "timestamp",
                                           "normalize",
                                           "sign_body",
                                           "omit_session_token",
                                           "expiration_in_seconds"};
  if (ctx.IsObject()) {
    for (auto it = ctx.MemberBegin(); it != ctx.MemberEnd(); ++it) {
      std::string_view key(it->name.GetString(), it->name.GetStringLength());
      if (std::find(std::begin(kKnownKeys), std::end(kKnownKeys), key) == std::end(kKnownKeys)) {
        std::printf("NOTE %s: context.json key \"%.*s\" is not understood by this runner\n",
                    name.c_str(), int(key.size()), key.data());
      }
    }
  }
  base.request = std::move(*request);
  if (const JsonValue* creds = FindMember(ctx, "credentials")) {
    base.credentials.access_key_id = GetString(*creds, "access_key_id");
    base.credentials.secret_access_key = GetString(*creds, "secret_access_key");
    base.credentials.session_token = GetString(*creds, "token");
  }
  base.options.region = GetString(ctx, "region");
  base.options.service = GetString(ctx, "service");
  auto time = ParseIso8601(GetString(ctx, "timestamp"));
  if (!time || base.credentials.empty() || base.options.region.empty() ||
      base.options.service.empty()) {
    base.load_error = "context.json lacks credentials, region, service or a valid timestamp";
    return {base};
  }
  base.options.time = *time;
  // `normalize: false` is aws-c-auth's S3-style path handling: no dot-segment removal. The path
  // is still URI-encoded (the suite's expected canonical URIs are).
  base.options.normalize_path = GetBool(ctx, "normalize", true);
  base.options.omit_session_token = GetBool(ctx, "omit_session_token", false);
  bool sign_body = GetBool(ctx, "sign_body", false);

  std::vector<SigningCase> cases;
  SigningCase header = base;
  header.name = name + " [header]";
  header.options.add_content_sha256_header = sign_body;
  AddExpected(header, dir / "header-canonical-request.txt", "canonical request");
  AddExpected(header, dir / "header-string-to-sign.txt", "string to sign");
  AddExpected(header, dir / "header-signature.txt", "signature");
  AddExpected(header, dir / "header-signed-request.txt", "signed request");
  if (!header.expected.empty() || !header.load_error.empty()) cases.push_back(std::move(header));

  SigningCase query = base;
  query.name = name + " [query]";
  query.presign = true;
  AddExpected(query, dir / "query-canonical-request.txt", "canonical request");
  AddExpected(query, dir / "query-string-to-sign.txt", "string to sign");
  AddExpected(query, dir / "query-signature.txt", "signature");
  AddExpected(query, dir / "query-signed-request.txt", "signed request");
  if (!query.expected.empty() || !query.load_error.empty()) {
    const JsonValue* expires = FindMember(ctx, "expiration_in_seconds");
    if (!expires || !expires->IsInt()) {
      query.load_error = "query-signing files but no expiration_in_seconds in context.json";
    } else {
      query.expires = expires->GetInt();
    }
    cases.push_back(std::move(query));
  }
  if (cases.empty()) {
    base.load_error = "neither header-* nor query-* expected files";
    cases.push_back(std::move(base));
  }
  return cases;
}

// aws4_testsuite layout: <stem>.req and its expected files. The suite's fixed parameters are in
// its README; the time comes from the request's X-Amz-Date.
SigningCase LoadTestsuiteCase(const fs::path& dir, const std::string& stem,
                              const std::string& name) {
  SigningCase c;
  c.name = name;
  auto text = ReadFile(dir / (stem + ".req"));
  if (!text.ok()) {
    c.load_error = text.status().ToString();
    return c;
  }
  auto request = ParseRawRequest(*text);
  if (!request.ok()) {
    c.load_error = stem + ".req: " + request.status().ToString();
    return c;
  }
  c.request = std::move(*request);
  c.credentials.access_key_id = "AKIDEXAMPLE";
  c.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.options.region = "us-east-1";
  c.options.service = "service";
  c.options.time = *ParseIso8601("2015-08-30T12:36:00Z");
  if (const std::string* date = FindHeader(c.request.headers, "X-Amz-Date")) {
    // 20150830T123600Z -> 2015-08-30T12:36:00Z
    if (date->size() == 16) {
      std::string iso = date->substr(0, 4) + "-" + date->substr(4, 2) + "-" + date->substr(6, 2) +
                        "T" + date->substr(9, 2) + ":" + date->substr(11, 2) + ":" +
                        date->substr(13, 2) + "Z";
      if (auto t = ParseIso8601(iso)) c.options.time = *t;
    }
  }
  AddExpected(c, dir / (stem + ".creq"), "canonical request");
  AddExpected(c, dir / (stem + ".sts"), "string to sign");
  AddExpected(c, dir / (stem + ".authz"), "authorization");
  AddExpected(c, dir / (stem + ".sreq"), "signed request");
  if (!c.load_error.empty()) return c;

  std::optional<HttpRequest> sreq;
  if (auto text = ReadFile(dir / (stem + ".sreq")); text.ok()) {
    if (auto parsed = ParseRawRequest(*text); parsed.ok()) sreq = std::move(*parsed);
  }
  std::string authz;
  if (auto text = ReadFile(dir / (stem + ".authz")); text.ok()) authz = NormalizeExpected(*text);
  const std::string* sreq_authz = sreq ? FindHeader(sreq->headers, "Authorization") : nullptr;
  if (authz.empty() && sreq_authz) authz = *sreq_authz;

  // The token: one in the request is signed (the signer re-adds it from the credentials). One
  // only in the signed request is signed when the case's SignedHeaders name it, else it was
  // added after signing (the suite's "post-sts-header-after").
  const std::string* token = FindHeader(c.request.headers, "X-Amz-Security-Token");
  if (!token && sreq) token = FindHeader(sreq->headers, "X-Amz-Security-Token");
  if (token) {
    c.credentials.session_token = *token;
    c.options.omit_session_token = authz.find("x-amz-security-token") == std::string::npos;
  }

  // A .sreq whose Authorization disagrees with the case's own .authz is self-inconsistent
  // (get-vanilla-with-session-token.sreq carries get-vanilla's signature). The .authz is checked
  // exactly; the .sreq is checked with its signature masked, and the erratum is reported.
  if (sreq_authz && !authz.empty() && std::string(Trim(*sreq_authz)) != authz) {
    for (auto& e : c.expected) {
      if (e.step == "signed request") e.mask_signature = true;
    }
    std::printf(
        "NOTE %s: %s.sreq's Authorization disagrees with %s.authz; the signed request is "
        "compared with signatures masked\n",
        name.c_str(), stem.c_str(), stem.c_str());
  }
  return c;
}

int RunSuiteDirectory(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::printf("not a directory: %s\n", root.c_str());
    return 2;
  }
  std::vector<fs::path> dirs = {root};
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<SigningCase> cases;
  for (const auto& dir : dirs) {
    std::string name = fs::relative(dir, root).generic_string();
    if (fs::exists(dir / "context.json") && fs::exists(dir / "request.txt")) {
      for (auto& c : LoadContextCases(dir, name)) cases.push_back(std::move(c));
      continue;
    }
    std::vector<std::string> stems;
    for (const auto& file : fs::directory_iterator(dir)) {
      if (file.is_regular_file() && file.path().extension() == ".req") {
        stems.push_back(file.path().stem().string());
      }
    }
    std::sort(stems.begin(), stems.end());
    for (const auto& stem : stems) {
      std::string case_name = fs::path(name).filename() == stem ? name : name + "/" + stem;
      cases.push_back(LoadTestsuiteCase(dir, stem, case_name));
    }
  }
  if (cases.empty()) {
    std::printf("no SigV4 cases found under %s\n", root.c_str());
    std::printf("0 passed, 0 failed\n");
    return 1;
  }
  Tally tally;
  for (const auto& c : cases) RunCase(c, tally);
  std::printf("%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// --oracle: requests signed by botocore (tests/oracles/sigv4_oracle.py)

struct UrlParts {
  std::string scheme, host, path, query;
};

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return parts;
  parts.scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  parts.host = rest.substr(0, path_start);
  if (path_start == std::string_view::npos) return parts;
  rest = rest.substr(path_start);
  size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) parts.query = rest.substr(question + 1);
  return parts;
}

// The query as sorted decoded pairs: botocore re-encodes a presigned URL's parameters in its own
// order; what matters is that the same parameters arrive.
std::string QueryForComparison(std::string_view query) {
  std::vector<std::string> pairs;
  for (size_t start = 0; start <= query.size();) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string value = eq == std::string_view::npos ? "" : UriDecode(pair.substr(eq + 1));
      pairs.push_back(UriDecode(pair.substr(0, eq)) + "=" + value);
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& p : pairs) out += p + "\n";
  return out;
}

Result<HttpHeaders> HeadersFromJson(const JsonValue* array) {
  HttpHeaders headers;
  if (!array || !array->IsArray()) return ParseError("headers must be an array of [name, value]");
  for (const auto& pair : array->GetArray()) {
    if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString() || !pair[1].IsString()) {
      return ParseError("headers must be an array of [name, value]");
    }
    headers.push_back({pair[0].GetString(), pair[1].GetString()});
  }
  return headers;
}

// Runs one oracle case; returns the failing steps (empty when it passed).
Result<std::vector<std::pair<std::string, std::string>>> RunOracleCase(const JsonValue& c) {
  const JsonValue* req = FindMember(c, "request");
  const JsonValue* expected = FindMember(c, "expected");
  const JsonValue* creds = FindMember(c, "credentials");
  if (!req || !expected || !creds) return ParseError("case lacks request, expected or credentials");
  std::string signer(GetString(c, "signer"));

  HttpRequest request;
  UrlParts url = SplitUrl(GetString(*req, "url"));
  request.method = GetString(*req, "method", "GET");
  request.scheme = url.scheme;
  request.host = url.host;
  request.path = url.path;
  request.query = url.query;
  request.body = GetString(*req, "body");
  AWSCRAPE_ASSIGN_OR_RETURN(request.headers, HeadersFromJson(FindMember(*req, "headers")));

  Credentials credentials;
  credentials.access_key_id = GetString(*creds, "access_key");
  credentials.secret_access_key = GetString(*creds, "secret_key");
  credentials.session_token = GetString(*creds, "token");

  SigningOptions options;
  options.region = GetString(c, "region");
  options.service = GetString(c, "service");
  auto time = ParseIso8601(GetString(c, "timestamp"));
  if (!time) return ParseError("bad timestamp");
  options.time = *time;
  bool payload_signing = GetBool(c, "payload_signing_enabled", true);
  bool presign = false;
  // How the client layer maps botocore's signer classes onto options.
  if (signer == "SigV4Auth") {
    options.unsigned_payload = !payload_signing && url.scheme == "https";
  } else if (signer == "S3SigV4Auth") {
    ApplyS3Rules(options);
    options.unsigned_payload = !payload_signing;
  } else if (signer == "SigV4QueryAuth") {
    presign = true;
  } else if (signer == "S3SigV4QueryAuth") {
    ApplyS3Rules(options);
    options.unsigned_payload = true;
    presign = true;
  } else {
    return ParseError("unknown signer " + signer);
  }

  const JsonValue* expires = FindMember(c, "expires");
  SigningSteps steps = presign
                           ? PresignRequest(request, credentials, options,
                                            expires && expires->IsInt() ? expires->GetInt() : 3600)
                           : SignRequest(request, credentials, options);

  std::vector<std::pair<std::string, std::string>> failures;
  auto check = [&](std::string step, const std::string& want, const std::string& got) {
    if (want != got) failures.emplace_back(std::move(step), FirstDifference(want, got));
  };
  check("canonical request", std::string(GetString(*expected, "canonical_request")),
        steps.canonical_request);
  check("string to sign", std::string(GetString(*expected, "string_to_sign")),
        steps.string_to_sign);
  check("signature", std::string(GetString(*expected, "signature")), steps.signature);

  HttpRequest want = request;  // same method and body; headers and URL from botocore
  AWSCRAPE_ASSIGN_OR_RETURN(want.headers, HeadersFromJson(FindMember(*expected, "headers")));
  UrlParts want_url = SplitUrl(GetString(*expected, "url"));
  check("signed headers", RenderForComparison(want), RenderForComparison(request));
  check("url",
        want_url.scheme + "://" + want_url.host + want_url.path + "\n" +
            QueryForComparison(want_url.query),
        request.scheme + "://" + request.host + request.path + "\n" +
            QueryForComparison(request.query));
  return failures;
}

int RunOracleFile(const fs::path& file) {
  auto text = ReadFile(file);
  if (!text.ok()) {
    std::printf("%s\n", text.status().ToString().c_str());
    return 2;
  }
  auto doc = ParseJson(*text);
  const JsonValue* cases = doc.ok() ? FindMember(*doc, "cases") : nullptr;
  if (!cases || !cases->IsArray() || cases->Empty()) {
    std::printf("%s: no \"cases\" array\n", file.c_str());
    std::printf("0 passed, 0 failed\n");
    return 1;
  }
  Tally tally;
  for (const auto& c : cases->GetArray()) {
    std::string name = "oracle/" + std::string(GetString(c, "name", "?")) + " [" +
                       std::string(GetString(c, "signer", "?")) + "]";
    auto failures = RunOracleCase(c);
    if (!failures.ok()) {
      Fail(name, "load", failures.status().ToString());
      ++tally.failed;
      continue;
    }
    for (const auto& [step, detail] : *failures) Fail(name, step, detail);
    failures->empty() ? ++tally.passed : ++tally.failed;
  }
  std::printf("%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace awscrape::aws

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc == 3 && std::string_view(argv[1]) == "--oracle") {
    return awscrape::aws::RunOracleFile(argv[2]);
  }
  if (argc != 2 || argv[1][0] == '-') {
    std::fprintf(stderr, "usage: %s DIR | %s --oracle FILE\n", argv[0], argv[0]);
    return 2;
  }
  return awscrape::aws::RunSuiteDirectory(argv[1]);
}
