// Client-side adaptive rate limiting: botocore's adaptive mode, non-blocking, per key.
#include "awscrape/aws/retry/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "awscrape/aws/retry/rate_limiter_registry.h"
#include "awscrape/aws/retry/token_bucket.h"
#include "awscrape/core/clock.h"

namespace awscrape::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// Sends `count` responses, one every `step`, all throttled or all not.
void Respond(ManualClock& clock, AdaptiveRateLimiter& limiter, int count, milliseconds step,
             bool throttled) {
  for (int i = 0; i < count; ++i) {
    clock.Advance(step);
    limiter.OnResponse(throttled);
  }
}

TEST(TokenBucketTest, ReservationsQueueUp) {
  ManualClock clock;
  TokenBucket bucket(2.0, clock);  // starts empty, refills 2 tokens/s, holds at most 2
  EXPECT_EQ(bucket.Reserve(), milliseconds(500));
  EXPECT_EQ(bucket.Reserve(), milliseconds(1000));
  clock.Advance(milliseconds(1000));  // both reservations now paid for
  EXPECT_EQ(bucket.Reserve(), milliseconds(500));
  clock.Advance(std::chrono::seconds(10));
  EXPECT_DOUBLE_EQ(bucket.available_capacity(), -1.0) << "refill happens on the next call";
  EXPECT_EQ(bucket.Reserve(), nanoseconds(0));
  EXPECT_EQ(bucket.Reserve(), nanoseconds(0));
  EXPECT_EQ(bucket.Reserve(), milliseconds(500)) << "capacity is capped at the rate";
}

TEST(TokenBucketTest, RateHasAFloor) {
  ManualClock clock;
  TokenBucket bucket(0.01, clock);
  EXPECT_DOUBLE_EQ(bucket.max_rate(), TokenBucket::kMinRate);
  EXPECT_DOUBLE_EQ(bucket.max_capacity(), 1.0);
  EXPECT_EQ(bucket.Reserve(), milliseconds(2000));
}

TEST(AdaptiveRateLimiterTest, UnlimitedUntilThrottled) {
  ManualClock clock;
  AdaptiveRateLimiter limiter(clock);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.Acquire(), nanoseconds(0));
  Respond(clock, limiter, 50, milliseconds(10), false);
  EXPECT_FALSE(limiter.enabled());
  EXPECT_EQ(limiter.Acquire(), nanoseconds(0));
}

TEST(AdaptiveRateLimiterTest, ThrottlingLowersTheRateAndSuccessRecoversIt) {
  ManualClock clock;
  AdaptiveRateLimiter limiter(clock);
  Respond(clock, limiter, 40, milliseconds(100), false);  // about 10 responses/s
  const double measured = limiter.measured_rate();
  EXPECT_NEAR(measured, 10.0, 0.5);

  Respond(clock, limiter, 1, milliseconds(100), true);
  ASSERT_TRUE(limiter.enabled());
  const double throttled_rate = limiter.send_rate();
  EXPECT_NEAR(throttled_rate, 0.7 * limiter.measured_rate(), 0.01);
  EXPECT_LT(throttled_rate, measured);

  // Sends are now paced: back-to-back acquisitions must wait longer and longer.
  nanoseconds previous(0);
  for (int i = 0; i < 20; ++i) {
    const nanoseconds wait = limiter.Acquire();
    EXPECT_GE(wait, previous);
    previous = wait;
  }
  EXPECT_GT(previous, milliseconds(1000));

  // Successes at the paced rate let the rate climb back along the CUBIC curve.
  clock.Advance(previous);
  Respond(clock, limiter, 30, milliseconds(100), false);
  EXPECT_GT(limiter.send_rate(), throttled_rate);

  // Another throttle cuts it again.
  const double before = limiter.send_rate();
  Respond(clock, limiter, 1, milliseconds(100), true);
  EXPECT_LT(limiter.send_rate(), before);
}

