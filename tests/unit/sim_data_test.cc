// The simulated account's data: determinism, pagination with the real token names, default
// resources, pinned resources, changes between generations, and the special answers
// (ec2 DescribeRegions, sts GetCallerIdentity).
#include <gtest/gtest.h>

#include <set>

#include "awscrape/sim/pagination.h"
#include "awscrape/sim/scenario.h"
#include "sim_test_util.h"

namespace awscrape::sim {
namespace {

using testing::MakeCall;

JsonDocument Call(Simulator& sim, const std::string& service, const std::string& op,
                  const std::string& params = "{}", const std::string& region = "us-east-1") {
  auto call = MakeCall(service, op, params, region);
  SimReply reply = sim.Handle(call.request);
  EXPECT_EQ(reply.response.status, 200) << service << ":" << op << " " << reply.response.body;
  auto parsed = testing::Parse(call, reply.response);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : JsonDocument();
}

TEST(SimData, SameSeedSameBytesOtherSeedOtherBytes) {
  SimOptions a;
  a.seed = 7;
  a.size = AccountSize::kMedium;
  auto sim1 = testing::MakeSimulator(a);
  auto sim2 = testing::MakeSimulator(a);
  SimOptions b = a;
  b.seed = 8;
  auto sim3 = testing::MakeSimulator(b);
  for (const char* op : {"DescribeInstances", "DescribeVpcs", "DescribeSecurityGroups"}) {
    auto call = MakeCall("ec2", op);
    std::string first = sim1->Handle(call.request).response.body;
    EXPECT_EQ(first, sim2->Handle(call.request).response.body) << op;
    EXPECT_EQ(first, sim1->Handle(call.request).response.body) << op;
    EXPECT_NE(first, sim3->Handle(call.request).response.body) << op;
  }
  // Regions differ from each other.
  auto east = MakeCall("ec2", "DescribeVpcs", "{}", "us-east-1");
  auto west = MakeCall("ec2", "DescribeVpcs", "{}", "eu-west-1");
  EXPECT_NE(sim1->Handle(east.request).response.body, sim1->Handle(west.request).response.body);
}

TEST(SimData, PaginationRoundTripsWithTheRealTokenNames) {
  SimOptions options;
  options.size = AccountSize::kLarge;  // iam:ListRoles is a big list: 1000+ roles
  auto sim = testing::MakeSimulator(options);
  std::set<std::string> ids;
  size_t roles = 0;
  std::string marker;
  int pages = 0;
  while (true) {
    std::string params = R"({"MaxItems":400)" +
                         (marker.empty() ? std::string() : ",\"Marker\":\"" + marker + "\"") + "}";
    JsonDocument page = Call(*sim, "iam", "ListRoles", params);
    ++pages;
    for (const auto& role : page["Roles"].GetArray()) {
      ids.insert(role["RoleId"].GetString());
      ++roles;
    }
    EXPECT_LE(page["Roles"].Size(), 400u);
    bool truncated = page.HasMember("IsTruncated") && page["IsTruncated"].GetBool();
    if (!truncated) {
      EXPECT_FALSE(page.HasMember("Marker"));
      break;
    }
    ASSERT_TRUE(page.HasMember("Marker"));
    marker = page["Marker"].GetString();
    ASSERT_LT(pages, 50);
  }
  EXPECT_GE(roles, 1000u);
  EXPECT_EQ(ids.size(), roles);  // nothing repeated across pages
  EXPECT_EQ(pages, static_cast<int>((roles + 399) / 400));

  // ec2's NextToken / MaxResults, json's nextToken: same round trip.
  std::string token;
  size_t instances = 0;
  for (int i = 0; i < 100; ++i) {
    std::string params = R"({"MaxResults":1000)" +
                         (token.empty() ? std::string() : ",\"NextToken\":\"" + token + "\"") + "}";
    JsonDocument page = Call(*sim, "ec2", "DescribeInstances", params);
    instances += page["Reservations"].Size();
    if (!page.HasMember("NextToken")) break;
    token = page["NextToken"].GetString();
  }
  EXPECT_GE(instances, 1000u);
}

TEST(SimData, TokensMeetTheTokenMembersLengthConstraints) {
  // dynamodb's ExclusiveStartBackupArn has a minimum length of 37, checked by clients before
  // sending: a short token would end ListBackups after its first page.
  SimOptions options;
  options.size = AccountSize::kLarge;
  auto sim = testing::MakeSimulator(options);
  std::string token;
  int pages = 0;
  for (; pages < 100; ++pages) {
    std::string params = "{\"Limit\":2";
    if (!token.empty()) params += ",\"ExclusiveStartBackupArn\":\"" + token + "\"";
    params += "}";
    auto call = MakeCall("dynamodb", "ListBackups", params);  // fails on a token too short
    ASSERT_FALSE(call.request.host.empty()) << "page " << pages;
    SimReply reply = sim->Handle(call.request);
    ASSERT_EQ(reply.response.status, 200) << reply.response.body;
    auto page = testing::Parse(call, reply.response);
    ASSERT_TRUE(page.ok());
    if (!page->HasMember("LastEvaluatedBackupArn")) break;
    token = (*page)["LastEvaluatedBackupArn"].GetString();
    EXPECT_GE(token.size(), 37u);
  }
  EXPECT_GE(pages, 2) << "the list pages";

  // Exact lengths (devops-guru's NextToken: 36..36) are met, and padded tokens still decode and
  // stay bound to their endpoint.
  for (size_t min : {0, 1, 36, 37, 40, 100}) {
    std::string padded = EncodePageToken(99, 1234, {min, std::nullopt});
    EXPECT_GE(padded.size(), min);
    EXPECT_LE(padded.size(), std::max<size_t>(min + 3, 32)) << min;
    EXPECT_TRUE(DecodePageToken(padded, 99) == 1234u) << padded;
    EXPECT_FALSE(DecodePageToken(padded, 98)) << padded;
  }
  EXPECT_EQ(EncodePageToken(7, 20, {36, 36}).size(), 36u);
  aws::model::Shape shape;
  shape.min = 37;
  shape.max = 1024;
  EXPECT_EQ(TokenLength::Of(&shape).min, 37u);
  shape.min = 0;
  shape.max = 0;  // proton's "max": 0 constrains nothing
  EXPECT_FALSE(TokenLength::Of(&shape).max.has_value());
}

TEST(SimData, InvalidTokensAreTheProtocolsValidationError) {
  auto sim = testing::MakeSimulator();
  struct Case {
    const char* service;
    const char* op;
    const char* params;
    const char* code;
  } cases[] = {
      {"ec2", "DescribeVpcs", R"({"NextToken":"bogus"})", "InvalidParameterValue"},
      {"iam", "ListRoles", R"({"Marker":"bogus"})", "ValidationError"},
      {"logs", "DescribeLogGroups", R"({"nextToken":"bogus"})", "InvalidParameterException"},
      {"lambda", "ListFunctions", R"({"Marker":"bogus"})", "InvalidParameterValueException"},
  };
  for (const Case& c : cases) {
    auto call = MakeCall(c.service, c.op, c.params);
    aws::HttpResponse response = sim->Handle(call.request).response;
    EXPECT_EQ(response.status, 400) << c.service;
    EXPECT_FALSE(testing::ParseError(call, response).code.empty()) << c.service;
  }
  // A token is bound to its endpoint: us-east-1's token is rejected in eu-west-1.
  EXPECT_TRUE(DecodePageToken(EncodePageToken(99, 400), 99) == 400u);
  EXPECT_FALSE(DecodePageToken(EncodePageToken(99, 400), 98));
  EXPECT_FALSE(DecodePageToken("c2ltMXw0MDB8MTIzNDU2Nzg5MDEy", 99));
}

TEST(SimData, DefaultResourcesLeadTheirLists) {
  SimOptions options;
  auto sim = testing::MakeSimulator(options);
  JsonDocument vpcs = Call(*sim, "ec2", "DescribeVpcs", "{}", "eu-west-1");
  ASSERT_GE(vpcs["Vpcs"].Size(), 1u);
  EXPECT_TRUE(vpcs["Vpcs"][0]["IsDefault"].GetBool());
  EXPECT_STREQ(vpcs["Vpcs"][0]["CidrBlock"].GetString(), "172.31.0.0/16");
  std::string vpc_id = vpcs["Vpcs"][0]["VpcId"].GetString();
  EXPECT_EQ(vpc_id.rfind("vpc-", 0), 0u);
  EXPECT_EQ(vpc_id.size(), 21u);
  for (size_t i = 1; i < vpcs["Vpcs"].Size(); ++i)
    EXPECT_FALSE(vpcs["Vpcs"][i]["IsDefault"].GetBool());

  JsonDocument subnets = Call(*sim, "ec2", "DescribeSubnets", "{}", "eu-west-1");
  ASSERT_GE(subnets["Subnets"].Size(), 3u);
  EXPECT_EQ(subnets["Subnets"][0]["VpcId"].GetString(), vpc_id);  // consistent ids
  EXPECT_STREQ(subnets["Subnets"][1]["AvailabilityZone"].GetString(), "eu-west-1b");

  JsonDocument sgs = Call(*sim, "ec2", "DescribeSecurityGroups");
  EXPECT_STREQ(sgs["SecurityGroups"][0]["GroupName"].GetString(), "default");
  JsonDocument aliases = Call(*sim, "kms", "ListAliases");
  EXPECT_STREQ(aliases["Aliases"][0]["AliasName"].GetString(), "alias/aws/ebs");
  JsonDocument policies = Call(*sim, "iam", "ListPolicies");
  EXPECT_STREQ(policies["Policies"][0]["Arn"].GetString(),
               "arn:aws:iam::aws:policy/AdministratorAccess");
  JsonDocument groups = Call(*sim, "rds", "DescribeDBParameterGroups");
  EXPECT_STREQ(groups["DBParameterGroups"][0]["DBParameterGroupName"].GetString(),
               "default.mysql8.0");
}

TEST(SimData, RegionsAndCallerIdentity) {
  SimOptions options;
  options.account_id = "111122223333";
  options.enabled_opt_in_regions = {"af-south-1"};
  auto sim = testing::MakeSimulator(options);
  JsonDocument id = Call(*sim, "sts", "GetCallerIdentity");
  EXPECT_STREQ(id["Account"].GetString(), "111122223333");

  JsonDocument enabled = Call(*sim, "ec2", "DescribeRegions");
  JsonDocument all = Call(*sim, "ec2", "DescribeRegions", R"({"AllRegions":true})");
  std::map<std::string, std::string> status;
  for (const auto& r : all["Regions"].GetArray()) {
    status[r["RegionName"].GetString()] = r["OptInStatus"].GetString();
  }
  EXPECT_EQ(status["us-east-1"], "opt-in-not-required");
  EXPECT_EQ(status["af-south-1"], "opted-in");
  EXPECT_EQ(status["me-south-1"], "not-opted-in");
  EXPECT_LT(enabled["Regions"].Size(), all["Regions"].Size());
  for (const auto& r : enabled["Regions"].GetArray()) {
    EXPECT_STRNE(r["OptInStatus"].GetString(), "not-opted-in");
  }
}

TEST(SimData, PinnedResourcesAndChangesBetweenGenerations) {
  SimOptions options;
  options.size = AccountSize::kMedium;
  ASSERT_TRUE(ApplyScenario(R"({"pinned": [
      {"service": "ec2", "operation": "DescribeInstances", "regions": ["eu-west-1"],
       "item": {"Instances": [{"InstanceId": "i-0123456789abcdef0"}]}}]})",
                            options)
                  .ok());
  auto sim = testing::MakeSimulator(options);
  JsonDocument page = Call(*sim, "ec2", "DescribeInstances", "{}", "eu-west-1");
  ASSERT_GE(page["Reservations"].Size(), 1u);
  EXPECT_STREQ(page["Reservations"][0]["Instances"][0]["InstanceId"].GetString(),
               "i-0123456789abcdef0");
  JsonDocument elsewhere = Call(*sim, "ec2", "DescribeInstances", "{}", "us-east-1");
  EXPECT_EQ(ToJson(elsewhere).find("i-0123456789abcdef0"), std::string::npos);

  // Generation 1: some roles gone, some new, some changed; the AWS-managed policies stay.
  SimOptions gen0;
  gen0.size = AccountSize::kLarge;
  SimOptions gen1 = gen0;
  gen1.changes.generation = 1;
  auto sim0 = testing::MakeSimulator(gen0);
  auto sim1 = testing::MakeSimulator(gen1);
  auto names = [](const JsonDocument& doc, const char* list, const char* key) {
    std::set<std::string> out;
    for (const auto& item : doc[list].GetArray()) out.insert(item[key].GetString());
    return out;
  };
  auto before =
      names(Call(*sim0, "iam", "ListRoles", R"({"MaxItems":10000})"), "Roles", "RoleName");
  auto after = names(Call(*sim1, "iam", "ListRoles", R"({"MaxItems":10000})"), "Roles", "RoleName");
  size_t kept = 0;
  for (const auto& n : before) kept += after.count(n);
  EXPECT_LT(kept, before.size());  // removed or modified
  EXPECT_GT(kept, before.size() / 2);
  EXPECT_GT(after.size() - kept, 0u);  // added or modified
  JsonDocument p1 = Call(*sim1, "iam", "ListPolicies");
  EXPECT_STREQ(p1["Policies"][0]["PolicyName"].GetString(), "AdministratorAccess");
}

