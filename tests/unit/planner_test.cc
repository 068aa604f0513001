// The scrape planner on Debian's botocore models: the candidate rule, skip lists, overrides,
// regions, pagination, IAM names, the estimate, the default-resource matcher and the data files.
#include "awscrape/scrape/planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/file.h"
#include "awscrape/scrape/candidate_operations.h"
#include "awscrape/scrape/embedded_data.h"
#include "awscrape/scrape/plan_report.h"
#include "awscrape/scrape/scrape_data.h"

namespace awscrape::scrape {
namespace {
namespace fs = std::filesystem;
using aws::model::ModelCatalogue;

const fs::path kDebianModels = AWSCRAPE_DEFAULT_MODELS_DIR;
const fs::path kSourceData = fs::path(AWSCRAPE_SOURCE_DIR) / "data";

class PlannerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto catalogue = ModelCatalogue::Open(kDebianModels);
    ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
    catalogue_ = std::move(catalogue).value().release();
    auto data = LoadScrapeData();
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    data_ = new ScrapeData(std::move(data).value());
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    delete data_;
  }
  // The full default plan, built once (it parses every model).
  static const Plan& FullPlan() {
    static const Plan* plan = [] {
      auto built = BuildPlan(*catalogue_, *data_, {});
      EXPECT_TRUE(built.ok()) << built.status().ToString();
      return new Plan(built.ok() ? std::move(built).value() : Plan{});
    }();
    return *plan;
  }
  static Result<Plan> PlanFor(PlanOptions options) {
    return BuildPlan(*catalogue_, *data_, options);
  }
  static const OperationVerdict* Verdict(const ServiceVerdicts& verdicts, std::string_view op) {
    for (const auto& v : verdicts.operations) {
      if (v.operation == op) return &v;
    }
    return nullptr;
  }
  // Classified once per service and kept, so the verdict pointers tests hold stay valid.
  static const ServiceVerdicts& Classify(const std::string& service) {
    static std::map<std::string, ServiceVerdicts>* cache =
        new std::map<std::string, ServiceVerdicts>;
    auto it = cache->find(service);
    if (it == cache->end()) {
      auto entry = catalogue_->GetService(service);
      EXPECT_TRUE(entry.ok());
      it = cache->emplace(service, ClassifyOperations(service, *(*entry)->model, *data_)).first;
    }
    return it->second;
  }
  static std::vector<const PlannedCall*> CallsOf(const Plan& plan, std::string_view service,
                                                 std::string_view operation) {
    std::vector<const PlannedCall*> out;
    for (const auto& call : plan.calls) {
      if (call.service == service && call.operation == operation) out.push_back(&call);
    }
    return out;
  }

  static ModelCatalogue* catalogue_;
  static ScrapeData* data_;
};
ModelCatalogue* PlannerTest::catalogue_ = nullptr;
ScrapeData* PlannerTest::data_ = nullptr;

TEST(EmbeddedData, MatchesTheSourceTree) {
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kSourceData)) {
    if (entry.path().extension() == ".json") on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> embedded;
  for (std::string_view name : EmbeddedDataFileNames()) embedded.emplace(name);
  EXPECT_EQ(embedded, on_disk);
  for (const std::string& name : on_disk) {
    auto text = ReadFile(kSourceData / name);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(FindEmbeddedDataFile(name).value_or(""), *text) << name;
  }
  EXPECT_FALSE(FindEmbeddedDataFile("absent.json").has_value());
}

TEST_F(PlannerTest, Ec2DescribeInstancesIsACandidate) {
  ServiceVerdicts ec2 = Classify("ec2");
  const OperationVerdict* v = Verdict(ec2, "DescribeInstances");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v->candidate);
  EXPECT_EQ(v->params_json, "{}");
  // Operations with other verbs are not considered at all.
  EXPECT_EQ(Verdict(ec2, "RunInstances"), nullptr);
}

TEST_F(PlannerTest, CatalogueCallIsSkippedWithItsReason) {
  const OperationVerdict* v = Verdict(Classify("ec2"), "DescribeInstanceTypes");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->candidate);
  EXPECT_EQ(v->category, "catalogue");
  EXPECT_NE(v->reason.find("instance types"), std::string::npos) << v->reason;
}

