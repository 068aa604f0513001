// Routing (service from the credential scope, operation from X-Amz-Target / Action / REST route)
// and signature verification of the simulated account.
#include <gtest/gtest.h>

#include "awscrape/sim/request_route.h"
#include "sim_test_util.h"

namespace awscrape::sim {
namespace {

using testing::MakeCall;

class SimRoutingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = testing::MakeSimulator().release(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  RouteResult Route(const testing::SignedCall& call) {
    bool malformed = false;
    auto auth = ParseAuthorization(call.request, malformed);
    EXPECT_TRUE(auth && !malformed);
    return RouteRequest(sim_->index(), call.request, *auth);
  }
  static Simulator* sim_;
};
Simulator* SimRoutingTest::sim_ = nullptr;

TEST_F(SimRoutingTest, RoutesEachProtocol) {
  struct Case {
    const char* service;
    const char* operation;
    const char* params;
  } cases[] = {
      {"ec2", "DescribeVpcs", "{}"},              // ec2
      {"iam", "ListRoles", "{}"},                 // query
      {"dynamodb", "ListTables", "{}"},           // json 1.0
      {"logs", "DescribeLogGroups", "{}"},        // json 1.1
      {"lambda", "ListFunctions", "{}"},          // rest-json
      {"s3", "ListBuckets", "{}"},                // rest-xml
      {"cloudfront", "ListDistributions", "{}"},  // rest-xml, not S3
      {"elb", "DescribeLoadBalancers", "{}"},     // shares a signing name
      {"elbv2", "DescribeLoadBalancers", "{}"},   // ... told by Version
      {"lexv2-models", "ListImports", "{}"},      // same route as lex-models
      {"lex-models", "StartImport", R"({"payload":"eA==","resourceType":"BOT",
                                        "mergeStrategy":"OVERWRITE_LATEST"})"},
  };
  for (const Case& c : cases) {
    auto call = MakeCall(c.service, c.operation, c.params);
    RouteResult route = Route(call);
    ASSERT_TRUE(route.ok()) << c.service << " " << c.operation << ": " << route.error_code;
    EXPECT_EQ(route.service->entry->name, c.service) << c.operation;
    EXPECT_EQ(route.operation->name, c.operation) << c.service;
    EXPECT_EQ(route.region, "us-east-1");
  }
}

// chime-sdk-voice is signed as "chime" and shares chime's REST routes for its SIP operations;
// under one --endpoint-url only the models tell them apart: the one with a paginator for the
// operation answers (its NextToken can be followed), and a host naming an endpoint prefix
// overrides that, as AWS's own endpoints do.
TEST(SimRoutingSiblings, SharedRestRoutesGoToTheServiceThatCanPageThem) {
  auto sim = Simulator::Create(testing::Catalogue(), {}, {"chime", "chime-sdk-voice"});
  ASSERT_TRUE(sim.ok()) << sim.status().ToString();
  auto route = [&](const testing::SignedCall& call) {
    bool malformed = false;
    auto auth = ParseAuthorization(call.request, malformed);
    EXPECT_TRUE(auth && !malformed);
    return RouteRequest((*sim)->index(), call.request, *auth);
  };
  for (const char* op : {"ListSipMediaApplications", "ListSipRules"}) {
    for (const char* caller : {"chime-sdk-voice", "chime"}) {
      RouteResult result = route(MakeCall(caller, op));
      ASSERT_TRUE(result.ok()) << caller << " " << op << ": " << result.error_code;
      EXPECT_EQ(result.service->entry->name, "chime-sdk-voice") << caller << " " << op;
      EXPECT_EQ(result.operation->name, op);
      EXPECT_TRUE(result.service->entry->paginators.HasMember(op));
    }
    // A host naming an endpoint prefix settles it.
    for (const char* service : {"chime", "chime-sdk-voice"}) {
      auto call = MakeCall(service, op);
      const std::string host =
          std::string(service == std::string("chime") ? "chime" : "voice-chime") +
          ".us-east-1.amazonaws.com";
      call.request.host = host;
      aws::SetHeader(call.request.headers, "Host", host);
      RouteResult result = route(call);
      ASSERT_TRUE(result.ok()) << service << " " << op;
      EXPECT_EQ(result.service->entry->name, service) << op;
    }
  }
  // A route only chime has stays chime's; one only chime-sdk-voice has, chime-sdk-voice's.
  RouteResult accounts = route(MakeCall("chime", "ListAccounts"));
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts.service->entry->name, "chime");
  RouteResult regions = route(MakeCall("chime-sdk-voice", "ListAvailableVoiceConnectorRegions"));
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(regions.service->entry->name, "chime-sdk-voice");
}

