// EventBus: live scrape events for WebSocket clients (seeds/004's WebSocket API).
//
// Publishers (the scrape queue and its launcher) publish events; each subscriber receives, as
// JSON text, the events of one scrape or of all. Events:
//   {"type": "scrape.queued" | "scrape.started" | "scrape.progress" | "scrape.ingest" |
//    "scrape.finished", "scrape_id": ..., "time": "...Z", ...type-specific fields}
// Delivery calls the subscriber's function on the publisher's thread, outside the bus's lock;
// it must not block (a WebSocket session posts the text to its own strand). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "awscrape/core/json.h"

namespace awscrape::api {

class EventBus {
 public:
  using Deliver = std::function<void(const std::string& json_text)>;

  // `scrape_id` nullopt: every scrape's events. Returns a handle for Unsubscribe.
  uint64_t Subscribe(std::optional<std::string> scrape_id, Deliver deliver);
  void Unsubscribe(uint64_t handle);

  // Adds "type", "scrape_id" and "time" to `fields` (an object) and delivers it.
  void Publish(std::string_view type, const std::string& scrape_id, JsonDocument fields);

  size_t subscribers() const;

 private:
  struct Subscriber {
    std::optional<std::string> scrape_id;
    Deliver deliver;
  };
  mutable std::mutex mu_;
  uint64_t next_ = 1;                           // guarded by mu_
  std::map<uint64_t, Subscriber> subscribers_;  // guarded by mu_
};

}  // namespace awscrape::api
