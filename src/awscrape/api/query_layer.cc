#include "awscrape/api/query_layer.h"

#include <algorithm>
#include <array>
#include <map>

#include "awscrape/api/resource_writer.h"
#include "awscrape/store/documents.h"

namespace awscrape::api {
namespace {

std::string PageSuffix(int64_t total, int64_t limit, int64_t offset) {
  return "\"total\":" + std::to_string(total) + ",\"limit\":" + std::to_string(limit) +
         ",\"offset\":" + std::to_string(offset);
}

// {"scrape_id": ..., "total": n, "limit": l, "offset": o, "resources": [ ...documents... ]}
// The first piece fails with kNotFound when the filter names a scrape that does not exist.
class ResourceStream final : public ChunkSource {
 public:
  ResourceStream(store::Store& store, std::unique_ptr<ResourceCursor> cursor,
                 store::ResourceFilter filter)
      : store_(store), cursor_(std::move(cursor)), filter_(std::move(filter)) {}

  Result<std::optional<std::string>> Next() override {
    if (done_) return std::optional<std::string>();
    auto next = cursor_->Next();
    if (!next.ok()) return next.status();
    std::string out;
    if (!started_) {
      // Documents of the scrape prove it exists; only an empty answer needs the lookup
      // (one store call per request instead of two).
      if (filter_.scrape_id && !*next && cursor_->total() == 0) {
        auto scrape = store_.GetScrape(*filter_.scrape_id);
        if (!scrape.ok()) return scrape.status();
      }
      started_ = true;
      JsonDocument id(rapidjson::kNullType);
      if (filter_.scrape_id) id.SetString(AsRef(*filter_.scrape_id), id.GetAllocator());
      out = "{\"scrape_id\":" + ToJson(id) + "," +
            PageSuffix(cursor_->total(), filter_.limit, filter_.offset) + ",\"resources\":[";
    } else if (*next) {
      out = ",";
    }
    if (!*next) {
      done_ = true;
      out += "]}";
      return std::optional<std::string>(std::move(out));
    }
    AppendResourceJson(**next, out);
    return std::optional<std::string>(std::move(out));
  }

 private:
  store::Store& store_;
  std::unique_ptr<ResourceCursor> cursor_;
  store::ResourceFilter filter_;
  bool started_ = false;
  bool done_ = false;
};

void AddPage(JsonDocument& doc, int64_t total, int64_t limit, int64_t offset) {
  auto& a = doc.GetAllocator();
  doc.AddMember("total", total, a);
  doc.AddMember("limit", limit, a);
  doc.AddMember("offset", offset, a);
}

}  // namespace

bool IsSecretMemberName(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSecrets = {
      "SecretAccessKey", "secretAccessKey", "SessionToken",          "sessionToken",
      "Password",        "password",        "aws_secret_access_key", "aws_session_token"};
  return std::find(kSecrets.begin(), kSecrets.end(), name) != kSecrets.end();
}

void RedactSecrets(JsonValue& value) {
  if (value.IsObject()) {
    for (auto& member : value.GetObject()) {
      std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (IsSecretMemberName(name) && member.value.IsString()) {
        member.value.SetString("***");
      } else {
        RedactSecrets(member.value);
      }
    }
  } else if (value.IsArray()) {
    for (auto& element : value.GetArray()) RedactSecrets(element);
  }
}

JsonDocument ResourceJson(const store::ResponseDocument& document) {
  JsonDocument json = store::ResponseDocumentToJson(document);
  if (JsonValue* response = json.HasMember("response") ? &json["response"] : nullptr) {
    RedactSecrets(*response);
  }
  return json;
}

ResourceCursor::ResourceCursor(store::Store& store, store::ResourceFilter filter, int64_t batch)
    : store_(store), filter_(std::move(filter)), batch_(std::max<int64_t>(batch, 1)) {}

Result<std::optional<store::ResponseDocument>> ResourceCursor::Next() {
  if (buffered_.empty() && !exhausted_) {
    store::ResourceFilter page = filter_;
    int64_t want = batch_;
    if (filter_.limit > 0) want = std::min(want, filter_.limit - position_);
    if (want <= 0) {
      exhausted_ = true;
    } else {
      page.limit = want;
      page.offset = filter_.offset + position_;
      auto result = store_.QueryResources(page);
      if (!result.ok()) return result.status();
      total_ = result->total;
      for (auto& d : result->documents) buffered_.push_back(std::move(d));
      if (static_cast<int64_t>(result->documents.size()) < want) exhausted_ = true;
    }
  }
  if (buffered_.empty()) return std::optional<store::ResponseDocument>();
  store::ResponseDocument next = std::move(buffered_.front());
  buffered_.pop_front();
  ++position_;
  return std::optional<store::ResponseDocument>(std::move(next));
}

Result<JsonDocument> QueryLayer::ListScrapes(const store::ScrapeFilter& filter) {
  AWSCRAPE_ASSIGN_OR_RETURN(store::ScrapePage page, store_.ListScrapes(filter));
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  JsonValue scrapes(rapidjson::kArrayType);
  for (const auto& s : page.scrapes) {
    JsonDocument one = store::ScrapeToJson(s);
    scrapes.PushBack(JsonValue(one, a), a);
  }
  doc.AddMember("scrapes", scrapes, a);
  AddPage(doc, page.total, filter.limit, filter.offset);
  return doc;
}

Result<JsonDocument> QueryLayer::GetScrape(const std::string& scrape_id) {
  AWSCRAPE_ASSIGN_OR_RETURN(store::ScrapeRecord scrape, store_.GetScrape(scrape_id));
  return store::ScrapeToJson(scrape);
}

Result<std::unique_ptr<ChunkSource>> QueryLayer::StreamResources(
    const store::ResourceFilter& filter) {
  auto cursor = std::make_unique<ResourceCursor>(store_, filter);
  return std::unique_ptr<ChunkSource>(
      std::make_unique<ResourceStream>(store_, std::move(cursor), filter));
}

Result<JsonDocument> QueryLayer::DeleteScrape(const std::string& scrape_id) {
  AWSCRAPE_ASSIGN_OR_RETURN(store::DeleteCounts counts, store_.DeleteScrape(scrape_id));
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("scrape_id", MakeString(scrape_id, a), a);
  JsonDocument deleted = store::DeleteCountsToJson(counts);
  doc.AddMember("deleted", JsonValue(deleted, a), a);
  return doc;
}

Result<JsonDocument> QueryLayer::DeleteResources(const store::ResourceFilter& filter) {
  if (filter.scrape_id) {
    auto scrape = store_.GetScrape(*filter.scrape_id);
    if (!scrape.ok()) return scrape.status();
  }
  AWSCRAPE_ASSIGN_OR_RETURN(int64_t deleted, store_.DeleteResources(filter));
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  JsonValue id(rapidjson::kNullType);
  if (filter.scrape_id) id = MakeString(*filter.scrape_id, a);
  doc.AddMember("scrape_id", id, a);
  doc.AddMember("deleted", deleted, a);
  return doc;
}

Result<JsonDocument> QueryLayer::Compare(const store::CompareQuery& query) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<store::ResponseDocument> documents,
                            store_.CompareResources(query));
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("service", MakeString(query.service, a), a);
  JsonValue region(rapidjson::kNullType);
  if (query.region) region = MakeString(*query.region, a);
  doc.AddMember("region", region, a);
  doc.AddMember("operation", MakeString(query.operation, a), a);
  doc.AddMember("limit", query.limit, a);
  // One summary row per scrape, in the store's order (newest first).
  JsonValue scrapes(rapidjson::kArrayType);
  JsonValue resources(rapidjson::kArrayType);
  std::string current;
  for (const auto& d : documents) {
    if (d.scrape_id != current || scrapes.Empty()) {
      current = d.scrape_id;
      JsonValue row(rapidjson::kObjectType);
      row.AddMember("scrape_id", MakeString(d.scrape_id, a), a);
      row.AddMember("scrape_timestamp", MakeString(store::FormatStoreTime(d.scrape_timestamp), a),
                    a);
      row.AddMember("pages", 0, a);
      row.AddMember("items", 0, a);
      scrapes.PushBack(row, a);
    }
    JsonValue& row = scrapes[scrapes.Size() - 1];
    row["pages"].SetInt64(row["pages"].GetInt64() + 1);
    row["items"].SetInt64(row["items"].GetInt64() + d.item_count);
    JsonDocument one = ResourceJson(d);
    resources.PushBack(JsonValue(one, a), a);
  }
  doc.AddMember("scrapes", scrapes, a);
  doc.AddMember("resources", resources, a);
  return doc;
}

