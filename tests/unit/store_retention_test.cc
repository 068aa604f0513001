// The retention setting: what it accepts, where it comes from, and the sweeper that applies it.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "awscrape/store/retention.h"
#include "awscrape/store/scrape_id.h"
#include "awscrape/store/sqlite/sqlite_store.h"
#include "store_suite.h"

namespace awscrape::store::testing {
namespace {

TEST(Retention, AcceptsWholeDaysOnly) {
  EXPECT_EQ(*ParseRetentionDays("30"), std::optional<int>(30));
  EXPECT_EQ(*ParseRetentionDays("1"), std::optional<int>(1));
  EXPECT_EQ(*ParseRetentionDays(""), std::optional<int>());
  EXPECT_EQ(*ParseRetentionDays("0"), std::optional<int>()) << "0 turns retention off";
  for (const char* bad : {"00x", "-3", "30d", " 30", "1.5", "abc", "36501", "99999999999"}) {
    auto parsed = ParseRetentionDays(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(Retention, TheFlagWinsOverTheEnvironment) {
  std::map<std::string, std::string> env;
  auto lookup = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(*ResolveRetentionDays(std::nullopt, lookup), std::optional<int>());
  env[kRetentionDaysVariable] = "7";
  EXPECT_EQ(*ResolveRetentionDays(std::nullopt, lookup), std::optional<int>(7));
  EXPECT_EQ(*ResolveRetentionDays(90, lookup), std::optional<int>(90));
  env[kRetentionDaysVariable] = "a week";
  auto bad = ResolveRetentionDays(std::nullopt, lookup);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find(kRetentionDaysVariable), std::string::npos);
  EXPECT_EQ(*ResolveRetentionDays(0, lookup), std::optional<int>()) << "--retention-days 0: off";
}

TEST(Retention, DeletesOnlyScrapesOlderThanTheCutoff) {
  StoreTempDir dir;
  auto store = SqliteStore::Open((dir.path() / "a.db").string(), {});
  ASSERT_TRUE(store.ok());
  const Timestamp now = At(1'754'000'000);
  ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_old", At(now.seconds - 31 * 86400))).ok());
  ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_recent", At(now.seconds - 29 * 86400))).ok());
  auto deleted = ApplyRetention(**store, 30, now);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted->scrapes, 1);
  EXPECT_EQ((*store)->GetScrape("scrape_old").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE((*store)->GetScrape("scrape_recent").ok());
}

TEST(Retention, TheSweeperAppliesAtOnceAndStopsPromptly) {
  StoreTempDir dir;
  auto store = SqliteStore::Open((dir.path() / "a.db").string(), {});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->SaveScrape(MakeScrape("scrape_ancient", At(1'000'000'000))).ok());
  std::mutex mu;
  std::vector<int64_t> reports;
  auto started = std::chrono::steady_clock::now();
  {
    RetentionSweeper sweeper(**store, 30, std::chrono::hours(1),
                             [&](const Result<DeleteCounts>& deleted) {
                               // On the sweeper's thread: record, assert later.
                               std::lock_guard lock(mu);
                               reports.push_back(deleted.ok() ? deleted->scrapes : -1);
                             });
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu);
        if (!reports.empty()) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10))
      << "destroying the sweeper must not wait for its hourly interval";
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0], 1);
  EXPECT_EQ((*store)->GetScrape("scrape_ancient").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace awscrape::store::testing