// The same event sequence through botocore 1.29.27's ClientRateLimiter (adaptive.py with its
// real RateClocker, CubicCalculator and TokenBucket on a fake clock) gave these bucket rates.
TEST(AdaptiveRateLimiterTest, MatchesBotocoreRateSequence) {
  const std::vector<double> expected = {0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5,
                                        0.5324000001352281,
                                        0.6912000003218651,
                                        0.8787999996222556,
                                        1.097599999780953,
                                        1.35,
                                        1.6384000002861023,
                                        1.9652000006459653,
                                        2.3327999992758035,
                                        2.743599999596551,
                                        3.2,
                                        3.7044000004928557,
                                        4.259200001081825,
                                        4.866799998817593,
                                        5.52959999935627,
                                        6.25,
                                        7.030400000755489,
                                        7.873200001629442,
                                        8.780799998247623,
                                        9.75559999906011,
                                        10.8,
                                        11.916400001074003,
                                        13.107200002288819,
                                        14.374799997565896,
                                        15.72159999870807,
                                        17.150000000000002,
                                        18.662400001448393,
                                        19.999744,
                                        19.999744,
                                        19.999744,
                                        19.9999488,
                                        6.999982079999999,
                                        7.828795085222858,
                                        8.488894605822692,
                                        8.999480639712104,
                                        9.379753186196151,
                                        9.648912247062007,
                                        9.826157821013089,
                                        8.8639995904,
                                        8.8639995904,
                                        8.8639995904,
                                        10.000005253549263,
                                        10.005683395558018,
                                        8.674559983616,
                                        8.674559983616,
                                        8.674559983616,
                                        10.45326109946177,
                                        10.767371808857643,
                                        8.66698239934464,
                                        8.66698239934464,
                                        8.66698239934464,
                                        11.333396479868929,
                                        11.333396479868929,
                                        8.666679295973786,
                                        8.666679295973786,
                                        8.666679295973786,
                                        11.333335859194758,
                                        11.333335859194758,
                                        8.666667171838952,
                                        8.666667171838952,
                                        8.666667171838952,
                                        11.333333434367791,
                                        3.9666667020287267,
                                        4.262481571981965,
                                        4.521821100138647,
                                        4.747085286505476,
                                        4.940674130257715,
                                        5.104987633195694,
                                        5.24242579435276,
                                        5.355388613735623,
                                        5.446276091350985,
                                        5.517488226916029,
                                        5.571425021091364,
                                        5.61048647350814,
                                        5.637072584173062,
                                        5.653583353092835,
                                        5.662418780247168,
                                        5.665978865715739,
                                        5.666663609448102,
                                        5.666873011450964,
                                        5.669007071731029,
                                        5.675465790251132,
                                        5.688649167068818,
                                        5.710957202172649,
                                        5.744789895569329,
                                        5.792547247265564,
                                        5.856629256927921,
                                        5.939435925150602,
                                        4.157605147605421,
                                        4.965333867902893,
                                        5.482458375222642,
                                        5.773778667922421,
                                        5.904094747003838,
                                        5.938206612025459,
                                        4.844795562666718,
                                        4.844795562666718,
                                        6.111316923705558,
                                        6.40861193344766,
                                        6.933702728719905,
                                        4.774758364501333,
                                        4.774758364501333,
                                        7.354951672900267,
                                        7.354951672900267,
                                        7.870990334580053,
                                        4.774198066916011,
                                        4.774198066916011,
                                        7.354839613383202,
                                        7.354839613383202,
                                        7.87096792267664,
                                        4.774193584535328,
                                        4.774193584535328,
                                        7.354838716907066,
                                        7.354838716907066,
                                        7.870967743381414,
                                        4.7741935486762825,
                                        4.7741935486762825,
                                        7.354838709735256,
                                        7.354838709735256,
                                        7.870967741947052,
                                        4.774193548389411,
                                        4.774193548389411,
                                        7.354838709677882,
                                        7.354838709677882,
                                        7.870967741935576,
                                        4.774193548387116,
                                        4.774193548387116,
                                        7.3548387096774235,
                                        7.3548387096774235,
                                        7.870967741935485};
  struct Step {
    int count;
    int step_ms;
    bool throttled;
  };
  const std::vector<Step> scenario = {{40, 100, false}, {1, 100, true},   {30, 200, false},
                                      {1, 50, true},    {25, 100, false}, {1, 100, true},
                                      {40, 300, false}};
  ManualClock clock;
  AdaptiveRateLimiter limiter(clock);
  std::vector<double> rates;
  for (const Step& step : scenario) {
    for (int i = 0; i < step.count; ++i) {
      clock.Advance(milliseconds(step.step_ms));
      limiter.OnResponse(step.throttled);
      rates.push_back(limiter.send_rate());
    }
  }
  ASSERT_EQ(rates.size(), expected.size());
  for (size_t i = 0; i < rates.size(); ++i) {
    EXPECT_NEAR(rates[i], expected[i], 1e-9 * std::max(1.0, expected[i])) << "response " << i + 1;
  }
}

