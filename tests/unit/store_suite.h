// The store suite: one set of cases (store_suite_test.cc) that every Store backend passes.
//
// A backend joins by instantiating the parameterised fixture with its factory:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Values(StoreBackend{"sqlite",
//                            [](const std::filesystem::path& dir) { return OpenStore(...); }}));
// The factory gets a fresh empty directory per test (and may ignore it, e.g. a server backend
// that creates a fresh database instead) and returns an empty store, or a Status; a factory
// that cannot run here (no server configured) returns kUnavailable with the reason, and the
// case is skipped with that message.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "awscrape/core/json.h"
#include "awscrape/store/documents.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

// Readable failure messages: records print as their seed JSON documents.
inline void PrintTo(const ScrapeRecord& r, std::ostream* os) { *os << ToJson(ScrapeToJson(r)); }
inline void PrintTo(const ResponseDocument& d, std::ostream* os) {
  *os << ToJson(ResponseDocumentToJson(d));
}
inline void PrintTo(const LogEntry& e, std::ostream* os) { *os << ToJson(LogEntryToJson(e)); }
inline void PrintTo(const CallOutcome& o, std::ostream* os) { *os << ToJson(CallOutcomeToJson(o)); }
inline void PrintTo(const Stats& s, std::ostream* os) { *os << ToJson(StatsToJson(s)); }
inline void PrintTo(const GroupStats& g, std::ostream* os) {
  *os << g.key << ":" << g.documents << "/" << g.items << "/" << g.scrapes;
}
inline void PrintTo(const TimelineDay& d, std::ostream* os) {
  *os << d.date << ":" << d.scrapes << "/" << d.successful_scrapes << "/" << d.documents << "/"
      << d.items;
}
inline void PrintTo(const DeleteCounts& c, std::ostream* os) {
  *os << ToJson(DeleteCountsToJson(c));
}

}  // namespace awscrape::store

namespace awscrape::store::testing {

struct StoreBackend {
  std::string name;
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> open;
};

inline std::string PrintToString(const StoreBackend& backend) { return backend.name; }

class StoreTempDir {
 public:
  StoreTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "awscrape-store-XXXXXX");
    path_ = ::mkdtemp(pattern.data());
  }
  StoreTempDir(const StoreTempDir&) = delete;
  StoreTempDir& operator=(const StoreTempDir&) = delete;
  ~StoreTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class StoreSuite : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    auto opened = GetParam().open(dir_.path());
    if (!opened.ok() && opened.status().code() == StatusCode::kUnavailable) {
      GTEST_SKIP() << GetParam().name << ": " << opened.status().ToString();
    }
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  // A second handle on the same database (another connection/process in real life).
  Result<std::unique_ptr<Store>> Reopen() {
    store_.reset();
    return GetParam().open(dir_.path());
  }

  Store& store() { return *store_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

  StoreTempDir dir_;
  std::unique_ptr<Store> store_;
};

// Millisecond-precision instants, the precision every backend keeps.
inline Timestamp At(int64_t seconds, int32_t millis = 0) {
  return Timestamp{seconds, millis * 1000};
}

inline ScrapeRecord MakeScrape(const std::string& scrape_id, Timestamp start) {
  ScrapeRecord s;
  s.scrape_id = scrape_id;
  s.start_time = start;
  s.command = {"awscrape", "scrape", "--regions", "eu-west-1,us-east-1"};
  s.services = std::nullopt;
  s.regions = {"eu-west-1", "us-east-1"};
  s.temp_directory = "/tmp/" + scrape_id;
  s.created_at = start;
  s.updated_at = start;
  s.account_id = "123456789012";
  s.partition = "aws";
  s.models_version = "1.29.27";
  s.tool_version = "0.1.0";
  return s;
}

// A response of `items` entries whose content depends only on `seed`, with a ResponseMetadata
// that differs per `request`.
inline std::string MakeResponse(const std::string& list_name, int items, int seed,
                                const std::string& request = "req-0") {
  std::string json = "{\"" + list_name + "\":[";
  for (int i = 0; i < items; ++i) {
    if (i) json += ',';
    json += "{\"Arn\":\"arn:aws:svc:us-east-1:123456789012:thing/" + std::to_string(seed) + "-" +
            std::to_string(i) + "\",\"Name\":\"thing-" + std::to_string(i) +
            "\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"platform\"},{\"Key\":\"env\",\"Value\":"
            "\"prod\"}],\"CreatedAt\":\"2025-08-09T17:35:31.277000+00:00\",\"Size\":" +
            std::to_string(1000 + i) + "}";
  }
  json += "],\"ResponseMetadata\":{\"RequestId\":\"" + request +
          "\",\"HTTPStatusCode\":200,\"HTTPHeaders\":{\"date\":\"Sat, 09 Aug 2025 17:37:17 GMT\","
          "\"content-type\":\"application/x-amz-json-1.0\",\"content-length\":\"298\","
          "\"connection\":\"keep-alive\",\"x-amzn-requestid\":\"" +
          request + "\"},\"RetryAttempts\":0}}";
  return json;
}

inline ResponseDocument MakeDocument(const ScrapeRecord& scrape, const std::string& service,
                                     std::optional<std::string> region,
                                     const std::string& operation, int64_t page,
                                     std::string response) {
  ResponseDocument d;
  d.scrape_id = scrape.scrape_id;
  d.scrape_timestamp = scrape.start_time;
  d.service = service;
  d.region = std::move(region);
  d.operation = operation;
  d.page = page;
  d.account_id = scrape.account_id;
  d.partition = scrape.partition;
  d.source_filename = service + "_" + operation + "_" + d.region.value_or("None") + "_None.json";
  d.temp_file_path = scrape.temp_directory + "/" + d.source_filename;
  d.response = std::move(response);
  auto parsed = ParseJson(d.response);
  d.item_count = 0;
  if (parsed.ok() && parsed->IsObject()) {
    for (auto it = parsed->MemberBegin(); it != parsed->MemberEnd(); ++it) {
      if (it->value.IsArray() && std::string_view(it->name.GetString()) != "ResponseMetadata") {
        d.item_count += it->value.Size();
      }
    }
  }
  d.processed_at = At(scrape.start_time.seconds + 5, 123);
  d.created_at = d.processed_at;
  d.updated_at = d.processed_at;
  return d;
}

}  // namespace awscrape::store::testing