TEST(SimScenario, ParsesKnobsAndRejectsTypos) {
  SimOptions options;
  ASSERT_TRUE(ApplyScenario(R"({"seed": 9, "size": "large", "latency_ms": 100, "jitter_ms": 5,
      "throttle": [{"match": "ec2:*", "rate": 2, "burst": 4}],
      "faults": [{"kind": "hang", "rate": 0.5, "burst": 2}],
      "access_denied": ["iam:*"], "enabled_opt_in_regions": ["af-south-1"],
      "changes": {"generation": 2}})",
                            options)
                  .ok());
  EXPECT_EQ(options.seed, 9u);
  EXPECT_EQ(options.size, AccountSize::kLarge);
  EXPECT_EQ(options.latency_ms, 100);
  ASSERT_EQ(options.throttles.size(), 1u);
  EXPECT_EQ(options.throttles[0].burst, 4);
  ASSERT_EQ(options.faults.size(), 1u);
  EXPECT_EQ(options.faults[0].kind, FaultKind::kHang);
  EXPECT_EQ(options.changes.generation, 2);
  SimOptions other;
  EXPECT_FALSE(ApplyScenario(R"({"latencyms": 100})", other).ok());
  EXPECT_FALSE(ApplyScenario(R"({"faults": [{"kind": "explode", "rate": 1}]})", other).ok());
  EXPECT_FALSE(ApplyScenario(R"({"size": "huge"})", other).ok());
  EXPECT_FALSE(ApplyScenario("[", other).ok());
}

}  // namespace
}  // namespace awscrape::sim
