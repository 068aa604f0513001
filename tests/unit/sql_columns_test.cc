// What the SQL backends store for records: regions as keys, string lists as JSON, and the rows an
// outcome ledger becomes.
#include "awscrape/store/sql_columns.h"

#include <gtest/gtest.h>

#include <vector>

namespace awscrape::store {
namespace {

CallOutcome Outcome(std::string service, std::optional<std::string> region, std::string operation,
                    std::string request_id) {
  CallOutcome o;
  o.scrape_id = "scrape_a";
  o.service = std::move(service);
  o.region = std::move(region);
  o.operation = std::move(operation);
  o.request_id = std::move(request_id);
  return o;
}

TEST(SqlColumns, TheLatestOutcomeOfEachCallInKeyOrder) {
  const std::vector<CallOutcome> ledger = {
      Outcome("s3", std::nullopt, "ListBuckets", "first"),
      Outcome("ec2", "us-east-1", "DescribeVpcs", "only"),
      Outcome("s3", std::nullopt, "ListBuckets", "second"),
      // A global call's region stored as '': the same call as the two above.
      Outcome("s3", "", "ListBuckets", "third"),
      Outcome("ec2", "eu-west-1", "DescribeVpcs", "west"),
  };
  std::vector<std::string> kept;
  for (const CallOutcome* o : LatestOutcomePerCall(ledger)) {
    kept.push_back(o->service + "/" + RegionKey(o->region) + "/" + o->request_id);
  }
  EXPECT_EQ(kept,
            (std::vector<std::string>{"ec2/eu-west-1/west", "ec2/us-east-1/only", "s3//third"}));
  EXPECT_TRUE(LatestOutcomePerCall({}).empty());
}

TEST(SqlColumns, StringListsRoundTripAsJsonArrays) {
  const std::vector<std::string> values = {"a", "b\"c", ""};
  EXPECT_EQ(EncodeStrings(values), R"(["a","b\"c",""])");
  EXPECT_EQ(DecodeStrings(EncodeStrings(values)), values);
  EXPECT_TRUE(DecodeStrings("not json").empty());
  EXPECT_EQ(RegionFromKey(RegionKey(std::nullopt)), std::nullopt);
  EXPECT_EQ(RegionFromKey(RegionKey("us-east-1")), "us-east-1");
}

}  // namespace
}  // namespace awscrape::store