TEST_F(PlannerTest, RequiredMemberKeepsAnOperationOut) {
  const OperationVerdict* v = Verdict(Classify("ec2"), "DescribeInstanceAttribute");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->candidate);
  EXPECT_EQ(v->category, kSkipRequiredInput);
  EXPECT_NE(v->reason.find("InstanceId"), std::string::npos) << v->reason;
}

TEST_F(PlannerTest, WildcardAndServiceRules) {
  const OperationVerdict* limits = Verdict(Classify("cloudformation"), "DescribeAccountLimits");
  ASSERT_NE(limits, nullptr);
  EXPECT_EQ(limits->category, "not_resource");
  // A wildcard reaches services the exact entries do not name.
  const OperationVerdict* gamelift = Verdict(Classify("lambda"), "GetAccountSettings");
  ASSERT_NE(gamelift, nullptr);
  EXPECT_EQ(gamelift->category, "not_resource");
  for (const auto& v : Classify("ce").operations) {
    if (v.category != kSkipRequiredInput) {
      EXPECT_EQ(v.category, "paid") << v.operation;
    }
  }
}

TEST_F(PlannerTest, DeprecatedOperationsAreSkipped) {
  const OperationVerdict* v = Verdict(Classify("securityhub"), "GetMasterAccount");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->candidate);
  EXPECT_EQ(v->category, kSkipDeprecated);
}

TEST_F(PlannerTest, OverridesRestrictToTheAccount) {
  EXPECT_EQ(Verdict(Classify("ec2"), "DescribeImages")->params_json, R"({"Owners":["self"]})");
  EXPECT_EQ(Verdict(Classify("ec2"), "DescribeSnapshots")->params_json, R"({"OwnerIds":["self"]})");
  EXPECT_EQ(Verdict(Classify("iam"), "ListPolicies")->params_json, R"({"Scope":"Local"})");
  EXPECT_EQ(Verdict(Classify("ssm"), "ListDocuments")->params_json,
            R"({"Filters":[{"Key":"Owner","Values":["Self"]}]})");
}

TEST_F(PlannerTest, EnumExceptIsResolvedFromTheModel) {
  const OperationVerdict* v = Verdict(Classify("cloudformation"), "ListStacks");
  ASSERT_TRUE(v && v->candidate);
  auto params = ParseJson(v->params_json);
  ASSERT_TRUE(params.ok());
  const JsonValue& filter = (*params)["StackStatusFilter"];
  ASSERT_TRUE(filter.IsArray());
  std::set<std::string> statuses;
  for (const auto& s : filter.GetArray()) statuses.insert(s.GetString());
  EXPECT_EQ(statuses.count("DELETE_COMPLETE"), 0u);
  EXPECT_EQ(statuses.count("CREATE_COMPLETE"), 1u);
  EXPECT_EQ(statuses.size(), 22u);  // the 23 statuses of Debian's model, less one
}

TEST_F(PlannerTest, RequiredMaxResultsGetsTheModelledMaximum) {
  const OperationVerdict* v = Verdict(Classify("cognito-idp"), "ListUserPools");
  ASSERT_TRUE(v && v->candidate);
  EXPECT_EQ(v->params_json, R"({"MaxResults":60})");
  EXPECT_FALSE(v->by_override);
}

TEST_F(PlannerTest, AnOverrideCanSupplyRequiredMembers) {
  const OperationVerdict* v = Verdict(Classify("wafv2"), "ListWebACLs");
  ASSERT_TRUE(v && v->candidate);
  EXPECT_TRUE(v->by_override);
  EXPECT_EQ(v->params_json, R"({"Scope":"REGIONAL"})");
  // Without an override a required enum member still keeps the operation out.
  const OperationVerdict* other = Verdict(Classify("wafv2"), "ListAvailableManagedRuleGroups");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->category, kSkipRequiredInput);
}

TEST_F(PlannerTest, CountsOnDebianModels) {
  if (catalogue_->ServiceNames().size() != 333) GTEST_SKIP() << "not Debian's botocore 1.29.27";
  // The bare model rule (List/Describe/Get, no required member but MaxResults): SPEC's ~1,800.
  size_t rule = 0;
  for (const std::string& name : catalogue_->ServiceNames()) {
    for (const auto& v : Classify(name).operations) {
      if (v.category != kSkipRequiredInput && !v.by_override) ++rule;
    }
  }
  EXPECT_EQ(rule, 1809u);
  const Plan& plan = FullPlan();
  // Minus 352 skipped by the data files and the deprecated flag, plus 10 thanks to overrides.
  EXPECT_EQ(plan.candidate_operations, 1467u);
  EXPECT_EQ(plan.override_candidates, 10u);
  EXPECT_TRUE(plan.warnings.empty()) << plan.warnings.front();
  // Every call of the plan has exactly one (service, operation, spool region).
  std::set<std::string> keys;
  for (const auto& call : plan.calls) {
    EXPECT_TRUE(keys.insert(call.service + "_" + call.operation + "_" + call.SpoolRegion()).second);
  }
}