TEST(AdaptiveRateLimiterTest, FixedMaxRateCapsFromTheStart) {
  ManualClock clock;
  AdaptiveRateLimiter limiter(clock, {.max_rate = 4.0});
  EXPECT_TRUE(limiter.enabled());
  EXPECT_EQ(limiter.Acquire(), milliseconds(250));
  EXPECT_EQ(limiter.Acquire(), milliseconds(500));
  Respond(clock, limiter, 100, milliseconds(10), false);
  EXPECT_DOUBLE_EQ(limiter.send_rate(), 4.0);
  // Adaptive limiting works below the cap and never goes above it.
  Respond(clock, limiter, 1, milliseconds(10), true);
  EXPECT_LE(limiter.send_rate(), 4.0);
  Respond(clock, limiter, 600, milliseconds(100), false);
  EXPECT_LE(limiter.send_rate(), 4.0);
}

TEST(RateLimiterRegistryTest, OneLimiterPerKeyAndKeysAreIsolated) {
  ManualClock clock;
  RateLimiterRegistry registry(clock);
  const std::string ec2 = RateLimiterRegistry::MakeKey("111122223333", "us-east-1", "ec2");
  const std::string s3 = RateLimiterRegistry::MakeKey("111122223333", "us-east-1", "s3");
  const std::string other_region = RateLimiterRegistry::MakeKey("111122223333", "eu-west-1", "ec2");
  EXPECT_EQ(ec2, "111122223333/us-east-1/ec2");

  AdaptiveRateLimiter& limiter = registry.Get(ec2);
  EXPECT_EQ(&limiter, &registry.Get(ec2));
  Respond(clock, limiter, 20, milliseconds(100), false);
  Respond(clock, limiter, 1, milliseconds(100), true);
  EXPECT_TRUE(registry.Get(ec2).enabled());
  EXPECT_FALSE(registry.Get(s3).enabled());
  EXPECT_FALSE(registry.Get(other_region).enabled());
  EXPECT_EQ(registry.Get(s3).Acquire(), nanoseconds(0));
  EXPECT_EQ(registry.size(), 3u);
}

TEST(RateLimiterRegistryTest, ConcurrentUse) {
  ManualClock clock;
  RateLimiterRegistry registry(clock);
  std::vector<std::thread> threads;
  std::atomic<int> paced{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        AdaptiveRateLimiter& limiter = registry.Get("key" + std::to_string(i % 7));
        limiter.OnResponse((i + t) % 50 == 0);
        if (limiter.Acquire() > nanoseconds(0)) ++paced;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(registry.size(), 7u);
  EXPECT_GT(paced.load(), 0);
}

}  // namespace
}  // namespace awscrape::aws
