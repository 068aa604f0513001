#include "awscrape/api/response_cache.h"

#include <algorithm>
#include <utility>

namespace awscrape::api {

ResponseCache::ResponseCache(size_t max_bytes, size_t max_entry_bytes)
    : max_bytes_(max_bytes), max_entry_bytes_(std::min(max_entry_bytes, max_bytes)) {}

std::shared_ptr<const std::string> ResponseCache::Find(const std::string& scrape_id,
                                                       const std::string& key) {
  std::lock_guard lock(mu_);
  auto scrape = by_scrape_.find(scrape_id);
  if (scrape != by_scrape_.end()) {
    auto it = scrape->second.find(key);
    if (it != scrape->second.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->body;
    }
  }
  ++misses_;
  return nullptr;
}

ResponseCache::Ticket ResponseCache::Begin() const {
  std::lock_guard lock(mu_);
  return Ticket{generation_};
}

void ResponseCache::Insert(const Ticket& ticket, const std::string& scrape_id,
                           const std::string& key, std::string body) {
  const size_t size = body.size() + key.size() + scrape_id.size();
  if (size > max_entry_bytes_) return;
  std::lock_guard lock(mu_);
  if (!trusted_ || ticket.generation != generation_) return;
  if (auto scrape = by_scrape_.find(scrape_id); scrape != by_scrape_.end()) {
    if (auto old = scrape->second.find(key); old != scrape->second.end()) EraseLocked(old->second);
  }
  lru_.push_front(Entry{scrape_id, key, std::make_shared<const std::string>(std::move(body))});
  by_scrape_[scrape_id][key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
}

void ResponseCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->body->size() + it->key.size() + it->scrape_id.size();
  auto scrape = by_scrape_.find(it->scrape_id);
  scrape->second.erase(it->key);
  if (scrape->second.empty()) by_scrape_.erase(scrape);
  lru_.erase(it);
}

void ResponseCache::Invalidate(std::string_view scrape_id) {
  std::lock_guard lock(mu_);
  ++generation_;
  ++invalidations_;
  if (scrape_id.empty()) {
    lru_.clear();
    by_scrape_.clear();
    bytes_ = 0;
    return;
  }
  auto scrape = by_scrape_.find(std::string(scrape_id));
  if (scrape == by_scrape_.end()) return;
  std::vector<Lru::iterator> doomed;
  for (auto& [key, it] : scrape->second) doomed.push_back(it);
  for (auto it : doomed) EraseLocked(it);  // the last erase removes the scrape's map
}

void ResponseCache::SetTrusted(bool trusted) {
  std::lock_guard lock(mu_);
  ++generation_;
  trusted_ = trusted;
  if (!trusted) {
    lru_.clear();
    by_scrape_.clear();
    bytes_ = 0;
  }
}

ResponseCache::Counters ResponseCache::counters() const {
  std::lock_guard lock(mu_);
  return Counters{hits_, misses_, invalidations_, lru_.size(), bytes_, trusted_};
}

}  // namespace awscrape::api