TEST_F(SimRoutingTest, RestLabelsGreedyLabelsAndFixedQuery) {
  // "/{Bucket}?list-type=2" must beat "/{Bucket}" (ListObjects) on the fixed query.
  auto list_v2 = MakeCall("s3", "ListObjectsV2", R"({"Bucket":"my-bucket","Prefix":"a/b"})");
  RouteResult route = Route(list_v2);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route.operation->name, "ListObjectsV2");
  EXPECT_EQ(route.labels["Bucket"], "my-bucket");

  auto list_v1 = MakeCall("s3", "ListObjects", R"({"Bucket":"my-bucket"})");
  route = Route(list_v1);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route.operation->name, "ListObjects");

  // Greedy label: "/{Bucket}/{Key+}" takes every remaining segment, decoded.
  auto head = MakeCall("s3", "GetObjectTagging", R"({"Bucket":"b","Key":"dir/sub dir/file.txt"})");
  route = Route(head);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route.operation->name, "GetObjectTagging");
  EXPECT_EQ(route.labels["Key"], "dir/sub dir/file.txt");

  auto fn = MakeCall("lambda", "GetFunction", R"({"FunctionName":"my-fn"})");
  route = Route(fn);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route.operation->name, "GetFunction");
  EXPECT_EQ(route.labels["FunctionName"], "my-fn");
}

TEST_F(SimRoutingTest, UnknownOperationsAreRejectedInTheProtocolsFormat) {
  auto call = MakeCall("dynamodb", "ListTables");
  aws::SetHeader(call.request.headers, "X-Amz-Target", "DynamoDB_20120810.NoSuchThing");
  bool malformed = false;
  auto auth = ParseAuthorization(call.request, malformed);
  RouteResult route = RouteRequest(sim_->index(), call.request, *auth);
  EXPECT_FALSE(route.ok());
  EXPECT_EQ(route.protocol, "json");
  EXPECT_EQ(route.error_code, "UnknownOperationException");
}

TEST(SimRouteMatch, TemplatesMatchOnlyTheirOwnShape) {
  aws::model::Operation op;
  op.http_method = "GET";
  op.request_uri = "/v1/apps/{appId}/files/{path+}?versions";
  RestRoute route = ParseRestRoute(op);
  std::map<std::string, std::string> labels;
  auto q = ParseQueryPairs("versions&x=1", false);
  EXPECT_TRUE(MatchRestRoute(route, "GET", "/v1/apps/a%2Fb/files/x/y", q, labels));
  EXPECT_EQ(labels["appId"], "a/b");
  EXPECT_EQ(labels["path"], "x/y");
  labels.clear();
  EXPECT_FALSE(MatchRestRoute(route, "POST", "/v1/apps/a/files/x", q, labels));
  EXPECT_FALSE(
      MatchRestRoute(route, "GET", "/v1/apps/a/files/x", ParseQueryPairs("", false), labels));
  EXPECT_FALSE(MatchRestRoute(route, "GET", "/v1/apps//files/x", q, labels));
  EXPECT_FALSE(MatchRestRoute(route, "GET", "/v1/apps/a/files", q, labels));
}

