// The API's response cache: what it keeps and drops (bounds, invalidation, the ticket that
// refuses answers read before a change), and the resources route serving from it — the route's
// own deletes invalidate at once, a backend without change notices gets no cache. The
// cross-process notices themselves are tested against PostgreSQL in store_postgres_test.cc.
#include <gtest/gtest.h>

#include "api_test_util.h"
#include "awscrape/api/api_handlers.h"
#include "awscrape/api/cache_invalidator.h"
#include "awscrape/api/dispatcher.h"
#include "awscrape/api/response_cache.h"

namespace awscrape::api {
namespace {

using testing::kScrapeA;
using testing::kScrapeB;

std::string Found(ResponseCache& cache, const std::string& scrape, const std::string& key) {
  auto hit = cache.Find(scrape, key);
  return hit ? *hit : "<miss>";
}

TEST(ResponseCache, KeepsNothingUntilTrustedAndForgetsEverythingWhenTrustEnds) {
  ResponseCache cache(1 << 20);
  cache.Insert(cache.Begin(), "s1", "k", "answer");
  EXPECT_EQ(Found(cache, "s1", "k"), "<miss>");
  cache.SetTrusted(true);
  cache.Insert(cache.Begin(), "s1", "k", "answer");
  EXPECT_EQ(Found(cache, "s1", "k"), "answer");
  cache.SetTrusted(false);
  EXPECT_EQ(Found(cache, "s1", "k"), "<miss>");
  EXPECT_EQ(cache.counters().entries, 0u);
  EXPECT_EQ(cache.counters().bytes, 0u);
}

TEST(ResponseCache, InvalidatesOneScrapeOrAll) {
  ResponseCache cache(1 << 20);
  cache.SetTrusted(true);
  cache.Insert(cache.Begin(), "s1", "a", "1a");
  cache.Insert(cache.Begin(), "s1", "b", "1b");
  cache.Insert(cache.Begin(), "s2", "a", "2a");
  cache.Invalidate("s1");
  EXPECT_EQ(Found(cache, "s1", "a"), "<miss>");
  EXPECT_EQ(Found(cache, "s1", "b"), "<miss>");
  EXPECT_EQ(Found(cache, "s2", "a"), "2a");
  cache.Invalidate("");
  EXPECT_EQ(Found(cache, "s2", "a"), "<miss>");
  EXPECT_EQ(cache.counters().bytes, 0u);
}

// The race a cache of reads must close: an answer read before a change must not be kept after
// the change was noticed.
TEST(ResponseCache, RefusesAnAnswerReadBeforeAnInvalidationOrATrustChange) {
  ResponseCache cache(1 << 20);
  cache.SetTrusted(true);
  ResponseCache::Ticket before = cache.Begin();
  cache.Invalidate("another_scrape");
  cache.Insert(before, "s1", "k", "stale");
  EXPECT_EQ(Found(cache, "s1", "k"), "<miss>");
  cache.Insert(cache.Begin(), "s1", "k", "fresh");
  EXPECT_EQ(Found(cache, "s1", "k"), "fresh");

  ResponseCache::Ticket before_trust = cache.Begin();
  cache.SetTrusted(false);
  cache.SetTrusted(true);
  cache.Insert(before_trust, "s1", "k2", "read while no notices were followed");
  EXPECT_EQ(Found(cache, "s1", "k2"), "<miss>");
}

TEST(ResponseCache, StaysWithinItsBytesDroppingTheLeastRecentlyUsed) {
  // Each entry costs its body plus key plus scrape id: 10 + 1 + 2 = 13 bytes.
  ResponseCache cache(40, 20);
  cache.SetTrusted(true);
  cache.Insert(cache.Begin(), "s1", "a", std::string(10, 'a'));
  cache.Insert(cache.Begin(), "s1", "b", std::string(10, 'b'));
  cache.Insert(cache.Begin(), "s1", "c", std::string(10, 'c'));
  EXPECT_EQ(Found(cache, "s1", "a"), std::string(10, 'a'));  // now the most recent
  cache.Insert(cache.Begin(), "s1", "d", std::string(10, 'd'));
  EXPECT_EQ(Found(cache, "s1", "b"), "<miss>");  // least recently used
  EXPECT_EQ(Found(cache, "s1", "a"), std::string(10, 'a'));
  EXPECT_EQ(Found(cache, "s1", "d"), std::string(10, 'd'));
  EXPECT_LE(cache.counters().bytes, 40u);
  cache.Insert(cache.Begin(), "s1", "big", std::string(30, 'x'));  // over max_entry_bytes
  EXPECT_EQ(Found(cache, "s1", "big"), "<miss>");
  // Replacing a key does not count it twice.
  cache.Insert(cache.Begin(), "s1", "a", std::string(5, 'z'));
  EXPECT_EQ(Found(cache, "s1", "a"), std::string(5, 'z'));
  ResponseCache::Counters c = cache.counters();
  EXPECT_LE(c.bytes, 40u);
  EXPECT_GT(c.hits, 0u);
  EXPECT_GT(c.misses, 0u);
}

class CachedRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::FilledStore();
    cache_.SetTrusted(true);  // as a CacheInvalidator following a feed would
    context_.store = store_.get();
    context_.cache = &cache_;
    routes_ = BuildApiRoutes(context_);
    dispatcher_ = std::make_unique<Dispatcher>(*routes_, DispatchOptions{}, nullptr);
  }

