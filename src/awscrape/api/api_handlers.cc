#include "awscrape/api/api_handlers.h"

#include "awscrape/api/query_params.h"
#include "awscrape/store/documents.h"
#include "awscrape/store/scrape_id.h"

namespace awscrape::api {
namespace {

// Parses an optional bounded integer query parameter.
Result<int64_t> IntParam(const ApiRequest& req, std::string_view name, int64_t fallback,
                         int64_t min, int64_t max) {
  std::optional<std::string> text = req.Query(name);
  if (!text) return fallback;
  return ParseBoundedInt(name, *text, min, max);
}

Result<ResourceFilterInput> FilterInput(const ApiRequest& req, bool with_scrape_id) {
  ResourceFilterInput input;
  if (with_scrape_id) input.scrape_id = req.PathParam("id");
  input.service = req.Query("service");
  input.region = req.Query("region");
  input.operation = req.Query("operation");
  return input;
}

bool IsProfileName(std::string_view profile) {
  if (profile.empty() || profile.size() > 64) return false;
  for (char c : profile) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '+' || c == '@';
    if (!ok) return false;
  }
  return true;
}

std::string_view StateName(ScrapeState s) {
  return s == ScrapeState::kQueued ? "queued" : "running";
}

// The scrape's live status: queued/running from the queue, else from the record.
void AddStatus(JsonDocument& doc, const std::optional<ScrapeStatus>& live) {
  auto& a = doc.GetAllocator();
  std::string_view status;
  if (live) {
    status = StateName(live->state);
  } else {
    const JsonValue* success = FindMember(doc, "success");
    if (!success || success->IsNull()) {
      status = "running";
    } else {
      status = success->IsTrue() ? "succeeded" : "failed";
    }
  }
  doc.AddMember("status", MakeString(status, a), a);
  if (!live) return;
  JsonValue progress(rapidjson::kObjectType);
  if (live->state == ScrapeState::kQueued) {
    progress.AddMember("queue_position", live->queue_position, a);
  }
  JsonValue calls(rapidjson::kObjectType);
  calls.AddMember("planned", live->calls.planned, a);
  calls.AddMember("finished", live->calls.finished, a);
  JsonValue by_outcome(rapidjson::kObjectType);
  for (const auto& [name, n] : live->calls.by_outcome) {
    by_outcome.AddMember(MakeString(name, a), JsonValue(n), a);
  }
  calls.AddMember("by_outcome", by_outcome, a);
  JsonValue eta(rapidjson::kNullType);
  if (live->calls.eta_seconds) eta.SetDouble(*live->calls.eta_seconds);
  calls.AddMember("eta_seconds", eta, a);
  progress.AddMember("calls", calls, a);
  JsonValue ingest(rapidjson::kObjectType);
  ingest.AddMember("files_stored", live->ingest.files_stored, a);
  ingest.AddMember("documents_inserted", live->ingest.documents_inserted, a);
  ingest.AddMember("files_pending", live->ingest.files_pending, a);
  progress.AddMember("ingest", ingest, a);
  doc.AddMember("progress", progress, a);
}

std::string CacheMetrics(const ResponseCache::Counters& c) {
  std::string out;
  auto line = [&](const char* name, const char* type, const char* help, uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(value) + "\n";
  };
  line("awscrape_api_cache_hits_total", "counter", "Resource answers served from the cache.",
       c.hits);
  line("awscrape_api_cache_misses_total", "counter", "Resource answers read from the store.",
       c.misses);
  line("awscrape_api_cache_invalidations_total", "counter",
       "Change notices that invalidated cached answers.", c.invalidations);
  line("awscrape_api_cache_entries", "gauge", "Answers in the cache.", c.entries);
  line("awscrape_api_cache_bytes", "gauge", "Bytes of answers in the cache.", c.bytes);
  line("awscrape_api_cache_trusted", "gauge",
       "1 while the server follows the store's change notices (else the cache is off).",
       c.trusted ? 1 : 0);
  return out;
}

class Handlers {
 public:
  explicit Handlers(ApiContext& ctx) : ctx_(ctx), queries_(*ctx.store) {}

