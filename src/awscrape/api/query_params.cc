#include "awscrape/api/query_params.h"

#include <charconv>

namespace awscrape::api {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }

// Quoted for messages, cut short and with control characters replaced, so a hostile value
// cannot make a message huge or break a terminal.
std::string Shown(std::string_view value) {
  std::string out = "'";
  for (size_t i = 0; i < value.size() && i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
  }
  if (value.size() > 64) out += "...";
  return out + "'";
}

}  // namespace

bool IsValidScrapeId(std::string_view id) {
  // "scrape_" 8 digits "_" 6 digits "_" 8 hex = 7 + 8 + 1 + 6 + 1 + 8
  if (id.size() != 31 || id.substr(0, 7) != "scrape_") return false;
  for (size_t i = 7; i < 15; ++i) {
    if (!IsDigit(id[i])) return false;
  }
  if (id[15] != '_') return false;
  for (size_t i = 16; i < 22; ++i) {
    if (!IsDigit(id[i])) return false;
  }
  if (id[22] != '_') return false;
  for (size_t i = 23; i < 31; ++i) {
    if (!IsLowerHex(id[i])) return false;
  }
  return true;
}

Status ValidateScrapeId(std::string_view id) {
  if (IsValidScrapeId(id)) return Status::Ok();
  return InvalidArgument("malformed scrape id " + Shown(id) +
                         ": expected scrape_YYYYMMDD_HHMMSS_<8 hex digits>");
}

Status ValidateServiceName(std::string_view service) {
  bool ok =
      !service.empty() && service.size() <= 64 && (IsLower(service[0]) || IsDigit(service[0]));
  for (char c : service) ok = ok && (IsLower(c) || IsDigit(c) || c == '-' || c == '.');
  if (ok) return Status::Ok();
  return InvalidArgument("invalid service name " + Shown(service));
}

bool IsGlobalRegionName(std::string_view region) { return region == "global" || region == "None"; }

Status ValidateRegion(std::string_view region) {
  if (IsGlobalRegionName(region)) return Status::Ok();
  bool ok = !region.empty() && region.size() <= 32;
  for (char c : region) ok = ok && (IsLower(c) || IsDigit(c) || c == '-');
  if (ok) return Status::Ok();
  return InvalidArgument("invalid region " + Shown(region));
}

Status ValidateOperation(std::string_view operation) {
  bool ok = !operation.empty() && operation.size() <= 128 && IsAlpha(operation[0]);
  for (char c : operation) ok = ok && (IsAlpha(c) || IsDigit(c));
  if (ok) return Status::Ok();
  return InvalidArgument("invalid operation name " + Shown(operation));
}

Result<int64_t> ParseBoundedInt(std::string_view name, std::string_view text, int64_t min,
                                int64_t max) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument(std::string(name) + " must be an integer, not " + Shown(text));
  }
  if (value < min || value > max) {
    return InvalidArgument(std::string(name) + " must be between " + std::to_string(min) + " and " +
                           std::to_string(max) + ", not " + std::to_string(value));
  }
  return value;
}

Result<bool> ParseBoolParam(std::string_view name, std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return InvalidArgument(std::string(name) + " must be true or false, not " + Shown(text));
}

Result<store::ResourceFilter> BuildResourceFilter(const ResourceFilterInput& input) {
  store::ResourceFilter filter;
  if (input.scrape_id) {
    AWSCRAPE_RETURN_IF_ERROR(ValidateScrapeId(*input.scrape_id));
    filter.scrape_id = input.scrape_id;
  }
  if (input.service) {
    AWSCRAPE_RETURN_IF_ERROR(ValidateServiceName(*input.service));
    filter.service = input.service;
  }
  if (input.region) {
    AWSCRAPE_RETURN_IF_ERROR(ValidateRegion(*input.region));
    // The store keys global calls by the empty region.
    filter.region = IsGlobalRegionName(*input.region) ? std::string() : *input.region;
  }
  if (input.operation) {
    AWSCRAPE_RETURN_IF_ERROR(ValidateOperation(*input.operation));
    filter.operation = input.operation;
  }
  return filter;
}

}  // namespace awscrape::api
