#include "awscrape/sim/request_route.h"

#include "awscrape/core/encoding.h"
#include "awscrape/sim/request_input.h"

namespace awscrape::sim {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) break;
    s = s.substr(at + 1);
  }
  return parts;
}

bool IsRest(std::string_view protocol) { return protocol == "rest-json" || protocol == "rest-xml"; }

std::string_view ProtocolOf(const IndexedService& service) {
  return service.entry->model->metadata().protocol;
}

// Greedy-aware segment matcher: segments[i..] against parts[j..].
bool MatchSegments(const std::vector<RestRoute::Segment>& segments, size_t i,
                   const std::vector<std::string_view>& parts, size_t j,
                   std::map<std::string, std::string>& labels) {
  if (i == segments.size()) return j == parts.size();
  if (j >= parts.size()) return false;
  const RestRoute::Segment& seg = segments[i];
  if (seg.label.empty()) {
    return parts[j] == seg.prefix && MatchSegments(segments, i + 1, parts, j + 1, labels);
  }
  if (seg.greedy) {
    // The greedy label takes one or more whole segments; the rest of the template follows.
    for (size_t end = parts.size(); end > j; --end) {
      std::string joined;
      for (size_t k = j; k < end; ++k) {
        if (k > j) joined += '/';
        joined += parts[k];
      }
      std::string_view text = joined;
      if (text.size() < seg.prefix.size() + seg.suffix.size() + 1) continue;
      if (!text.starts_with(seg.prefix) || !text.ends_with(seg.suffix)) continue;
      std::map<std::string, std::string> attempt = labels;
      attempt[seg.label] = UriDecode(
          text.substr(seg.prefix.size(), text.size() - seg.prefix.size() - seg.suffix.size()));
      if (MatchSegments(segments, i + 1, parts, end, attempt)) {
        labels = std::move(attempt);
        return true;
      }
    }
    return false;
  }
  std::string_view part = parts[j];
  if (part.size() < seg.prefix.size() + seg.suffix.size() + 1) return false;
  if (!part.starts_with(seg.prefix) || !part.ends_with(seg.suffix)) return false;
  labels[seg.label] = UriDecode(
      part.substr(seg.prefix.size(), part.size() - seg.prefix.size() - seg.suffix.size()));
  return MatchSegments(segments, i + 1, parts, j + 1, labels);
}

bool HasRequiredMembers(const aws::model::ServiceEntry& service,
                        const aws::model::Operation& operation, const aws::HttpRequest& request,
                        const std::map<std::string, std::string>& labels) {
  if (!operation.input) return true;
  RequestInput input = ReadRequestInput(service, operation, request, labels);
  for (const auto& member : operation.input->members) {
    if (member.required && !input.present.count(member.name)) return false;
  }
  return true;
}

RouteResult Fail(std::string protocol, std::string code, std::string message,
                 const IndexedService* service = nullptr) {
  RouteResult result;
  result.protocol = std::move(protocol);
  result.error_code = std::move(code);
  result.error_message = std::move(message);
  result.service = service;
  return result;
}

}  // namespace

std::optional<Authorization> ParseAuthorization(const aws::HttpRequest& request, bool& malformed) {
  malformed = false;
  const std::string* header = aws::FindHeader(request.headers, "Authorization");
  if (!header) return std::nullopt;
  Authorization auth;
  std::string_view value = Trim(*header);
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  if (!value.starts_with(kAlgorithm)) {
    malformed = true;
    return auth;
  }
  value.remove_prefix(kAlgorithm.size());
  bool have_credential = false, have_headers = false, have_signature = false;
  for (std::string_view part : Split(value, ',')) {
    part = Trim(part);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = part.substr(0, eq), val = part.substr(eq + 1);
    if (key == "Credential") {
      std::vector<std::string_view> scope = Split(val, '/');
      if (scope.size() != 5 || scope[4] != "aws4_request") continue;
      auth.access_key_id = scope[0];
      auth.date = scope[1];
      auth.region = scope[2];
      auth.service = scope[3];
      have_credential = true;
    } else if (key == "SignedHeaders") {
      for (std::string_view name : Split(val, ';')) auth.signed_headers.emplace_back(name);
      have_headers = !val.empty();
    } else if (key == "Signature") {
      auth.signature = val;
      have_signature = !val.empty();
    }
  }
  malformed = !(have_credential && have_headers && have_signature);
  return auth;
}

