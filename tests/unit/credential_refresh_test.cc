// RefreshingCredentialProvider with a manual clock: botocore's advisory (15 min) and mandatory
// (10 min) refresh windows, failures in each, and one refresh at a time across threads.
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "awscrape/aws/auth/refreshing_provider.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::ManualTime;

constexpr int64_t kStart = 1700000000;

Credentials Expiring(const std::string& id, int64_t expires_at) {
  return Credentials{id, "secret-" + id, "token", Timestamp{expires_at, 0}, "fake"};
}

// Answers from a script of results, counting calls.
class ScriptedProvider : public CredentialProvider {
 public:
  void Push(Result<Credentials> result) { script_.push_back(std::move(result)); }
  Result<Credentials> Resolve() override {
    ++calls;
    if (script_.empty()) return Internal("script exhausted");
    Result<Credentials> next = script_.front();
    script_.pop_front();
    return next;
  }
  std::string_view name() const override { return "scripted"; }
  int calls = 0;

 private:
  std::deque<Result<Credentials>> script_;
};

TEST(RefreshingProvider, CachesUntilTheAdvisoryWindow) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(Expiring("first", kStart + 3600));
  inner->Push(Expiring("second", kStart + 7200));
  RefreshingCredentialProvider provider(inner, time.Source());

  EXPECT_EQ(provider.Resolve()->access_key_id, "first");
  time.Advance(3600 - 15 * 60);  // exactly 15 minutes left: still fresh
  EXPECT_EQ(provider.Resolve()->access_key_id, "first");
  EXPECT_EQ(inner->calls, 1);
  time.Advance(1);  // inside the advisory window
  EXPECT_EQ(provider.Resolve()->access_key_id, "second");
  EXPECT_EQ(provider.Resolve()->access_key_id, "second");
  EXPECT_EQ(inner->calls, 2);
}

TEST(RefreshingProvider, CredentialsWithoutExpirationAreKeptForGood) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(Credentials{"static", "s", "", std::nullopt, "fake"});
  RefreshingCredentialProvider provider(inner, time.Source());
  EXPECT_TRUE(provider.Resolve().ok());
  time.Advance(100 * 24 * 3600);
  EXPECT_EQ(provider.Resolve()->access_key_id, "static");
  EXPECT_EQ(inner->calls, 1);
}

TEST(RefreshingProvider, AFailedAdvisoryRefreshKeepsTheCachedCredentials) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(Expiring("first", kStart + 3600));
  inner->Push(Unavailable("sts is down"));
  inner->Push(Expiring("second", kStart + 7200));
  RefreshingCredentialProvider provider(inner, time.Source());
  ASSERT_TRUE(provider.Resolve().ok());
  time.Advance(3600 - 12 * 60);  // 12 minutes left: advisory
  auto kept = provider.Resolve();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->access_key_id, "first");
  EXPECT_EQ(provider.Resolve()->access_key_id, "second");  // tries again on the next call
  EXPECT_EQ(inner->calls, 3);
}

TEST(RefreshingProvider, AFailedMandatoryRefreshIsAnErrorWithoutSecrets) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(Expiring("AKIDFIRST0000000", kStart + 3600));
  inner->Push(Unavailable("sts is down"));
  inner->Push(Unavailable("sts is still down"));
  RefreshingCredentialProvider provider(inner, time.Source());
  ASSERT_TRUE(provider.Resolve().ok());
  time.Advance(3600 - 5 * 60);  // 5 minutes left: mandatory
  auto failed = provider.Resolve();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(failed.status().message().find("mandatory refresh window"), std::string::npos);
  EXPECT_NE(failed.status().message().find("sts is down"), std::string::npos);
  EXPECT_EQ(failed.status().message().find("secret-"), std::string::npos);
  EXPECT_NE(failed.status().message().find("AKID****0000"), std::string::npos);
  time.Advance(10 * 60);  // now expired: still an error, never the stale credentials
  EXPECT_FALSE(provider.Resolve().ok());
}

