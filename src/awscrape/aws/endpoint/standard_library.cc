#include "awscrape/aws/endpoint/standard_library.h"

#include <cctype>
#include <regex>

#include "awscrape/aws/endpoint/python_url.h"
#include "awscrape/core/encoding.h"

namespace awscrape::aws::endpoint {
namespace {

EndpointValue Bool(bool b) { return EndpointValue::Bool(b); }

// VALID_HOST_LABEL_RE = ^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$
bool MatchesHostLabel(const std::string& s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '-') return false;
  }
  return true;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

bool IsAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// botocore.utils.remove_dot_segments: RFC 3986 5.2.4, also collapsing empty segments.
std::string RemoveDotSegments(const std::string& url) {
  if (url.empty()) return "";
  std::vector<std::string> output;
  for (const auto& segment : Split(url, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!output.empty()) output.pop_back();
    } else {
      output.push_back(segment);
    }
  }
  std::string result = url.front() == '/' ? "/" : "";
  for (size_t i = 0; i < output.size(); ++i) result += (i ? "/" : "") + output[i];
  if (url.back() == '/' && !output.empty()) result += '/';
  return result;
}

// GET_ATTR_RE.search(part) for r"(\w+)\[(\d+)\]": the first "[digits]" preceded by a word
// character, with the whole run of word characters before it as the name.
bool FindIndexedPart(const std::string& part, std::string* name, size_t* index) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t open = part.find('['); open != std::string::npos; open = part.find('[', open + 1)) {
    size_t close = open + 1;
    while (close < part.size() && std::isdigit(static_cast<unsigned char>(part[close]))) ++close;
    if (open == 0 || !is_word(part[open - 1]) || close == open + 1 || close >= part.size() ||
        part[close] != ']') {
      continue;
    }
    size_t start = open;
    while (start > 0 && is_word(part[start - 1])) --start;
    *name = part.substr(start, open - start);
    *index = std::stoul(part.substr(open + 1, close - open - 1));
    return true;
  }
  return false;
}

}  // namespace

EndpointValue IsSet(const EndpointValue& value) { return Bool(!value.is_none()); }

EndpointValue Not(const EndpointValue& value) { return Bool(!value.Truthy()); }

Result<EndpointValue> GetAttr(const EndpointValue& value, const EndpointValue& path) {
  if (!path.is_string()) return InvalidArgument("getAttr path must be a string");
  const EndpointValue* current = &value;
  for (const auto& part : Split(path.string(), '.')) {
    std::string name;
    size_t index;
    if (FindIndexedPart(part, &name, &index)) {
      if (!current->is_object()) {
        return InvalidArgument("getAttr: cannot read '" + part + "' of " +
                               current->PythonTypeName());
      }
      const EndpointValue* list = current->Find(name);
      if (list == nullptr || list->is_none()) return EndpointValue();
      if (!list->is_array()) return InvalidArgument("getAttr: '" + name + "' is not a list");
      if (index >= list->array().size()) return EndpointValue();
      return list->array()[index];
    }
    const EndpointValue* member = current->Find(part);
    if (member == nullptr) {
      return InvalidArgument("getAttr: no attribute '" + part + "' in " + current->PythonStr());
    }
    current = member;
  }
  return *current;
}

Result<EndpointValue> StringEquals(const EndpointValue& a, const EndpointValue& b) {
  if (!a.is_string() || !b.is_string()) {
    return InvalidArgument("Both values must be strings, not " + a.PythonTypeName() + " and " +
                           b.PythonTypeName() + ".");
  }
  return Bool(a.string() == b.string());
}

Result<EndpointValue> BooleanEquals(const EndpointValue& a, const EndpointValue& b) {
  if (!a.is_bool() || !b.is_bool()) {
    return InvalidArgument("Both arguments must be bools, not " + a.PythonTypeName() + " and " +
                           b.PythonTypeName() + ".");
  }
  return Bool(a.boolean() == b.boolean());
}

Result<EndpointValue> Substring(const EndpointValue& value, const EndpointValue& start,
                                const EndpointValue& stop, const EndpointValue& reverse) {
  if (!value.is_string()) {
    return InvalidArgument("Input must be a string, not " + value.PythonTypeName() + ".");
  }
  if (!start.is_int() || !stop.is_int())
    return InvalidArgument("substring indexes must be integers");
  const std::string& s = value.string();
  int64_t from = start.integer(), to = stop.integer();
  if (from >= to || static_cast<int64_t>(s.size()) < to || !IsAscii(s)) return EndpointValue();
  if (from < 0) return InvalidArgument("substring start must not be negative");
  int64_t len = static_cast<int64_t>(s.size());
  if (reverse.is_bool() && reverse.boolean()) {
    return EndpointValue::String(s.substr(len - to, to - from));
  }
  return EndpointValue::String(s.substr(from, to - from));
}

EndpointValue UriEncodeValue(const EndpointValue& value) {
  if (value.is_none()) return {};
  // percent_encode(str(value)) with safe "-._~": exactly the RFC 3986 unreserved set.
  return EndpointValue::String(UriEncode(value.PythonStr(), /*keep_slash=*/false));
}

