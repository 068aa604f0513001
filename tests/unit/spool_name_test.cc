#include "awscrape/spool/spool_name.h"

#include <gtest/gtest.h>

namespace awscrape::spool {
namespace {

TEST(SpoolName, FirstPageKeepsAwsListAllsName) {
  SpoolName name{"apprunner", "ListObservabilityConfigurations", "us-east-1", "None", 0};
  EXPECT_EQ(FormatSpoolFileName(name),
            "apprunner_ListObservabilityConfigurations_us-east-1_None.json");
  auto parsed = ParseSpoolFileName(FormatSpoolFileName(name));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->service, "apprunner");
  EXPECT_EQ(parsed->operation, "ListObservabilityConfigurations");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->profile, "None");
  EXPECT_EQ(parsed->page, 0);
}

TEST(SpoolName, LaterPagesAndProfilesWithUnderscoresRoundTrip) {
  SpoolName name{"iam", "ListRoles", "None", "prod_audit", 12};
  EXPECT_EQ(FormatSpoolFileName(name), "iam_ListRoles_None_prod_audit.p12.json");
  auto parsed = ParseSpoolFileName("iam_ListRoles_None_prod_audit.p12.json");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->profile, "prod_audit");
  EXPECT_EQ(parsed->page, 12);
}

TEST(SpoolName, TemporaryAndForeignNamesAreNotSpoolFiles) {
  SpoolName name{"ec2", "DescribeVpcs", "eu-west-1", "None", 0};
  std::string temp = TemporarySpoolFileName(name, "1234");
  EXPECT_TRUE(IsTemporarySpoolFileName(temp));
  EXPECT_FALSE(ParseSpoolFileName(temp).has_value());
  EXPECT_FALSE(ParseSpoolFileName("notes.txt").has_value());
  EXPECT_TRUE(IsIgnoredSpoolFileName("_ledger.jsonl"));
  EXPECT_TRUE(IsIgnoredSpoolFileName("_scrape.json"));
  EXPECT_FALSE(IsIgnoredSpoolFileName("ec2_DescribeVpcs_eu-west-1_None.json"));
  EXPECT_FALSE(ParseSpoolFileName("ec2_DescribeVpcs.json").has_value());
  EXPECT_FALSE(ParseSpoolFileName("_DescribeVpcs_eu-west-1_None.json").has_value());
}

}  // namespace
}  // namespace awscrape::spool