TEST(RefreshingProvider, ExpiredCredentialsAreAnError) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(Expiring("old", kStart - 1));
  RefreshingCredentialProvider provider(inner, time.Source());
  auto result = provider.Resolve();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status().message().find("still expired"), std::string::npos);
  EXPECT_EQ(result.status().message().find("secret-old"), std::string::npos);
}

TEST(RefreshingProvider, FirstResolveErrorsPassThroughAndAreRetried) {
  ManualTime time(kStart);
  auto inner = std::make_shared<ScriptedProvider>();
  inner->Push(NotFound("nothing"));
  inner->Push(Expiring("later", kStart + 3600));
  RefreshingCredentialProvider provider(inner, time.Source());
  EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
  EXPECT_EQ(provider.Resolve()->access_key_id, "later");
}

// Blocks inside Resolve() until released, so tests can observe concurrent callers.
class GatedProvider : public CredentialProvider {
 public:
  explicit GatedProvider(Credentials answer) : answer_(std::move(answer)) {}
  Result<Credentials> Resolve() override {
    std::unique_lock lock(mu_);
    ++calls_;
    entered_.notify_all();
    released_cv_.wait(lock, [this] { return released_; });
    return answer_;
  }
  std::string_view name() const override { return "gated"; }
  void WaitEntered(int calls) {
    std::unique_lock lock(mu_);
    entered_.wait(lock, [&] { return calls_ >= calls; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    released_cv_.notify_all();
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable entered_, released_cv_;
  int calls_ = 0;
  bool released_ = false;
  const Credentials answer_;
};

// Forwards the first call to `first`, later ones to `rest`.
class SwitchProvider : public CredentialProvider {
 public:
  SwitchProvider(std::shared_ptr<CredentialProvider> first,
                 std::shared_ptr<CredentialProvider> rest)
      : first_(std::move(first)), rest_(std::move(rest)) {}
  Result<Credentials> Resolve() override {
    return used_.exchange(true) ? rest_->Resolve() : first_->Resolve();
  }
  std::string_view name() const override { return "switch"; }

 private:
  std::shared_ptr<CredentialProvider> first_, rest_;
  std::atomic<bool> used_{false};
};

TEST(RefreshingProvider, DuringAnAdvisoryRefreshOthersGetTheCachedCredentials) {
  ManualTime time(kStart);
  auto gate = std::make_shared<GatedProvider>(Expiring("fresh", kStart + 7200));
  auto inner = std::make_shared<SwitchProvider>(
      std::make_shared<StaticCredentialProvider>(Expiring("cached", kStart + 3600)), gate);
  RefreshingCredentialProvider provider(inner, time.Source());
  ASSERT_TRUE(provider.Resolve().ok());
  time.Advance(3600 - 12 * 60);  // advisory

  auto refresher = std::async(std::launch::async, [&] { return provider.Resolve(); });
  gate->WaitEntered(1);
  // The refresh is stuck in the provider; other callers are not.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(provider.Resolve()->access_key_id, "cached");
  gate->Release();
  EXPECT_EQ(refresher.get()->access_key_id, "fresh");
  EXPECT_EQ(provider.Resolve()->access_key_id, "fresh");
  EXPECT_EQ(gate->calls(), 1);
}

TEST(RefreshingProvider, InTheMandatoryWindowCallersWaitForOneRefresh) {
  ManualTime time(kStart);
  auto gate = std::make_shared<GatedProvider>(Expiring("fresh", kStart + 7200));
  auto inner = std::make_shared<SwitchProvider>(
      std::make_shared<StaticCredentialProvider>(Expiring("cached", kStart + 3600)), gate);
  RefreshingCredentialProvider provider(inner, time.Source());
  ASSERT_TRUE(provider.Resolve().ok());
  time.Advance(3600 - 5 * 60);  // mandatory

  std::vector<std::future<Result<Credentials>>> callers;
  for (int i = 0; i < 4; ++i) {
    callers.push_back(std::async(std::launch::async, [&] { return provider.Resolve(); }));
  }
  gate->WaitEntered(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the others queue up
  gate->Release();
  for (auto& caller : callers) EXPECT_EQ(caller.get()->access_key_id, "fresh");
  EXPECT_EQ(gate->calls(), 1);
}

}  // namespace
}  // namespace awscrape::aws