TEST_F(PlannerTest, GlobalServicesAreCalledOnce) {
  const Plan& plan = FullPlan();
  auto users = CallsOf(plan, "iam", "ListUsers");
  ASSERT_EQ(users.size(), 1u);
  EXPECT_TRUE(users[0]->global);
  EXPECT_EQ(users[0]->region, "us-east-1");
  EXPECT_EQ(users[0]->SpoolRegion(), "None");
  auto buckets = CallsOf(plan, "s3", "ListBuckets");
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0]->SpoolRegion(), "None");
  auto instances = CallsOf(plan, "ec2", "DescribeInstances");
  EXPECT_GE(instances.size(), 17u);
  for (const auto* call : instances) EXPECT_FALSE(call->global);
}

TEST_F(PlannerTest, RegionsAndEnabledRegionsNarrow) {
  PlanOptions options;
  options.services = {"ec2", "iam"};
  options.regions = {"eu-west-1", "us-east-2"};
  auto plan = PlanFor(options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(CallsOf(*plan, "ec2", "DescribeInstances").size(), 2u);
  EXPECT_EQ(CallsOf(*plan, "iam", "ListRoles").size(), 1u);  // global: once, whatever regions
  options.enabled_regions = {"eu-west-1"};
  plan = PlanFor(options);
  ASSERT_TRUE(plan.ok());
  auto calls = CallsOf(*plan, "ec2", "DescribeInstances");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]->region, "eu-west-1");
  for (const auto& [service, count] : CallsPerService(*plan)) {
    EXPECT_TRUE(service == "ec2" || service == "iam") << service;
  }
}

TEST_F(PlannerTest, OperationsNarrow) {
  PlanOptions options;
  options.operations = {"ec2:DescribeInstances", "ListBuckets"};
  options.regions = {"eu-west-1"};
  auto plan = PlanFor(options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->calls.size(), 2u);
  EXPECT_EQ(plan->calls[0].service + ":" + plan->calls[0].operation, "ec2:DescribeInstances");
  EXPECT_EQ(plan->calls[1].iam_action, "s3:ListAllMyBuckets");
  // A selected operation the skip list removes is reported, not planned.
  options.operations = {"ec2:DescribeInstanceTypes"};
  plan = PlanFor(options);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->calls.empty());
  ASSERT_EQ(plan->skipped.size(), 1u);
  EXPECT_EQ(plan->skipped[0].category, "catalogue");
}

TEST_F(PlannerTest, BadSelectionsAreClearErrors) {
  PlanOptions unknown_service;
  unknown_service.services = {"nosuchservice"};
  auto plan = PlanFor(unknown_service);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kNotFound);
  EXPECT_NE(plan.status().message().find("nosuchservice"), std::string::npos);

  PlanOptions unknown_region;
  unknown_region.services = {"ec2"};
  unknown_region.regions = {"mars-north-1"};
  plan = PlanFor(unknown_region);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);

  PlanOptions mixed;
  mixed.services = {"ec2"};
  mixed.regions = {"eu-west-1", "cn-north-1"};
  plan = PlanFor(mixed);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("partition"), std::string::npos);

  PlanOptions unknown_operation;
  unknown_operation.services = {"ec2"};
  unknown_operation.operations = {"DescribeUnicorns"};
  plan = PlanFor(unknown_operation);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kNotFound);
}

TEST_F(PlannerTest, OtherPartitionsUseTheirOwnRegions) {
  PlanOptions options;
  options.services = {"ec2", "iam"};
  options.regions = {"cn-north-1"};
  auto plan = PlanFor(options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->partition, "aws-cn");
  auto roles = CallsOf(*plan, "iam", "ListRoles");
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0]->region, "cn-north-1");
}

