#include "awscrape/sim/simulator.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/sim/pagination.h"
#include "awscrape/sim/request_input.h"
#include "awscrape/sim/request_route.h"
#include "awscrape/sim/signature_check.h"
#include "awscrape/sim/sim_errors.h"
#include "awscrape/sim/sim_hash.h"
#include "awscrape/sim/value_generator.h"
#include "awscrape/sim/wire_writer.h"

namespace awscrape::sim {
namespace {

using aws::model::Shape;
using aws::model::ShapeType;

// Services whose ARNs carry no region.
bool IsGlobalService(std::string_view name) {
  return name == "iam" || name == "route53" || name == "cloudfront" || name == "organizations" ||
         name == "globalaccelerator" || name == "waf" || name == "shield" || name == "s3";
}

std::string RequestId(uint64_t seed, const aws::HttpRequest& request) {
  Hasher h(seed);
  h.Add(request.method).Add(request.path).Add(request.query).Add(request.body);
  if (const std::string* target = aws::FindHeader(request.headers, "X-Amz-Target")) h.Add(*target);
  std::string hex = HexDigits(h.Value(), 32);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

// The protocol to answer in before the service is known.
std::string GuessProtocol(const aws::HttpRequest& request) {
  if (aws::FindHeader(request.headers, "X-Amz-Target")) return "json";
  if (FindPair(QueryProtocolParams(request), "Action")) return "query";
  return "rest-json";
}

void RemoveAtPath(JsonValue& root, std::string_view path) {
  JsonValue* node = &root;
  while (node->IsObject()) {
    size_t dot = path.find('.');
    std::string name(path.substr(0, dot));
    auto it = node->FindMember(rapidjson::StringRef(name.c_str()));
    if (it == node->MemberEnd()) return;
    if (dot == std::string_view::npos) {
      node->RemoveMember(it);
      return;
    }
    node = &it->value;
    path = path.substr(dot + 1);
  }
}

std::string UpperHex(uint64_t hash) {
  std::string hex = HexDigits(hash, 17);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

std::optional<int64_t> ParseInt(const std::string* text) {
  if (!text || text->empty()) return std::nullopt;
  char* end = nullptr;
  long long v = std::strtoll(text->c_str(), &end, 10);
  if (*end != '\0') return std::nullopt;
  return v;
}

}  // namespace

Simulator::Simulator(SimOptions options, const Clock& clock)
    : options_(std::move(options)), rules_(ResourceRules::Builtin()), faults_(options_, clock) {}

Result<std::unique_ptr<Simulator>> Simulator::Create(const aws::model::ModelCatalogue& catalogue,
                                                     SimOptions options,
                                                     const std::vector<std::string>& services,
                                                     const Clock& clock) {
  std::unique_ptr<Simulator> sim(new Simulator(std::move(options), clock));
  AWSCRAPE_ASSIGN_OR_RETURN(sim->index_, ServiceIndex::Build(catalogue, services));
  if (auto endpoints = catalogue.DataFile("endpoints"); endpoints.ok()) {
    const JsonValue* partitions = FindMember(**endpoints, "partitions");
    if (partitions && partitions->IsArray()) {
      for (const auto& p : partitions->GetArray()) {
        if (GetString(p, "partition") != "aws") continue;
        if (const JsonValue* regions = FindMember(p, "regions"); regions && regions->IsObject()) {
          for (const auto& r : regions->GetObject())
            sim->partition_regions_.emplace_back(r.name.GetString());
        }
      }
    }
  }
  for (const PinnedResource& pinned : sim->options_.pinned) {
    auto doc = ParseJson(pinned.item_json);
    if (!doc.ok() || !doc->IsObject()) {
      return InvalidArgument("pinned resource for " + pinned.service + ":" + pinned.operation +
                             " must be a JSON object");
    }
    sim->pinned_items_.push_back(std::make_shared<JsonDocument>(std::move(doc).value()));
  }
  return sim;
}

bool Simulator::RegionEnabled(std::string_view region) const {
  if (!rules_.IsOptInRegion(region)) return true;
  return std::find(options_.enabled_opt_in_regions.begin(), options_.enabled_opt_in_regions.end(),
                   region) != options_.enabled_opt_in_regions.end();
}

std::vector<std::pair<std::string, std::string>> Simulator::Regions() const {
  std::vector<std::pair<std::string, std::string>> regions;
  for (const std::string& r : partition_regions_) {
    std::string status = !rules_.IsOptInRegion(r) ? "opt-in-not-required"
                         : RegionEnabled(r)       ? "opted-in"
                                                  : "not-opted-in";
    regions.emplace_back(r, status);
  }
  return regions;
}

SimReply Simulator::Handle(const aws::HttpRequest& request) {
  ++requests_;
  std::string request_id = RequestId(options_.seed, request);
  SimReply reply = Answer(request, request_id);
  if (reply.response.status >= 300) ++errors_;
  if (reply.fault != TransportFault::kHang) reply.delay = faults_.NextLatency();
  return reply;
}

SimReply Simulator::Answer(const aws::HttpRequest& request, std::string_view request_id) {
  SimReply reply;
  auto fail = [&](SimError error, std::string_view protocol,
                  const aws::model::ServiceEntry* service, std::string_view detail) {
    reply.response = WriteErrorResponse(protocol, service,
                                        MakeError(error, protocol, service, detail), request_id);
    return reply;
  };

  bool malformed = false;
  std::optional<Authorization> auth = ParseAuthorization(request, malformed);
  if (!auth) return fail(SimError::kMissingAuthentication, GuessProtocol(request), nullptr, "");
  if (malformed) return fail(SimError::kIncompleteSignature, GuessProtocol(request), nullptr, "");

  RouteResult route = RouteRequest(*index_, request, *auth);
  const aws::model::ServiceEntry* service = route.service ? route.service->entry.get() : nullptr;
  if (!route.ok()) {
    ErrorReply error =
        MakeError(SimError::kUnknownOperation, route.protocol, service, route.error_message);
    if (!route.error_code.empty()) error.code = route.error_code;
    reply.response = WriteErrorResponse(route.protocol, service, error, request_id);
    return reply;
  }
  const aws::model::Operation& op = *route.operation;
  const std::string& protocol = service->model->metadata().protocol;
  reply.service = service->name;
  reply.operation = op.name;
  reply.region = route.region;

  if (options_.verify_signatures) {
    const auto& metadata = service->model->metadata();
    bool s3_rules = auth->service == "s3" || metadata.signature_version == "s3" ||
                    metadata.signature_version == "s3v4";
    SignatureCheck check = VerifySignature(request, *auth, options_.access_key_id,
                                           options_.secret_access_key, s3_rules);
    if (check.verdict == SignatureVerdict::kUnknownAccessKey) {
      return fail(SimError::kUnknownAccessKey, protocol, service, "");
    }
    if (check.verdict == SignatureVerdict::kMismatch) {
      return fail(SimError::kSignatureMismatch, protocol, service, "");
    }
  }
  if (!RegionEnabled(route.region)) {
    return fail(SimError::kRegionNotEnabled, protocol, service, route.region);
  }
  std::string call = service->name + ':' + op.name;
  for (const std::string& pattern : options_.access_denied) {
    if (GlobMatch(pattern, call)) {
      return fail(SimError::kAccessDenied, protocol, service,
                  options_.account_id + ":user/simulator is not authorized to perform: " +
                      std::string(auth->service) + ':' + op.name);
    }
  }
  if (!faults_.AdmitRequest(service->name, op.name, route.region)) {
    return fail(SimError::kThrottled, protocol, service, "");
  }
  std::optional<FaultKind> fault = faults_.NextFault(service->name, op.name, route.region);
  if (fault == FaultKind::kServerError) {
    bool unavailable = Hasher(options_.seed).Add(request_id).Value() % 2 == 0;
    return fail(unavailable ? SimError::kServiceUnavailable : SimError::kInternalError, protocol,
                service, "");
  }
  if (fault == FaultKind::kHang) {
    reply.fault = TransportFault::kHang;
    return reply;
  }

  RequestInput input = ReadRequestInput(*service, op, request, route.labels);
  if (op.input) {
    for (const auto& member : op.input->members) {
      if (member.required && !input.present.count(member.name)) {
        return fail(SimError::kMissingParameter, protocol, service, member.name);
      }
    }
  }

  JsonDocument output;
  output.SetObject();
  auto& alloc = output.GetAllocator();
  const uint64_t call_hash = Hasher(options_.seed)
                                 .Add(options_.account_id)
                                 .Add(route.region)
                                 .Add(service->name)
                                 .Add(op.name)
                                 .Value();

  if (service->name == "sts" && op.name == "GetCallerIdentity") {
    output.AddMember("UserId", MakeString("AIDA" + UpperHex(call_hash), alloc), alloc);
    output.AddMember("Account", MakeString(options_.account_id, alloc), alloc);
    output.AddMember(
        "Arn", MakeString("arn:aws:iam::" + options_.account_id + ":user/simulator", alloc), alloc);
  } else if (service->name == "ec2" && op.name == "DescribeRegions") {
    // The parameters must outlive the pointer FindPair returns into them.
    const auto params = QueryProtocolParams(request);
    const std::string* all = FindPair(params, "AllRegions");
    bool all_regions = all && *all == "true";
    JsonValue regions(rapidjson::kArrayType);
    for (const auto& [name, status] : Regions()) {
      if (!all_regions && status == "not-opted-in") continue;
      JsonValue item(rapidjson::kObjectType);
      item.AddMember("Endpoint", MakeString("ec2." + name + ".amazonaws.com", alloc), alloc);
      item.AddMember("RegionName", MakeString(name, alloc), alloc);
      item.AddMember("OptInStatus", MakeString(status, alloc), alloc);
      regions.PushBack(item, alloc);
    }
    output.AddMember("Regions", regions, alloc);
  } else if (op.output) {
    const Shape& out_shape = *op.output;
    GeneratorContext ctx;
    ctx.seed = options_.seed;
    ctx.account_id = options_.account_id;
    ctx.region = route.region;
    ctx.service = service->name;
    const auto& metadata = service->model->metadata();
    ctx.arn_service =
        metadata.signing_name.empty() ? metadata.endpoint_prefix : metadata.signing_name;
    ctx.global = IsGlobalService(service->name);
    ctx.size = options_.size;
    ctx.rules = &rules_;

    std::optional<Paginator> paginator = FindPaginator(*service, op.name);
    uint64_t offset = 0;
    size_t page_size = 0;  // 0: everything
    if (paginator) {
      for (const std::string& token_name : paginator->input_tokens) {
        auto it = input.scalars.find(token_name);
        if (it == input.scalars.end() || it->second.empty()) continue;
        const Shape* token_shape = op.input ? ShapeAtPath(*op.input, token_name) : nullptr;
        std::optional<uint64_t> decoded;
        if (token_shape && token_shape->type != ShapeType::kString) {
          if (auto n = ParseInt(&it->second); n && *n >= 0) decoded = static_cast<uint64_t>(*n);
        } else {
          decoded = DecodePageToken(it->second, call_hash);
        }
        if (!decoded) return fail(SimError::kInvalidPaginationToken, protocol, service, it->second);
        offset = *decoded;
        break;
      }
      auto limit = paginator->limit_key.empty()
                       ? std::nullopt
                       : ParseInt(input.scalars.count(paginator->limit_key)
                                      ? &input.scalars.find(paginator->limit_key)->second
                                      : nullptr);
      page_size = limit && *limit > 0
                      ? static_cast<size_t>(*limit)
                      : static_cast<size_t>(std::max(1, options_.default_page_size));
    }

    // The lists to plan: the paginator's result keys, else every list in the output.
    std::vector<std::string> list_paths;
    if (paginator) {
      for (const std::string& key : paginator->result_keys) {
        const Shape* s = ShapeAtPath(out_shape, key);
        if (s && s->type == ShapeType::kList) list_paths.push_back(key);
      }
    } else {
      for (const auto& m : out_shape.members) {
        if (m.shape->type == ShapeType::kList && m.traits.location == aws::model::Location::kBody) {
          list_paths.push_back(m.name);
        }
      }
    }
    // Default and pinned resources lead the first list.
    std::vector<const JsonValue*> overlays;
    if (const JsonValue* defaults = rules_.DefaultItems(service->name, op.name)) {
      for (const auto& item : defaults->GetArray()) overlays.push_back(&item);
    }
    for (size_t i = 0; i < options_.pinned.size(); ++i) {
      const PinnedResource& pinned = options_.pinned[i];
      if (pinned.service != service->name || pinned.operation != op.name) continue;
      if (!pinned.regions.empty() && std::find(pinned.regions.begin(), pinned.regions.end(),
                                               route.region) == pinned.regions.end()) {
        continue;
      }
      overlays.push_back(pinned_items_[i].get());
    }
    ListPlans plans;
    bool more = false;
    for (size_t li = 0; li < list_paths.size(); ++li) {
      uint64_t list_hash = Hasher(call_hash).Add(list_paths[li]).Value();
      size_t total = ListTotal(ctx, op.name, list_hash);
      size_t lead = li == 0 ? overlays.size() : 0;
      total = std::max(total, lead);
      std::vector<PlannedItem> items = PlanItems(total, options_.changes, list_hash, lead);
      for (size_t k = 0; k < lead && k < items.size(); ++k) items[k].overlay = overlays[k];
      if (page_size > 0) {
        size_t begin = std::min<size_t>(offset, items.size());
        size_t end = std::min(items.size(), begin + page_size);
        more |= end < items.size();
        items = std::vector<PlannedItem>(items.begin() + static_cast<ptrdiff_t>(begin),
                                         items.begin() + static_cast<ptrdiff_t>(end));
      }
      plans.emplace(list_paths[li], std::move(items));
    }
    ValueGenerator generator(ctx, alloc);
    size_t unplanned = options_.size == AccountSize::kSmall ? 2 : 5;
    generator.GenerateOutput(out_shape, call_hash, plans, unplanned, output);

    if (paginator) {
      for (size_t ti = 0; ti < paginator->output_tokens.size(); ++ti) {
        const std::string& token_path = paginator->output_tokens[ti];
        if (token_path.find('[') != std::string::npos) continue;
        RemoveAtPath(output, token_path);
        if (!more) continue;
        const Shape* token_shape = ShapeAtPath(out_shape, token_path);
        JsonValue token;
        uint64_t next = offset + page_size;
        if (token_shape && token_shape->type != ShapeType::kString) {
          token.SetInt64(static_cast<int64_t>(next));
        } else {
          // The next request sends it back as the matching input token: meet that member's
          // length constraints, which clients check.
          const Shape* input_shape = op.input && ti < paginator->input_tokens.size()
                                         ? ShapeAtPath(*op.input, paginator->input_tokens[ti])
                                         : nullptr;
          token = MakeString(EncodePageToken(call_hash, next, TokenLength::Of(input_shape)), alloc);
        }
        SetAtPath(output, token_path, std::move(token), alloc);
      }
      if (!paginator->more_results.empty()) {
        SetAtPath(output, paginator->more_results, JsonValue(more), alloc);
      }
    }
  }

  reply.response = WriteSuccessResponse(*service, op, &output, request_id);
  if (fault == FaultKind::kTruncated) reply.fault = TransportFault::kTruncate;
  if (fault == FaultKind::kMalformed) {
    // The body breaks off mid-way but is framed correctly: the client must fail to parse it.
    std::string& body = reply.response.body;
    body = body.substr(0, body.size() * 3 / 5) +
           (protocol.find("json") != std::string::npos ? "{\"" : "<");
  }
  return reply;
}

}  // namespace awscrape::sim
