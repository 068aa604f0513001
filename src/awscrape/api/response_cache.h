// ResponseCache: complete answers of GET /api/scrapes/{id}/resources, served again without a
// store round trip while nothing says their scrape changed.
//
// Documents are immutable once stored; what changes an answer is a document added to or deleted
// from its scrape. The cache is trusted only while the server follows the store's ChangeFeed
// (cache_invalidator.h): each notice invalidates the scrape it names (an empty name: all), and a
// broken feed makes the cache untrusted (empty, refusing inserts) until a new feed runs.
//
// The race a cache of database reads must close: a request misses, reads the store before a
// delete commits, and inserts its answer after the delete's notice was handled, so the stale
// answer would stay. Each miss takes a Ticket before reading; Insert refuses the answer when any
// invalidation (or a change of trust) happened since the ticket was taken. Since a notice is
// delivered only after its commit, an answer read before the commit either is inserted before the
// notice arrives (and is removed by it) or is refused.
//
// Bounded by bytes (least recently used answers go first); answers larger than
// max_entry_bytes are never kept. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace awscrape::api {

class ResponseCache {
 public:
  struct Ticket {
    uint64_t generation = 0;
  };
  struct Counters {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t invalidations = 0;
    size_t entries = 0;
    size_t bytes = 0;
    bool trusted = false;
  };

  explicit ResponseCache(size_t max_bytes, size_t max_entry_bytes = 1 << 20);

  // The answer for `key` of scrape `scrape_id`, or nullptr (counted as a miss).
  std::shared_ptr<const std::string> Find(const std::string& scrape_id, const std::string& key);
  // Taken before a miss reads the store.
  Ticket Begin() const;
  // Keeps `body` unless the cache is untrusted, the body is too large, or anything was
  // invalidated since `ticket`.
  void Insert(const Ticket& ticket, const std::string& scrape_id, const std::string& key,
              std::string body);
  // Drops the answers of `scrape_id`; "" drops every answer.
  void Invalidate(std::string_view scrape_id);
  // Trusted while a change feed runs; becoming untrusted drops every answer. Both directions
  // refuse the inserts of tickets taken before.
  void SetTrusted(bool trusted);

  size_t max_entry_bytes() const { return max_entry_bytes_; }
  Counters counters() const;

 private:
  struct Entry {
    std::string scrape_id;
    std::string key;
    std::shared_ptr<const std::string> body;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void EraseLocked(Lru::iterator it);

  const size_t max_bytes_;
  const size_t max_entry_bytes_;
  mutable std::mutex mu_;
  Lru lru_;  // guarded by mu_
  std::unordered_map<std::string, std::unordered_map<std::string, Lru::iterator>> by_scrape_;
  size_t bytes_ = 0;            // guarded by mu_
  uint64_t generation_ = 1;     // guarded by mu_
  bool trusted_ = false;        // guarded by mu_
  uint64_t hits_ = 0;           // guarded by mu_
  uint64_t misses_ = 0;         // guarded by mu_
  uint64_t invalidations_ = 0;  // guarded by mu_
};

}  // namespace awscrape::api