TEST_F(PlannerTest, PaginatorsComeFromTheModels) {
  PlanOptions options;
  options.operations = {"ec2:DescribeInstances", "route53:ListResourceRecordSets", "iam:ListUsers",
                        "ec2:DescribeAccountAttributes"};
  options.regions = {"us-east-1"};
  auto plan = PlanFor(options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto instances = CallsOf(*plan, "ec2", "DescribeInstances");
  ASSERT_EQ(instances.size(), 1u);
  ASSERT_TRUE(instances[0]->paginator.has_value());
  const PaginatorInfo& p = *instances[0]->paginator;
  EXPECT_EQ(p.input_token, std::vector<std::string>{"NextToken"});
  EXPECT_EQ(p.output_token, std::vector<std::string>{"NextToken"});
  EXPECT_EQ(p.limit_key, "MaxResults");
  EXPECT_EQ(p.result_key, std::vector<std::string>{"Reservations"});
  auto users = CallsOf(*plan, "iam", "ListUsers");
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]->paginator->more_results, "IsTruncated");

  JsonDocument pagination(rapidjson::kObjectType);
  ASSERT_TRUE(ParseJson(R"({"A": {"input_token": "X"}})").ok());
  auto bad = ParseJson(R"({"A": {"input_token": ["X", "Y"], "output_token": "Z"}})");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(FindPaginator(*bad, "A").ok());
  auto none = FindPaginator(*bad, "B");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(PlannerTest, IamActionNames) {
  const Plan& plan = FullPlan();
  auto action_of = [&](std::string_view service, std::string_view op) -> std::string {
    auto calls = CallsOf(plan, service, op);
    return calls.empty() ? "" : calls[0]->iam_action;
  };
  EXPECT_EQ(action_of("cloudwatch", "DescribeAlarms"), "cloudwatch:DescribeAlarms");
  EXPECT_EQ(action_of("elbv2", "DescribeLoadBalancers"),
            "elasticloadbalancing:DescribeLoadBalancers");
  EXPECT_EQ(action_of("s3", "ListBuckets"), "s3:ListAllMyBuckets");
  EXPECT_EQ(action_of("apigateway", "GetRestApis"), "apigateway:GET");
  EXPECT_EQ(action_of("efs", "DescribeFileSystems"), "elasticfilesystem:DescribeFileSystems");
  EXPECT_EQ(action_of("resourcegroupstaggingapi", "GetTagValues"), "");  // needs Key
  EXPECT_EQ(action_of("stepfunctions", "ListStateMachines"), "states:ListStateMachines");

  JsonDocument policy = IamPolicy(plan);
  EXPECT_STREQ(policy["Version"].GetString(), "2012-10-17");
  const JsonValue& actions = policy["Statement"][0]["Action"];
  std::vector<std::string> names;
  for (const auto& a : actions.GetArray()) names.emplace_back(a.GetString());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  for (const std::string& name : names) {
    EXPECT_EQ(std::count(name.begin(), name.end(), ':'), 1) << name;
    EXPECT_EQ(name.find('*'), std::string::npos) << name;
  }
  EXPECT_STREQ(policy["Statement"][1]["Action"][0].GetString(), "ec2:DescribeRegions");
}

TEST(PlanEstimate, IsTheLargerOfTheGlobalAndEndpointBounds) {
  Plan plan;
  for (int i = 0; i < 100; ++i) plan.calls.push_back({"ec2", "Op", "us-east-1"});
  for (int i = 0; i < 60; ++i) plan.calls.push_back({"iam", "Op", "us-east-1"});
  for (auto& call : plan.calls) call.endpoint_prefix = call.service;
  EstimateOptions options;
  options.parallel = 32;
  options.per_endpoint = 10;
  options.latency_seconds = 0.1;
  PlanEstimate estimate = EstimateDuration(plan, options);
  EXPECT_DOUBLE_EQ(estimate.global_bound_seconds, 160 * 0.1 / 32);
  EXPECT_DOUBLE_EQ(estimate.endpoint_bound_seconds, 100 * 0.1 / 10);
  EXPECT_DOUBLE_EQ(estimate.seconds, 1.0);
  EXPECT_EQ(estimate.busiest_endpoint, "ec2 us-east-1");
  options.parallel = 1;
  EXPECT_DOUBLE_EQ(EstimateDuration(plan, options).seconds, 16.0);
}

// --- Malformed data files -------------------------------------------------------------------

void ExpectDataError(const Status& status, std::string_view needle) {
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find(needle), std::string::npos) << status.ToString();
}