std::vector<std::pair<std::string, std::string>> ParseQueryPairs(std::string_view encoded,
                                                                 bool form) {
  std::vector<std::pair<std::string, std::string>> pairs;
  auto decode = [form](std::string_view text) {
    std::string s(text);
    if (form) {
      for (char& c : s) {
        if (c == '+') c = ' ';
      }
    }
    return UriDecode(s);
  };
  for (std::string_view pair : Split(encoded, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      pairs.emplace_back(decode(pair), "");
    } else {
      pairs.emplace_back(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
    }
  }
  return pairs;
}

const std::string* FindPair(const std::vector<std::pair<std::string, std::string>>& pairs,
                            std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> QueryProtocolParams(
    const aws::HttpRequest& request) {
  if (request.method == "POST") {
    const std::string* type = aws::FindHeader(request.headers, "Content-Type");
    if (type && type->find("x-www-form-urlencoded") != std::string::npos) {
      return ParseQueryPairs(request.body, /*form=*/true);
    }
  }
  return ParseQueryPairs(request.query, /*form=*/true);
}

bool MatchRestRoute(const RestRoute& route, std::string_view method, std::string_view path,
                    const std::vector<std::pair<std::string, std::string>>& query_pairs,
                    std::map<std::string, std::string>& labels) {
  if (route.method != method) return false;
  for (const auto& [name, value] : route.query) {
    const std::string* got = FindPair(query_pairs, name);
    if (!got || (value && *got != *value)) return false;
  }
  if (path.empty() || path[0] != '/') return false;
  std::vector<std::string_view> parts = Split(path.substr(1), '/');
  return MatchSegments(route.segments, 0, parts, 0, labels);
}

namespace {

// The first label of the request's Host ("voice-chime" of voice-chime.us-east-1.amazonaws.com);
// empty for an address, which names no service.
std::string HostLabel(const aws::HttpRequest& request) {
  std::string_view host = request.host;
  if (const std::string* header = aws::FindHeader(request.headers, "Host")) host = *header;
  host = host.substr(0, host.find(':'));
  if (host.empty() || (host.front() >= '0' && host.front() <= '9') || host.front() == '[') {
    return "";
  }
  return std::string(host.substr(0, host.find('.')));
}

// How strongly a service claims a REST route that a sibling signed with the same name has
// too: the host naming its endpoint prefix settles it (as AWS's front ends do); under one
// --endpoint-url no host does, and the service with a paginator for the operation is the one
// whose paginated answer its callers can follow (chime-sdk-voice's ListSipRules, not the
// legacy chime model's, which has no paginator for it).
int RestPreference(const IndexedService& service, const aws::model::Operation& operation,
                   std::string_view host_label) {
  int preference = 0;
  if (!host_label.empty() && service.entry->model->metadata().endpoint_prefix == host_label) {
    preference += 2;
  }
  if (FindMember(service.entry->paginators, operation.name) != nullptr) preference += 1;
  return preference;
}

}  // namespace

RouteResult RouteRequest(const ServiceIndex& index, const aws::HttpRequest& request,
                         const Authorization& authorization) {
  std::vector<const IndexedService*> candidates = index.BySigningName(authorization.service);
  const std::string* target = aws::FindHeader(request.headers, "X-Amz-Target");
  if (candidates.empty()) {
    // A signing name only an endpoint rule set knows (importexport's "IngestionService"):
    // route among every service instead.
    for (const IndexedService& service : index.services()) candidates.push_back(&service);
  }

  RouteResult result;
  result.region = authorization.region;
  if (target) {
    size_t dot = target->rfind('.');
    std::string_view prefix = std::string_view(*target).substr(0, dot);
    std::string_view op_name =
        dot == std::string::npos ? std::string_view() : std::string_view(*target).substr(dot + 1);
    const IndexedService* prefix_match = nullptr;
    for (const IndexedService* service : candidates) {
      const auto& metadata = service->entry->model->metadata();
      if (metadata.protocol != "json" || metadata.target_prefix != prefix) continue;
      if (!prefix_match) prefix_match = service;
      if (const auto* op = service->entry->model->FindOperation(op_name)) {
        result.service = service;
        result.operation = op;
        return result;
      }
    }
    return Fail("json", "UnknownOperationException", "", prefix_match);
  }

  // query / ec2: the Action parameter, the Version parameter breaking ties (elb vs elbv2).
  bool any_query = false;
  for (const IndexedService* service : candidates) {
    std::string_view protocol = ProtocolOf(*service);
    any_query |= protocol == "query" || protocol == "ec2";
  }
  if (any_query) {
    auto params = QueryProtocolParams(request);
    if (const std::string* action = FindPair(params, "Action")) {
      const std::string* version = FindPair(params, "Version");
      const IndexedService* first_query = nullptr;
      for (int pass = 0; pass < 2 && !result.operation; ++pass) {
        for (const IndexedService* service : candidates) {
          const auto& metadata = service->entry->model->metadata();
          if (metadata.protocol != "query" && metadata.protocol != "ec2") continue;
          if (!first_query) first_query = service;
          if (pass == 0 && (!version || metadata.api_version != *version)) continue;
          if (const auto* op = service->entry->model->FindOperation(*action)) {
            result.service = service;
            result.operation = op;
            break;
          }
        }
      }
      if (result.operation) return result;
      return Fail(
          first_query ? std::string(ProtocolOf(*first_query)) : "query",
          first_query && ProtocolOf(*first_query) == "ec2" ? "InvalidAction" : "InvalidAction",
          "The action " + *action + " is not valid for this web service.", first_query);
    }
  }

  // REST: the most specific template among the candidates' routes.
  std::string_view path = request.path;
  auto query_pairs = ParseQueryPairs(request.query, /*form=*/false);
  // Equally specific routes of sibling services (lex-models and lexv2-models both take
  // POST /imports/) are told apart by whether the request carries the route's required members,
  // then by RestPreference (chime and chime-sdk-voice both take GET /sip-rules).
  const std::string host_label = HostLabel(request);
  int best = -1;
  bool best_complete = false;
  int best_preference = 0;
  const IndexedService* first_rest = nullptr;
  for (const IndexedService* service : candidates) {
    if (!IsRest(ProtocolOf(*service))) continue;
    if (!first_rest) first_rest = service;
    for (const RestRoute& route : service->routes) {
      if (route.specificity < best) continue;
      const bool tie = route.specificity == best;
      if (tie && best_complete && result.service == service) continue;
      std::map<std::string, std::string> labels;
      if (!MatchRestRoute(route, request.method, path, query_pairs, labels)) continue;
      bool complete = HasRequiredMembers(*service->entry, *route.operation, request, labels);
      int preference = RestPreference(*service, *route.operation, host_label);
      if (tie) {
        // Within one service the first template stays; across services the more complete
        // request, then the stronger preference, wins.
        if (!complete && best_complete) continue;
        if (complete == best_complete &&
            (result.service == service || preference <= best_preference)) {
          continue;
        }
      }
      best = route.specificity;
      best_complete = complete;
      best_preference = preference;
      result.service = service;
      result.operation = route.operation;
      result.labels = std::move(labels);
    }
  }
  if (result.operation) return result;
  if (first_rest) {
    bool xml = ProtocolOf(*first_rest) == "rest-xml";
    return Fail(std::string(ProtocolOf(*first_rest)),
                xml ? "MethodNotAllowed" : "UnknownOperationException",
                xml ? "The specified method is not allowed against this resource."
                    : "No operation matches " + request.method + " " + request.path + ".",
                first_rest);
  }
  const IndexedService* any = candidates.front();
  return Fail(std::string(ProtocolOf(*any)), "InvalidAction", "Could not find operation.", any);
}

}  // namespace awscrape::sim
