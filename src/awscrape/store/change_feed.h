// ChangeFeed: notices, from any process writing the same database, that a scrape's documents
// changed. The API's response cache (api/response_cache.h) trusts a cached page only while it
// follows such a feed.
//
// Contract: every committed transaction that adds or deletes documents is followed by a notice
// naming each scrape it touched (an empty name: possibly every scrape), delivered after the
// commit is visible to readers. A notice may be delivered more than once or for a change that
// turned out empty; none is ever lost while Wait keeps succeeding. When the feed breaks (the
// connection is lost) Wait returns an error and notices may have been missed: the caller must
// assume that everything changed, and open a new feed. Used by one thread.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "awscrape/core/result.h"

namespace awscrape::store {

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // The scrapes changed since the last call (empty after `timeout` without a notice); an error
  // when the feed is broken.
  virtual Result<std::vector<std::string>> Wait(std::chrono::milliseconds timeout) = 0;
};

}  // namespace awscrape::store