TEST(DataFiles, MalformedSkipListsAreClearErrors) {
  ExpectDataError(SkipList::Parse("skip.json", "{").status(), "skip.json");
  ExpectDataError(SkipList::Parse("skip.json", "[]").status(), "JSON object");
  ExpectDataError(SkipList::Parse("skip.json", R"({"rules": 3})").status(), "must be an array");
  ExpectDataError(
      SkipList::Parse("skip.json", R"({"rules": [{"match": "ec2:X", "category": "paid"}]})")
          .status(),
      "rules[0]: needs a non-empty string \"reason\"");
  ExpectDataError(
      SkipList::Parse("skip.json",
                      R"({"rules": [{"match": "ec2", "category": "paid", "reason": "r"}]})")
          .status(),
      "SERVICE:OPERATION");
  ExpectDataError(
      SkipList::Parse("skip.json",
                      R"({"rules": [{"match": "*:*", "category": "paid", "reason": "r"}]})")
          .status(),
      "every call");
  ExpectDataError(
      SkipList::Parse("skip.json",
                      R"({"rules": [{"match": "a:B", "category": "meh", "reason": "r"}]})")
          .status(),
      "unknown category");
  ExpectDataError(SkipList::Parse("skip.json", R"({"rules": [
      {"match": "a:B", "category": "paid", "reason": "r"},
      {"match": "a:B", "category": "paid", "reason": "r"}]})")
                      .status(),
                  "rules[1]: \"a:B\" is listed twice");
}

TEST(DataFiles, SkipListPrefersTheMostSpecificRule) {
  auto list = SkipList::Parse("skip.json", R"({"rules": [
      {"match": "*:DescribeAccountLimits", "category": "not_resource", "reason": "wild"},
      {"match": "ec2:*", "category": "service", "reason": "svc"},
      {"match": "ec2:DescribeAccountLimits", "category": "paid", "reason": "exact"}]})");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->Find("ec2", "DescribeAccountLimits")->reason, "exact");
  EXPECT_EQ(list->Find("ec2", "DescribeVpcs")->reason, "svc");
  EXPECT_EQ(list->Find("rds", "DescribeAccountLimits")->reason, "wild");
  EXPECT_EQ(list->Find("rds", "DescribeDBInstances"), nullptr);
}

TEST(DataFiles, MalformedOverridesAreClearErrors) {
  ExpectDataError(ParameterOverrides::Parse("o.json", R"({"overrides": [
      {"operation": "ec2:*", "params": {"A": 1}, "reason": "r"}]})")
                      .status(),
                  "not a wildcard");
  ExpectDataError(ParameterOverrides::Parse("o.json", R"({"overrides": [
      {"operation": "ec2:X", "params": {}, "reason": "r"}]})")
                      .status(),
                  "overrides[0]: needs a non-empty object \"params\"");
  ExpectDataError(ParameterOverrides::Parse("o.json", R"({"fill_required": [
      {"member": "MaxResults", "reason": "r"}], "overrides": []})")
                      .status(),
                  "fill_required[0]: needs a \"value\"");
  ExpectDataError(ParameterOverrides::Parse("o.json", R"({"fill_required": []})").status(),
                  "missing the array \"overrides\"");
}

TEST(DataFiles, MalformedRulesAreClearErrors) {
  ExpectDataError(DefaultResourceRules::Parse("d.json", R"({"rules": [{"id": "x",
      "operation": "ec2:DescribeVpcs", "items": "Vpcs", "reason": "r",
      "when": {"path": "Name", "regex": "("}}]})")
                      .status(),
                  "bad regex");
  ExpectDataError(DefaultResourceRules::Parse("d.json", R"({"rules": [{"id": "x",
      "operation": "ec2:DescribeVpcs", "items": "Vpcs", "reason": "r",
      "when": {"path": "Name", "equals": 1, "prefix": "a"}}]})")
                      .status(),
                  "exactly one of");
  ExpectDataError(DefaultResourceRules::Parse("d.json", R"({"rules": [{"id": "x",
      "operation": "ec2:DescribeVpcs", "items": "Vpcs", "reason": "r",
      "when": {"path": "A..B", "equals": 1}}]})")
                      .status(),
                  "empty segment");
  ExpectDataError(IamActionNames::Parse("i.json", R"({"actions": [
      {"operation": "s3:ListBuckets", "action": "ListAllMyBuckets", "reason": "r"}]})")
                      .status(),
                  "PREFIX:ACTION");
  ExpectDataError(ParseServiceRegionData("r.json", R"({"global": [
      {"service": "s3", "reason": "r"}]})")
                      .status(),
                  "global[0]");
}