TEST(SimAuthorization, ParsesAndFlagsIncompleteHeaders) {
  aws::HttpRequest request;
  bool malformed = false;
  EXPECT_FALSE(ParseAuthorization(request, malformed));
  aws::SetHeader(request.headers, "Authorization",
                 "AWS4-HMAC-SHA256 Credential=AKID/20230101/eu-west-1/ec2/aws4_request, "
                 "SignedHeaders=host;x-amz-date, Signature=abcd");
  auto auth = ParseAuthorization(request, malformed);
  ASSERT_TRUE(auth);
  EXPECT_FALSE(malformed);
  EXPECT_EQ(auth->region, "eu-west-1");
  EXPECT_EQ(auth->service, "ec2");
  EXPECT_EQ(auth->signed_headers.size(), 2u);
  aws::SetHeader(request.headers, "Authorization",
                 "AWS4-HMAC-SHA256 Credential=AKID/20230101/eu-west-1/ec2/aws4_request");
  ParseAuthorization(request, malformed);
  EXPECT_TRUE(malformed);
}

// A wrong secret, an unknown key, no signature at all and a broken Authorization header are
// answered as AWS answers them, in each protocol's error format, and our parsers read the code.
TEST_F(SimRoutingTest, RejectsBadSignaturesPerProtocol) {
  struct Case {
    const char* service;
    const char* operation;
    int mismatch_status;
    const char* mismatch_code;
    int unknown_status;
    const char* unknown_code;
  } cases[] = {
      {"ec2", "DescribeVpcs", 401, "AuthFailure", 401, "AuthFailure"},
      {"iam", "ListRoles", 403, "SignatureDoesNotMatch", 403, "InvalidClientTokenId"},
      {"dynamodb", "ListTables", 400, "InvalidSignatureException", 400,
       "UnrecognizedClientException"},
      {"lambda", "ListFunctions", 403, "InvalidSignatureException", 403,
       "UnrecognizedClientException"},
      {"s3", "ListBuckets", 403, "SignatureDoesNotMatch", 403, "InvalidAccessKeyId"},
  };
  for (const Case& c : cases) {
    auto good = MakeCall(c.service, c.operation);
    EXPECT_EQ(sim_->Handle(good.request).response.status, 200) << c.service;

    auto bad = MakeCall(c.service, c.operation, "{}", "us-east-1", "not-the-secret");
    aws::HttpResponse response = sim_->Handle(bad.request).response;
    EXPECT_EQ(response.status, c.mismatch_status) << c.service;
    EXPECT_EQ(testing::ParseError(bad, response).code, c.mismatch_code) << c.service;

    auto unknown = MakeCall(c.service, c.operation, "{}", "us-east-1",
                            SimOptions{}.secret_access_key, "AKIAUNKNOWNKEY000000");
    response = sim_->Handle(unknown.request).response;
    EXPECT_EQ(response.status, c.unknown_status) << c.service;
    EXPECT_EQ(testing::ParseError(unknown, response).code, c.unknown_code) << c.service;

    // Tampering after signing (a changed body or query) breaks the signature too.
    auto tampered = MakeCall(c.service, c.operation);
    tampered.request.query += tampered.request.query.empty() ? "x=1" : "&x=1";
    EXPECT_EQ(sim_->Handle(tampered.request).response.status, c.mismatch_status) << c.service;
  }
  auto unsigned_call = MakeCall("iam", "ListRoles");
  aws::RemoveHeader(unsigned_call.request.headers, "Authorization");
  aws::HttpResponse response = sim_->Handle(unsigned_call.request).response;
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(testing::ParseError(unsigned_call, response).code, "MissingAuthenticationToken");

  auto broken = MakeCall("dynamodb", "ListTables");
  aws::SetHeader(broken.request.headers, "Authorization", "AWS4-HMAC-SHA256 Credential=x");
  response = sim_->Handle(broken.request).response;
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(testing::ParseError(broken, response).code, "IncompleteSignatureException");
}

}  // namespace
}  // namespace awscrape::sim