Result<JsonDocument> QueryLayer::Calls(const store::OutcomeFilter& filter, int64_t limit,
                                       int64_t offset) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<store::CallOutcome> outcomes, store_.QueryOutcomes(filter));
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  JsonValue id(rapidjson::kNullType);
  if (filter.scrape_id) id = MakeString(*filter.scrape_id, a);
  doc.AddMember("scrape_id", id, a);
  AddPage(doc, static_cast<int64_t>(outcomes.size()), limit, offset);
  std::map<std::string, int64_t> counts;
  for (int k = 0; k <= static_cast<int>(store::CallOutcomeKind::kError); ++k) {
    counts[std::string(store::CallOutcomeName(static_cast<store::CallOutcomeKind>(k)))] = 0;
  }
  for (const auto& o : outcomes) ++counts[std::string(store::CallOutcomeName(o.outcome))];
  JsonValue count_json(rapidjson::kObjectType);
  for (const auto& [name, n] : counts) count_json.AddMember(MakeString(name, a), JsonValue(n), a);
  doc.AddMember("counts", count_json, a);
  JsonValue calls(rapidjson::kArrayType);
  int64_t end = limit > 0 ? offset + limit : static_cast<int64_t>(outcomes.size());
  for (int64_t i = offset; i < end && i < static_cast<int64_t>(outcomes.size()); ++i) {
    JsonDocument one = store::CallOutcomeToJson(outcomes[static_cast<size_t>(i)]);
    calls.PushBack(JsonValue(one, a), a);
  }
  doc.AddMember("calls", calls, a);
  return doc;
}

Result<JsonDocument> QueryLayer::Stats() {
  AWSCRAPE_ASSIGN_OR_RETURN(store::Stats stats, store_.GetStats());
  return store::StatsToJson(stats);
}

Result<JsonDocument> QueryLayer::StatsByService() {
  AWSCRAPE_ASSIGN_OR_RETURN(auto groups, store_.StatsByService());
  return store::GroupStatsToJson(groups);
}

Result<JsonDocument> QueryLayer::StatsByRegion() {
  AWSCRAPE_ASSIGN_OR_RETURN(auto groups, store_.StatsByRegion());
  return store::GroupStatsToJson(groups);
}

Result<JsonDocument> QueryLayer::Timeline(int days, Timestamp now) {
  AWSCRAPE_ASSIGN_OR_RETURN(auto timeline, store_.Timeline(days, now));
  return store::TimelineToJson(timeline);
}

}  // namespace awscrape::api