  std::pair<int, std::string> Call(const std::string& method, const std::string& target) {
    ApiRequest req;
    req.method = method;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = ParseQueryString(target.substr(q + 1));
    ApiResponse res = dispatcher_->Handle(std::move(req));
    auto body = DrainBody(res);
    EXPECT_TRUE(body.ok());
    return {res.status, body.ok() ? *body : ""};
  }

  std::unique_ptr<store::Store> store_;
  ResponseCache cache_{1 << 20};
  ApiContext context_;
  std::unique_ptr<RouteTable> routes_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(CachedRoutesTest, ServesARepeatedAnswerFromTheCacheUntilItsScrapeChanges) {
  const std::string vpcs = std::string("/api/scrapes/") + kScrapeA +
                           "/resources?service=ec2&region=us-east-1&operation=DescribeVpcs";
  auto first = Call("GET", vpcs);
  ASSERT_EQ(first.first, 200);
  ASSERT_NE(first.second.find("vpc-2"), std::string::npos);
  EXPECT_EQ(cache_.counters().entries, 1u);

  // Deleted behind the cache's back (no notice): the cached answer is what comes back, which
  // shows it was not read again...
  store::ResourceFilter a;
  a.scrape_id = kScrapeA;
  a.service = "ec2";
  ASSERT_EQ(*store_->DeleteResources(a), 1);
  EXPECT_EQ(Call("GET", vpcs), first);
  EXPECT_EQ(cache_.counters().hits, 1u);
  // ...a notice for another scrape leaves it; one for this scrape drops it.
  cache_.Invalidate(kScrapeB);
  EXPECT_EQ(Call("GET", vpcs), first);
  cache_.Invalidate(kScrapeA);
  auto after = Call("GET", vpcs);
  EXPECT_EQ(after.first, 200);
  EXPECT_NE(after.second, first.second);
  EXPECT_NE(after.second.find("\"total\":0"), std::string::npos) << after.second;

  // Different filters, limits and offsets are different answers.
  auto all = Call("GET", std::string("/api/scrapes/") + kScrapeA + "/resources");
  auto one = Call("GET", std::string("/api/scrapes/") + kScrapeA + "/resources?limit=1");
  auto second =
      Call("GET", std::string("/api/scrapes/") + kScrapeA + "/resources?limit=1&offset=1");
  EXPECT_NE(all.second, one.second);
  EXPECT_NE(one.second, second.second);
  EXPECT_EQ(Call("GET", std::string("/api/scrapes/") + kScrapeA + "/resources?limit=1"), one);
}

TEST_F(CachedRoutesTest, TheServersOwnDeletesAreVisibleAtOnce) {
  const std::string resources = std::string("/api/scrapes/") + kScrapeA + "/resources";
  auto before = Call("GET", resources);
  ASSERT_NE(before.second.find("ListRoles"), std::string::npos);
  ASSERT_EQ(Call("DELETE", resources + "?service=iam").first, 200);
  auto after = Call("GET", resources);
  EXPECT_EQ(after.second.find("ListRoles"), std::string::npos) << after.second;

  ASSERT_EQ(Call("DELETE", std::string("/api/scrapes/") + kScrapeA).first, 200);
  EXPECT_EQ(Call("GET", resources).first, 404);
}

TEST_F(CachedRoutesTest, ErrorsAndAnswersLargerThanAnEntryAreNotKept) {
  ResponseCache small(1 << 20, 64);
  small.SetTrusted(true);
  context_.cache = &small;
  auto big = Call("GET", std::string("/api/scrapes/") + kScrapeA + "/resources");
  ASSERT_EQ(big.first, 200);
  ASSERT_GT(big.second.size(), 64u);
  EXPECT_EQ(small.counters().entries, 0u);
  EXPECT_EQ(Call("GET", "/api/scrapes/scrape_20250101_000000_00000000/resources").first, 404);
  EXPECT_EQ(small.counters().entries, 0u);
}

TEST(CacheInvalidator, ABackendWithoutChangeNoticesGetsNoCache) {
  auto db = testing::FilledStore();
  ResponseCache cache(1 << 20);
  auto invalidator = CacheInvalidator::Start(*db, cache);
  ASSERT_FALSE(invalidator.ok());
  EXPECT_EQ(invalidator.status().code(), StatusCode::kUnimplemented);
  EXPECT_FALSE(cache.counters().trusted);
}

}  // namespace
}  // namespace awscrape::api
