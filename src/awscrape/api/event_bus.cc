#include "awscrape/api/event_bus.h"

#include <vector>

#include "awscrape/store/documents.h"
#include "awscrape/store/scrape_id.h"

namespace awscrape::api {

uint64_t EventBus::Subscribe(std::optional<std::string> scrape_id, Deliver deliver) {
  std::lock_guard lock(mu_);
  uint64_t handle = next_++;
  subscribers_[handle] = Subscriber{std::move(scrape_id), std::move(deliver)};
  return handle;
}

void EventBus::Unsubscribe(uint64_t handle) {
  std::lock_guard lock(mu_);
  subscribers_.erase(handle);
}

size_t EventBus::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void EventBus::Publish(std::string_view type, const std::string& scrape_id, JsonDocument fields) {
  if (!fields.IsObject()) fields.SetObject();
  auto& a = fields.GetAllocator();
  // Put the common members first, so a reader sees what the event is before its details.
  JsonDocument event(rapidjson::kObjectType);
  auto& ea = event.GetAllocator();
  event.AddMember("type", MakeString(type, ea), ea);
  event.AddMember("scrape_id", MakeString(scrape_id, ea), ea);
  event.AddMember("time", MakeString(store::FormatStoreTime(store::WallClockNow()), ea), ea);
  for (auto& member : fields.GetObject()) {
    event.AddMember(JsonValue(member.name, ea), JsonValue(member.value, ea), ea);
  }
  (void)a;
  std::string text = ToJson(event);

  std::vector<Deliver> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& [handle, s] : subscribers_) {
      if (!s.scrape_id || *s.scrape_id == scrape_id) targets.push_back(s.deliver);
    }
  }
  for (const auto& deliver : targets) deliver(text);
}

}  // namespace awscrape::api