TEST(DataFiles, ADataDirectoryReplacesEmbeddedFiles) {
  fs::path dir =
      fs::temp_directory_path() /
      ("awscrape-plan-data-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(dir);
  { std::ofstream(dir / "skip_operations.json") << R"({"rules": [{"match": "ec2:X"}]})"; }
  auto data = LoadScrapeData(dir);
  ASSERT_FALSE(data.ok());
  ExpectDataError(data.status(), (dir / "skip_operations.json").string() + ": rules[0]");
  {
    std::ofstream(dir / "skip_operations.json")
        << R"({"rules": [{"match": "ec2:X", "category": "paid", "reason": "r"}]})";
  }
  data = LoadScrapeData(dir);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->skip.rules().size(), 1u);
  EXPECT_FALSE(data->overrides.overrides().empty());  // still the embedded overrides
  fs::remove_all(dir);
}

// --- Default resources ----------------------------------------------------------------------

TEST(DefaultResources, FlagsTheDefaultsOfAResponse) {
  auto data = LoadScrapeData();
  ASSERT_TRUE(data.ok());
  const DefaultResourceRules& rules = data->defaults;

  auto vpcs = ParseJson(R"({"Vpcs": [{"VpcId": "vpc-1", "IsDefault": true},
                                     {"VpcId": "vpc-2", "IsDefault": false}]})");
  ASSERT_TRUE(vpcs.ok());
  auto flags = rules.Flag("ec2", "DescribeVpcs", *vpcs);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].index, 0u);
  EXPECT_EQ(flags[0].rule->id, "ec2-default-vpc");
  EXPECT_FALSE(flags[0].rule->reason.empty());

  auto tables = ParseJson(R"({"RouteTables": [
      {"RouteTableId": "rtb-1", "Associations": [{"Main": false}, {"Main": true}]},
      {"RouteTableId": "rtb-2", "Associations": [{"Main": false}]},
      {"RouteTableId": "rtb-3"}]})");
  ASSERT_TRUE(tables.ok());
  flags = rules.Flag("ec2", "DescribeRouteTables", *tables);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].index, 0u);

  auto aliases = ParseJson(R"({"Aliases": [{"AliasName": "Alias/AWS/s3"},
                                           {"AliasName": "alias/mine"}]})");
  ASSERT_TRUE(aliases.ok());
  flags = rules.Flag("kms", "ListAliases", *aliases);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].index, 0u);

  auto policies = ParseJson(R"({"Policies": [
      {"Arn": "arn:aws:iam::123456789012:policy/mine"},
      {"Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
      {"Arn": "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"}]})");
  ASSERT_TRUE(policies.ok());
  flags = rules.Flag("iam", "ListPolicies", *policies);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].index, 1u);
  EXPECT_EQ(flags[1].index, 2u);

  auto groups = ParseJson(R"({"DBParameterGroups": [{"DBParameterGroupName": "default.mysql8.0"},
                                                    {"DBParameterGroupName": "prod"}]})");
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(rules.Flag("rds", "DescribeDBParameterGroups", *groups).size(), 1u);
  // Other operations and malformed responses flag nothing.
  EXPECT_TRUE(rules.Flag("ec2", "DescribeInstances", *vpcs).empty());
  auto odd = ParseJson(R"({"Vpcs": {"IsDefault": true}})");
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(rules.Flag("ec2", "DescribeVpcs", *odd).empty());
}

TEST_F(PlannerTest, DataFilesFitTheModels) {
  // Every rule names a service of the models (a typo would silently never match).
  std::set<std::string> services;
  for (const auto& name : catalogue_->ServiceNames()) services.insert(name);
  for (const auto& rule : data_->skip.rules()) {
    if (rule.match.service != "*") {
      EXPECT_EQ(services.count(rule.match.service), 1u) << rule.match.ToString();
    }
  }
  for (const auto& rule : data_->defaults.rules()) {
    auto entry = catalogue_->GetService(rule.operation.service);
    ASSERT_TRUE(entry.ok()) << rule.id;
    EXPECT_NE((*entry)->model->FindOperation(rule.operation.operation), nullptr) << rule.id;
  }
}

}  // namespace
}  // namespace awscrape::scrape