Result<EndpointValue> ParseUrlValue(const EndpointValue& value) {
  if (value.is_none()) return EndpointValue();
  if (!value.is_string()) return InvalidArgument("parseURL expects a string");
  const std::string& url = value.string();
  AWSCRAPE_ASSIGN_OR_RETURN(PythonUrl parts, ParsePythonUrl(url));
  if (!parts.Port().ok()) return EndpointValue();
  if ((parts.scheme != "https" && parts.scheme != "http") || !parts.query.empty()) {
    return EndpointValue();
  }
  std::string normalized = parts.path.empty() ? "/" : RemoveDotSegments(parts.path);
  normalized = UriEncode(normalized, /*keep_slash=*/true);
  if (normalized.empty() || normalized.back() != '/') normalized += '/';
  AWSCRAPE_ASSIGN_OR_RETURN(bool is_ipv4, IsIpv4EndpointUrl(url));
  bool is_ip = is_ipv4;
  if (!is_ip) {
    AWSCRAPE_ASSIGN_OR_RETURN(is_ip, IsIpv6EndpointUrl(url));
  }
  EndpointValue out = EndpointValue::MakeObject();
  out.Set("scheme", EndpointValue::String(parts.scheme));
  out.Set("authority", EndpointValue::String(parts.netloc));
  out.Set("path", EndpointValue::String(parts.path));
  out.Set("normalizedPath", EndpointValue::String(normalized));
  out.Set("isIp", Bool(is_ip));
  return out;
}

EndpointValue IsValidHostLabel(const EndpointValue& value, const EndpointValue& allow_subdomains) {
  if (!value.is_string()) return Bool(false);
  const std::string& s = value.string();
  bool allow_false = allow_subdomains.is_bool() && !allow_subdomains.boolean();
  bool allow_true = allow_subdomains.is_bool() && allow_subdomains.boolean();
  if (allow_false && s.find('.') != std::string::npos) return Bool(false);
  if (allow_true) {
    for (const auto& label : Split(s, '.')) {
      if (!MatchesHostLabel(label)) return Bool(false);
    }
    return Bool(true);
  }
  return Bool(MatchesHostLabel(s));
}

EndpointValue AwsPartition(const EndpointValue& region, const Partitions& partitions) {
  const std::string* name = region.is_string() ? &region.string() : nullptr;
  return partitions.ForRegion(name).outputs;
}

EndpointValue AwsParseArn(const EndpointValue& value) {
  if (!value.is_string() || value.string().rfind("arn:", 0) != 0) return {};
  const std::string& arn = value.string();
  // arn.split(':', 5)
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() < 5) {
    size_t pos = arn.find(':', start);
    if (pos == std::string::npos) break;
    parts.push_back(arn.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(arn.substr(start));
  if (parts.size() < 6) return {};
  const std::string& resource = parts[5];
  if (parts[1].empty() || parts[2].empty() || resource.empty()) return {};
  EndpointValue::Array ids;
  for (auto& id : Split(resource, resource.find(':') != std::string::npos ? ':' : '/')) {
    ids.push_back(EndpointValue::String(std::move(id)));
  }
  EndpointValue out = EndpointValue::MakeObject();
  out.Set("partition", EndpointValue::String(parts[1]));
  out.Set("service", EndpointValue::String(parts[2]));
  out.Set("region", EndpointValue::String(parts[3]));
  out.Set("accountId", EndpointValue::String(parts[4]));
  out.Set("resourceId", EndpointValue::MakeArray(std::move(ids)));
  return out;
}

EndpointValue AwsIsVirtualHostableS3Bucket(const EndpointValue& value,
                                           const EndpointValue& allow_subdomains) {
  if (!value.is_string()) return Bool(false);
  const std::string& s = value.string();
  static const std::regex kIpv4(R"(^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$)");
  bool has_upper = false;
  for (unsigned char c : s) has_upper |= (std::isupper(c) != 0);
  if (s.size() < 3 || has_upper || std::regex_search(s, kIpv4)) return Bool(false);
  if (allow_subdomains.is_bool() && allow_subdomains.boolean()) {
    for (const auto& label : Split(s, '.')) {
      if (!AwsIsVirtualHostableS3Bucket(EndpointValue::String(label), Bool(false)).boolean()) {
        return Bool(false);
      }
    }
    return Bool(true);
  }
  return IsValidHostLabel(value, Bool(false));
}

Result<EndpointValue> CallFunction(Function function, const std::vector<EndpointValue>& args,
                                   const Partitions& partitions) {
  switch (function) {
    case Function::kIsSet:
      return IsSet(args[0]);
    case Function::kNot:
      return Not(args[0]);
    case Function::kGetAttr:
      return GetAttr(args[0], args[1]);
    case Function::kStringEquals:
      return StringEquals(args[0], args[1]);
    case Function::kBooleanEquals:
      return BooleanEquals(args[0], args[1]);
    case Function::kSubstring:
      return Substring(args[0], args[1], args[2], args[3]);
    case Function::kUriEncode:
      return UriEncodeValue(args[0]);
    case Function::kParseUrl:
      return ParseUrlValue(args[0]);
    case Function::kIsValidHostLabel:
      return IsValidHostLabel(args[0], args[1]);
    case Function::kAwsPartition:
      return AwsPartition(args[0], partitions);
    case Function::kAwsParseArn:
      return AwsParseArn(args[0]);
    case Function::kAwsIsVirtualHostableS3Bucket:
      return AwsIsVirtualHostableS3Bucket(args[0], args[1]);
  }
  return Internal("unknown endpoint function");
}

}  // namespace awscrape::aws::endpoint