  ApiResponse StartScrape(const ApiRequest& req) {
    if (!ctx_.scrapes) return ErrorResponse(503, "unavailable", "this server runs no scrapes");
    auto body = ParseJson(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
    if (!body.ok() || !body->IsObject()) {
      return ErrorResponse(400, "bad_request", "the body must be a JSON object");
    }
    ScrapeJob job;
    for (const auto& member : body->GetObject()) {
      std::string_view name(member.name.GetString(), member.name.GetStringLength());
      const JsonValue& v = member.value;
      if (name == "services") {
        if (v.IsString() && std::string_view(v.GetString()) == "all") continue;
        if (!v.IsArray() || v.Empty()) {
          return ErrorResponse(400, "bad_request",
                               "services must be \"all\" or a non-empty array of names");
        }
        std::vector<std::string> services;
        for (const auto& s : v.GetArray()) {
          if (!s.IsString()) return ErrorResponse(400, "bad_request", "services must be strings");
          std::string service(s.GetString(), s.GetStringLength());
          if (service == "all" && v.Size() == 1) break;
          if (Status st = ValidateServiceName(service); !st.ok()) return ErrorResponse(st);
          if (ctx_.known_service && !ctx_.known_service(service)) {
            return ErrorResponse(400, "bad_request", "unknown service '" + service + "'");
          }
          services.push_back(std::move(service));
        }
        if (!services.empty()) job.services = std::move(services);
      } else if (name == "regions") {
        if (v.IsNull()) continue;
        if (!v.IsArray()) return ErrorResponse(400, "bad_request", "regions must be an array");
        for (const auto& r : v.GetArray()) {
          if (!r.IsString()) return ErrorResponse(400, "bad_request", "regions must be strings");
          std::string region(r.GetString(), r.GetStringLength());
          if (Status st = ValidateRegion(region); !st.ok() || IsGlobalRegionName(region)) {
            return ErrorResponse(400, "bad_request",
                                 "invalid region '" + region.substr(0, 64) + "'");
          }
          job.regions.push_back(std::move(region));
        }
      } else if (name == "profile") {
        if (v.IsNull()) continue;
        if (!v.IsString() || !IsProfileName(v.GetString())) {
          return ErrorResponse(400, "bad_request",
                               "profile must be a profile name ([A-Za-z0-9_.+@-], 64 at most)");
        }
        job.profile = std::string(v.GetString(), v.GetStringLength());
      } else {
        return ErrorResponse(400, "bad_request",
                             "unknown member '" + std::string(name.substr(0, 64)) + "'");
      }
    }
    auto id = ctx_.scrapes->Submit(std::move(job));
    if (!id.ok()) return ErrorResponse(id.status());
    JsonDocument doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    doc.AddMember("scrape_id", MakeString(*id, a), a);
    auto live = ctx_.scrapes->Status(*id);
    doc.AddMember("status", MakeString(live ? StateName(live->state) : "finished", a), a);
    if (live && live->state == ScrapeState::kQueued) {
      doc.AddMember("queue_position", live->queue_position, a);
    }
    doc.AddMember("url", MakeString("/api/scrapes/" + *id, a), a);
    ApiResponse res = JsonResponse(202, doc);
    res.headers.push_back({"Location", "/api/scrapes/" + *id});
    return res;
  }

  ApiResponse ListScrapes(const ApiRequest& req) {
    store::ScrapeFilter filter;
    auto limit = IntParam(req, "limit", kDefaultScrapeListLimit, 1, kMaxScrapeListLimit);
    if (!limit.ok()) return ErrorResponse(limit.status());
    auto offset = IntParam(req, "offset", 0, 0, kMaxOffset);
    if (!offset.ok()) return ErrorResponse(offset.status());
    filter.limit = *limit;
    filter.offset = *offset;
    if (auto success = req.Query("success")) {
      auto value = ParseBoolParam("success", *success);
      if (!value.ok()) return ErrorResponse(value.status());
      filter.success = *value;
    }
    auto doc = queries_.ListScrapes(filter);
    if (!doc.ok()) return ErrorResponse(doc.status());
    for (auto& s : (*doc)["scrapes"].GetArray()) {
      JsonDocument one;
      one.CopyFrom(s, one.GetAllocator());
      std::string id(GetString(one, "scrape_id"));
      AddStatus(one, ctx_.scrapes ? ctx_.scrapes->Status(id) : std::nullopt);
      s.CopyFrom(one, doc->GetAllocator());
    }
    return JsonResponse(200, *doc);
  }

  ApiResponse GetScrape(const ApiRequest& req) {
    std::string id = req.PathParam("id");
    if (Status st = ValidateScrapeId(id); !st.ok()) return ErrorResponse(st);
    auto doc = queries_.GetScrape(id);
    if (!doc.ok()) return ErrorResponse(doc.status());
    AddStatus(*doc, ctx_.scrapes ? ctx_.scrapes->Status(id) : std::nullopt);
    return JsonResponse(200, *doc);
  }

  std::optional<ApiResponse> RefuseIfActive(const std::string& id) {
    if (!ctx_.scrapes) return std::nullopt;
    auto live = ctx_.scrapes->Status(id);
    if (!live) return std::nullopt;
    return ErrorResponse(409, "conflict",
                         "scrape '" + id + "' is " + std::string(StateName(live->state)) +
                             "; delete it once it has finished");
  }

  ApiResponse DeleteScrape(const ApiRequest& req) {
    std::string id = req.PathParam("id");
    if (Status st = ValidateScrapeId(id); !st.ok()) return ErrorResponse(st);
    if (auto refused = RefuseIfActive(id)) return std::move(*refused);
    auto doc = queries_.DeleteScrape(id);
    // This server's own reader sees its delete at once; other servers on the notice.
    if (ctx_.cache) ctx_.cache->Invalidate(id);
    if (!doc.ok()) return ErrorResponse(doc.status());
    return JsonResponse(200, *doc);
  }

  // 400 for a well-formed service name the model catalogue does not know (when the server
  // has one): a typo should not look like an empty result.
  std::optional<ApiResponse> RefuseUnknownService(const std::optional<std::string>& service) {
    if (!service || !ctx_.known_service || ctx_.known_service(*service)) return std::nullopt;
    return ErrorResponse(400, "bad_request", "unknown service '" + *service + "'");
  }

  // The validated resource filter of a request, or the error response.
  Result<store::ResourceFilter> ResourceFilterOf(const ApiRequest& req, bool with_scrape_id,
                                                 ApiResponse& refusal) {
    auto input = FilterInput(req, with_scrape_id);
    auto filter = BuildResourceFilter(*input);
    if (!filter.ok()) {
      refusal = ErrorResponse(filter.status());
      return filter.status();
    }
    if (auto refused = RefuseUnknownService(filter->service)) {
      refusal = std::move(*refused);
      return InvalidArgument("unknown service");
    }
    return filter;
  }

  ApiResponse GetResources(const ApiRequest& req) {
    ApiResponse refusal;
    auto filter = ResourceFilterOf(req, true, refusal);
    if (!filter.ok()) return refusal;
    auto limit = IntParam(req, "limit", 0, 1, kMaxResourceLimit);
    if (!limit.ok()) return ErrorResponse(limit.status());
    auto offset = IntParam(req, "offset", 0, 0, kMaxOffset);
    if (!offset.ok()) return ErrorResponse(offset.status());
    filter->limit = *limit;
    filter->offset = *offset;
    ResponseCache* cache = ctx_.cache;
    std::string key;
    ResponseCache::Ticket ticket;
    if (cache) {
      key = CacheKey(*filter);
      if (auto hit = cache->Find(*filter->scrape_id, key)) {
        ApiResponse res;
        res.body = *hit;
        return res;
      }
      ticket = cache->Begin();
    }
    auto stream = queries_.StreamResources(*filter);
    if (!stream.ok()) return ErrorResponse(stream.status());
    // The first piece carries the total: reading it here turns a store error into a status.
    auto first = (*stream)->Next();
    if (!first.ok()) return ErrorResponse(first.status());
    ApiResponse res;
    res.stream = std::make_unique<PrefixedSource>(std::move(*first), std::move(*stream));
    if (cache) {
      res.stream = std::make_unique<CachingSource>(std::move(res.stream), *cache, ticket,
                                                   *filter->scrape_id, std::move(key));
    }
    return res;
  }

  // The cache key of a resources request: every filter field, told apart from absent ones.
  static std::string CacheKey(const store::ResourceFilter& f) {
    std::string key;
    for (const auto* field : {&f.service, &f.region, &f.operation}) {
      key += field->has_value() ? "=" + **field : "-";
      key += '\0';
    }
    key += std::to_string(f.limit) + ',' + std::to_string(f.offset);
    return key;
  }

  ApiResponse DeleteResources(const ApiRequest& req) {
    ApiResponse refusal;
    auto filter = ResourceFilterOf(req, true, refusal);
    if (!filter.ok()) return refusal;
    if (auto refused = RefuseIfActive(*filter->scrape_id)) return std::move(*refused);
    auto doc = queries_.DeleteResources(*filter);
    if (ctx_.cache) ctx_.cache->Invalidate(*filter->scrape_id);
    if (!doc.ok()) return ErrorResponse(doc.status());
    return JsonResponse(200, *doc);
  }

  ApiResponse Calls(const ApiRequest& req) {
    std::string id = req.PathParam("id");
    if (Status st = ValidateScrapeId(id); !st.ok()) return ErrorResponse(st);
    ApiResponse refusal;
    auto filter = ResourceFilterOf(req, true, refusal);
    if (!filter.ok()) return refusal;
    store::OutcomeFilter outcomes;
    outcomes.scrape_id = id;
    outcomes.service = filter->service;
    outcomes.operation = filter->operation;
    outcomes.region = filter->region;
    if (auto outcome = req.Query("outcome")) {
      auto kind = store::ParseCallOutcome(*outcome);
      if (!kind) {
        return ErrorResponse(400, "bad_request",
                             "outcome must be one of ok, empty, denied, not_available, "
                             "throttled, error");
      }
      outcomes.outcome = kind;
    }
    auto limit = IntParam(req, "limit", kDefaultCallsLimit, 1, kMaxCallsLimit);
    if (!limit.ok()) return ErrorResponse(limit.status());
    auto offset = IntParam(req, "offset", 0, 0, kMaxOffset);
    if (!offset.ok()) return ErrorResponse(offset.status());
    auto scrape = ctx_.store->GetScrape(id);
    if (!scrape.ok()) return ErrorResponse(scrape.status());
    auto doc = queries_.Calls(outcomes, *limit, *offset);
    if (!doc.ok()) return ErrorResponse(doc.status());
    return JsonResponse(200, *doc);
  }

  ApiResponse Compare(const ApiRequest& req) {
    auto service = req.Query("service");
    auto region = req.Query("region");
    auto operation = req.Query("operation");
    if (!service || !region || !operation) {
      return ErrorResponse(400, "bad_request",
                           "service, region and operation are required (region=global for "
                           "global services)");
    }
    ResourceFilterInput input{std::nullopt, service, region, operation};
    auto filter = BuildResourceFilter(input);
    if (!filter.ok()) return ErrorResponse(filter.status());
    if (auto refused = RefuseUnknownService(filter->service)) return std::move(*refused);
    auto limit = IntParam(req, "limit", kDefaultCompareLimit, 1, kMaxCompareLimit);
    if (!limit.ok()) return ErrorResponse(limit.status());
    store::CompareQuery query;
    query.service = *service;
    if (!IsGlobalRegionName(*region)) query.region = *region;
    query.operation = *operation;
    query.limit = *limit;
    auto doc = queries_.Compare(query);
    if (!doc.ok()) return ErrorResponse(doc.status());
    return JsonResponse(200, *doc);
  }

  ApiResponse Stats(const ApiRequest&) { return Json(queries_.Stats()); }
  ApiResponse StatsServices(const ApiRequest&) { return Json(queries_.StatsByService()); }
  ApiResponse StatsRegions(const ApiRequest&) { return Json(queries_.StatsByRegion()); }
  ApiResponse Timeline(const ApiRequest& req) {
    auto days = IntParam(req, "days", 30, 1, kMaxTimelineDays);
    if (!days.ok()) return ErrorResponse(days.status());
    return Json(queries_.Timeline(static_cast<int>(*days), Now()));
  }

  ApiResponse Health(const ApiRequest&) {
    store::ScrapeFilter ping;
    ping.limit = 1;
    auto probe = ctx_.store->ListScrapes(ping);
    JsonDocument doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    doc.AddMember("status", MakeString(probe.ok() ? "ok" : "unavailable", a), a);
    doc.AddMember("store", MakeString(ctx_.store->Backend(), a), a);
    doc.AddMember("version", MakeString(AWSCRAPE_VERSION, a), a);
    if (ctx_.scrapes) {
      doc.AddMember("scrapes_running", static_cast<uint64_t>(ctx_.scrapes->running()), a);
      doc.AddMember("scrapes_queued", static_cast<uint64_t>(ctx_.scrapes->queued()), a);
    }
    return JsonResponse(probe.ok() ? 200 : 503, doc);
  }

  ApiResponse MetricsText(const ApiRequest&) {
    std::string extra;
    if (auto stats = ctx_.store->GetStats(); stats.ok()) {
      extra += "# HELP awscrape_store_scrapes Scrapes in the store.\n";
      extra += "# TYPE awscrape_store_scrapes gauge\nawscrape_store_scrapes " +
               std::to_string(stats->total_scrapes) + "\n";
      extra += "# HELP awscrape_store_successful_scrapes Successful scrapes in the store.\n";
      extra +=
          "# TYPE awscrape_store_successful_scrapes gauge\n"
          "awscrape_store_successful_scrapes " +
          std::to_string(stats->successful_scrapes) + "\n";
      extra += "# HELP awscrape_store_documents Response documents in the store.\n";
      extra += "# TYPE awscrape_store_documents gauge\nawscrape_store_documents " +
               std::to_string(stats->total_resources) + "\n";
    }
    if (ctx_.cache) extra += CacheMetrics(ctx_.cache->counters());
    ApiResponse res;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = ctx_.metrics ? ctx_.metrics->Render(extra) : extra;
    return res;
  }

  ApiResponse WebSocketOnly(const ApiRequest&) {
    ApiResponse res = ErrorResponse(426, "upgrade_required",
                                    "this endpoint speaks WebSocket: send an Upgrade request");
    res.headers.push_back({"Upgrade", "websocket"});
    return res;
  }

 private:
  // A first piece already read, then the rest of `rest`.
  class PrefixedSource final : public ChunkSource {
   public:
    PrefixedSource(std::optional<std::string> first, std::unique_ptr<ChunkSource> rest)
        : first_(std::move(first)), rest_(std::move(rest)) {}
    Result<std::optional<std::string>> Next() override {
      if (first_) {
        std::optional<std::string> out = std::move(first_);
        first_.reset();
        return out;
      }
      return rest_->Next();
    }

   private:
    std::optional<std::string> first_;
    std::unique_ptr<ChunkSource> rest_;
  };

  // Passes a stream through while keeping a copy, and offers the complete answer to the cache
  // at its end (not when it is larger than the cache keeps, or ended by an error).
  class CachingSource final : public ChunkSource {
   public:
    CachingSource(std::unique_ptr<ChunkSource> inner, ResponseCache& cache,
                  ResponseCache::Ticket ticket, std::string scrape_id, std::string key)
        : inner_(std::move(inner)),
          cache_(cache),
          ticket_(ticket),
          scrape_id_(std::move(scrape_id)),
          key_(std::move(key)) {}
    Result<std::optional<std::string>> Next() override {
      auto piece = inner_->Next();
      if (!piece.ok()) {
        keeping_ = false;
      } else if (!*piece) {
        if (keeping_) cache_.Insert(ticket_, scrape_id_, key_, std::move(copy_));
        keeping_ = false;
      } else if (keeping_) {
        keeping_ = copy_.size() + (*piece)->size() <= cache_.max_entry_bytes();
        if (keeping_) {
          copy_ += **piece;
        } else {
          copy_ = std::string();
        }
      }
      return piece;
    }

   private:
    std::unique_ptr<ChunkSource> inner_;
    ResponseCache& cache_;
    ResponseCache::Ticket ticket_;
    std::string scrape_id_;
    std::string key_;
    std::string copy_;
    bool keeping_ = true;
  };

  Timestamp Now() const { return ctx_.now ? ctx_.now() : store::WallClockNow(); }

  static ApiResponse Json(const Result<JsonDocument>& doc) {
    if (!doc.ok()) return ErrorResponse(doc.status());
    return JsonResponse(200, *doc);
  }

  ApiContext& ctx_;
  QueryLayer queries_;
};

ParamDoc Q(std::string name, std::string type, std::string description, bool required = false) {
  return ParamDoc{std::move(name), "query", std::move(type), std::move(description), required};
}
ParamDoc IdParam() {
  return ParamDoc{"id", "path", "string", "scrape id, scrape_YYYYMMDD_HHMMSS_<8 hex>", true};
}

}  // namespace

std::unique_ptr<RouteTable> BuildApiRoutes(ApiContext& context) {
  auto handlers = std::make_shared<Handlers>(context);
  auto table = std::make_unique<RouteTable>();
  auto bind = [handlers](ApiResponse (Handlers::*method)(const ApiRequest&)) {
    return [handlers, method](const ApiRequest& req) { return ((*handlers).*method)(req); };
  };
  const ParamDoc service = Q("service", "string", "service name, e.g. ec2");
  const ParamDoc region = Q("region", "string", "region, or global for global services");
  const ParamDoc operation = Q("operation", "string", "operation name, e.g. DescribeInstances");
  const ParamDoc offset = Q("offset", "integer", "items to skip");

  table->Add({"POST",
              "/api/scrapes",
              "Start a scrape in the background (queued when "
              "MAX_CONCURRENT_SCRAPES are running)",
              true,
              {},
              "{\"services\": [\"ec2\", \"s3\"] | \"all\", \"regions\": [\"us-east-1\"], "
              "\"profile\": \"default\"}",
              202,
              "application/json",
              bind(&Handlers::StartScrape)});
  table->Add({"GET",
              "/api/scrapes",
              "List scrapes, newest first",
              false,
              {Q("limit", "integer", "1..1000, default 50"), offset,
               Q("success", "boolean", "only successful (true) or failed (false) scrapes")},
              "",
              200,
              "application/json",
              bind(&Handlers::ListScrapes)});
  table->Add({"GET",
              "/api/scrapes/{id}",
              "A scrape's record and live status",
              false,
              {IdParam()},
              "",
              200,
              "application/json",
              bind(&Handlers::GetScrape)});
  table->Add({"DELETE",
              "/api/scrapes/{id}",
              "Delete a scrape and all its resources",
              true,
              {IdParam()},
              "",
              200,
              "application/json",
              bind(&Handlers::DeleteScrape)});
  table->Add({"GET",
              "/api/scrapes/{id}/resources",
              "A scrape's response documents, filtered (streamed)",
              false,
              {IdParam(), service, region, operation,
               Q("limit", "integer", "1..100000, default all"), offset},
              "",
              200,
              "application/json",
              bind(&Handlers::GetResources)});
  table->Add({"DELETE",
              "/api/scrapes/{id}/resources",
              "Delete a scrape's documents, filtered",
              true,
              {IdParam(), service, region, operation},
              "",
              200,
              "application/json",
              bind(&Handlers::DeleteResources)});
  table->Add(
      {"GET",
       "/api/scrapes/{id}/calls",
       "The scrape's call-outcome ledger",
       false,
       {IdParam(), Q("outcome", "string", "ok, empty, denied, not_available, throttled or error"),
        service, region, operation, Q("limit", "integer", "1..100000, default 1000"), offset},
       "",
       200,
       "application/json",
       bind(&Handlers::Calls)});
  table->Add({"GET",
              "/api/resources/compare",
              "The same call across the newest scrapes",
              false,
              {Q("service", "string", "service name", true),
               Q("region", "string", "region, or global", true),
               Q("operation", "string", "operation name", true),
               Q("limit", "integer", "scrapes, 1..100, default 10")},
              "",
              200,
              "application/json",
              bind(&Handlers::Compare)});
  table->Add({"GET",
              "/api/stats",
              "Dashboard statistics",
              false,
              {},
              "",
              200,
              "application/json",
              bind(&Handlers::Stats)});
  table->Add({"GET",
              "/api/stats/services",
              "Documents per service",
              false,
              {},
              "",
              200,
              "application/json",
              bind(&Handlers::StatsServices)});
  table->Add({"GET",
              "/api/stats/regions",
              "Documents per region",
              false,
              {},
              "",
              200,
              "application/json",
              bind(&Handlers::StatsRegions)});
  table->Add({"GET",
              "/api/stats/timeline",
              "Scrapes and documents per day",
              false,
              {Q("days", "integer", "1..3660, default 30")},
              "",
              200,
              "application/json",
              bind(&Handlers::Timeline)});
  RouteTable* self = table.get();
  table->Add({"GET",
              "/api/openapi.json",
              "This API's OpenAPI 3 document",
              false,
              {},
              "",
              200,
              "application/json",
              [self](const ApiRequest&) { return JsonResponse(200, OpenApiDocument(*self)); }});
  table->Add({"GET",
              "/api/ws",
              "WebSocket: scrape events (queued, started, progress, ingest, finished)",
              false,
              {Q("scrape_id", "string", "only this scrape's events")},
              "",
              101,
              "application/json",
              bind(&Handlers::WebSocketOnly)});
  table->Add({"GET",
              "/metrics",
              "Prometheus metrics",
              false,
              {},
              "",
              200,
              "text/plain",
              bind(&Handlers::MetricsText)});
  table->Add({"GET",
              "/healthz",
              "Liveness and store reachability",
              false,
              {},
              "",
              200,
              "application/json",
              bind(&Handlers::Health)});
  return table;
}

}  // namespace awscrape::api
