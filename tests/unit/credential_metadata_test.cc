// The metadata credential sources, through an in-memory transport: the container endpoint
// (ECS) and the EC2 instance metadata service (IMDSv2 with v1 fallback).
#include <gtest/gtest.h>

#include "awscrape/aws/auth/container_provider.h"
#include "awscrape/aws/auth/imds_provider.h"
#include "awscrape/aws/auth/metadata_http.h"
#include "credential_test_util.h"

namespace awscrape::aws {
namespace {

using testing::FakeTransport;
using testing::ManualTime;
using testing::Respond;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
constexpr char kDocument[] =
    R"({"Code": "Success", "AccessKeyId": "ASIAMETA", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY",
        "Token": "metatoken", "Expiration": "2030-01-01T00:00:00Z"})";

TEST(MetadataHttp, ParsesUrls) {
  auto url = ParseHttpUrl("HTTP://LocalHost:8080/creds/x?a=b#frag");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "localhost");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->path, "/creds/x");
  EXPECT_EQ(url->query, "a=b");
  auto v6 = ParseHttpUrl("http://[fd00:ec2::254]");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "fd00:ec2::254");
  EXPECT_EQ(v6->Authority(), "[fd00:ec2::254]");
  EXPECT_EQ(v6->path, "/");
  EXPECT_FALSE(ParseHttpUrl("ftp://x/").ok());
  EXPECT_FALSE(ParseHttpUrl("http://:80/").ok());
  EXPECT_FALSE(ParseHttpUrl("http://h:8x/").ok());
}

ContainerCredentialOptions ContainerOptions(std::shared_ptr<HttpTransport> transport,
                                            std::map<std::string, std::string, std::less<>> env) {
  ContainerCredentialOptions options;
  options.transport = std::move(transport);
  options.env = MapEnvironment(std::move(env));
  options.sleep = [](std::chrono::milliseconds) {};
  return options;
}

TEST(ContainerProvider, FetchesTheRelativeUriFromTheEcsAddress) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  ContainerCredentialProvider provider(ContainerOptions(
      transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc?x=1"}}));
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAMETA");
  EXPECT_EQ(credentials->secret_access_key, kSecret);
  EXPECT_EQ(credentials->session_token, "metatoken");
  EXPECT_EQ(FormatIso8601(*credentials->expiration, false), "2030-01-01T00:00:00Z");
  EXPECT_EQ(credentials->source, "container-role");
  auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].Url(), "http://169.254.170.2/v2/credentials/abc?x=1");
  EXPECT_EQ(*FindHeader(requests[0].headers, "Accept"), "application/json");
  EXPECT_EQ(FindHeader(requests[0].headers, "Authorization"), nullptr);
  EXPECT_EQ(transport->options()[0].connect_timeout, std::chrono::milliseconds(2000));
}

TEST(ContainerProvider, FullUriOnLoopbackWithAuthorizationToken) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  ContainerCredentialProvider provider(ContainerOptions(
      transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:51679/creds"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer tok"}}));
  ASSERT_TRUE(provider.Resolve().ok());
  auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].host, "127.0.0.1:51679");
  EXPECT_EQ(requests[0].path, "/creds");
  EXPECT_EQ(*FindHeader(requests[0].headers, "Authorization"), "Bearer tok");
}

TEST(ContainerProvider, AuthorizationTokenFileIsReadOnEveryResolveAndWinsOverTheVariable) {
  testing::TempDir dir;
  auto token_file = dir.Write("eks-pod-identity-token", "pod-identity-token-1");
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  ContainerCredentialProvider provider(ContainerOptions(
      transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer from-variable"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}}));
  ASSERT_TRUE(provider.Resolve().ok());
  dir.Write("eks-pod-identity-token", "pod-identity-token-2");  // rotated
  ASSERT_TRUE(provider.Resolve().ok());
  auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Url(), "http://169.254.170.23/v1/credentials");
  EXPECT_EQ(*FindHeader(requests[0].headers, "Authorization"), "pod-identity-token-1");
  EXPECT_EQ(*FindHeader(requests[1].headers, "Authorization"), "pod-identity-token-2");
}

TEST(ContainerProvider, UnreadableOrIllegalAuthorizationTokensStopWithoutQuotingThem) {
  testing::TempDir dir;
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  std::string missing = (dir.path() / "missing").string();
  ContainerCredentialProvider no_file(ContainerOptions(
      transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer fallback-not-used"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", missing}}));
  auto result = no_file.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);  // not kNotFound
  EXPECT_NE(result.status().message().find(missing), std::string::npos);

  auto newline = dir.Write("newline", "SECRET-POD-TOKEN\n");
  ContainerCredentialProvider bad_file(
      ContainerOptions(transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"},
                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", newline.string()}}));
  result = bad_file.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("not a legal header value"), std::string::npos);
  EXPECT_EQ(result.status().message().find("SECRET-POD-TOKEN"), std::string::npos);

  ContainerCredentialProvider bad_variable(ContainerOptions(
      transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"},
                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "SECRET-POD-TOKEN\r\nX-Evil: 1"}}));
  result = bad_variable.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message().find("SECRET-POD-TOKEN"), std::string::npos);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ContainerProvider, RefusesFullUrisOnOtherHosts) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  for (const char* url :
       {"http://169.254.169.254/latest", "https://example.com/creds", "http://10.0.0.1/creds"}) {
    ContainerCredentialProvider provider(
        ContainerOptions(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url}}));
    auto result = provider.Resolve();
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_NE(result.status().message().find("Unsupported host"), std::string::npos);
  }
  EXPECT_TRUE(transport->requests().empty());
  EXPECT_TRUE(IsAllowedContainerHost("localhost"));
  EXPECT_TRUE(IsAllowedContainerHost("127.0.0.1"));
  EXPECT_TRUE(IsAllowedContainerHost("169.254.170.2"));
  EXPECT_TRUE(IsAllowedContainerHost("169.254.170.23"));  // EKS Pod Identity
  EXPECT_TRUE(IsAllowedContainerHost("fd00:ec2::23"));
  EXPECT_FALSE(IsAllowedContainerHost("169.254.170.3"));
}

TEST(ContainerProvider, NotConfiguredWithoutEitherVariable) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Respond(200, kDocument); });
  ContainerCredentialProvider provider(ContainerOptions(transport, {}));
  EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ContainerProvider, RetriesThreeTimesThenFailsWithoutQuotingTheBody) {
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) return Status(StatusCode::kUnavailable, "connection refused");
    if (calls == 2) return Respond(500, std::string("oops ") + kSecret);
    return Respond(200, std::string("{\"SecretAccessKey\": \"") + kSecret);  // truncated
  });
  std::vector<std::chrono::milliseconds> sleeps;
  auto options = ContainerOptions(transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}});
  options.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  ContainerCredentialProvider provider(options);
  auto result = provider.Resolve();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>(2, std::chrono::milliseconds(1000))));
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.status().message().find(kSecret), std::string::npos)
      << result.status().message();
}

TEST(ContainerProvider, SucceedsOnARetry) {
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    return ++calls == 1 ? Respond(503, "") : Respond(200, kDocument);
  });
  ContainerCredentialProvider provider(
      ContainerOptions(transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}));
  EXPECT_TRUE(provider.Resolve().ok());
  EXPECT_EQ(calls, 2);
}

// An IMDS imitation: answers by method and path, counting requests.
struct FakeImds {
  int token_status = 200;
  std::string role_listing = "my-role\n";
  std::string document = kDocument;
  std::vector<std::string> log;

  Result<HttpResponse> operator()(const HttpRequest& request) {
    log.push_back(request.method + " " + request.path);
    if (request.method == "PUT" && request.path == "/latest/api/token") {
      return Respond(token_status, token_status == 200 ? "TOKEN123" : "");
    }
    if (request.path == "/latest/meta-data/iam/security-credentials/") {
      return Respond(200, role_listing);
    }
    if (request.path == "/latest/meta-data/iam/security-credentials/my-role") {
      return Respond(200, document);
    }
    return Respond(404, "");
  }
};

ImdsCredentialOptions ImdsOptions(std::shared_ptr<HttpTransport> transport, ManualTime& time,
                                  std::map<std::string, std::string, std::less<>> env = {}) {
  ImdsCredentialOptions options;
  options.transport = std::move(transport);
  options.env = MapEnvironment(std::move(env));
  options.now = time.Source();
  options.jitter_seconds = [] { return 300; };
  return options;
}

TEST(ImdsProvider, GetsATokenThenTheRoleThenItsCredentials) {
  FakeImds imds;
  auto transport = std::make_shared<FakeTransport>(std::ref(imds));
  ManualTime time;
  ImdsCredentialProvider provider(ImdsOptions(transport, time));
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAMETA");
  EXPECT_EQ(credentials->session_token, "metatoken");
  EXPECT_EQ(credentials->source, "iam-role");
  EXPECT_EQ(FormatIso8601(*credentials->expiration, false), "2030-01-01T00:00:00Z");

  auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].Url(), "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(*FindHeader(requests[0].headers, "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].Url(), "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(*FindHeader(requests[1].headers, "x-aws-ec2-metadata-token"), "TOKEN123");
  EXPECT_EQ(requests[2].Url(),
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role");
  EXPECT_EQ(*FindHeader(requests[2].headers, "x-aws-ec2-metadata-token"), "TOKEN123");
  EXPECT_EQ(transport->options()[0].connect_timeout, std::chrono::milliseconds(1000));
}

TEST(ImdsProvider, FallsBackToV1WhenTokensAreRefused) {
  for (int status : {403, 404, 405}) {
    FakeImds imds;
    imds.token_status = status;
    auto transport = std::make_shared<FakeTransport>(std::ref(imds));
    ManualTime time;
    ImdsCredentialProvider provider(ImdsOptions(transport, time));
    ASSERT_TRUE(provider.Resolve().ok()) << status;
    auto requests = transport->requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(FindHeader(requests[1].headers, "x-aws-ec2-metadata-token"), nullptr);
  }
  // A token request that times out also falls back.
  FakeImds imds;
  auto transport =
      std::make_shared<FakeTransport>([&](const HttpRequest& r) -> Result<HttpResponse> {
        if (r.method == "PUT") return Status(StatusCode::kTimeout, "timed out");
        return imds(r);
      });
  ManualTime time;
  ImdsCredentialProvider provider(ImdsOptions(transport, time));
  EXPECT_TRUE(provider.Resolve().ok());
}

TEST(ImdsProvider, ABadTokenRequestGivesUp) {
  FakeImds imds;
  imds.token_status = 400;
  auto transport = std::make_shared<FakeTransport>(std::ref(imds));
  ManualTime time;
  ImdsCredentialProvider provider(ImdsOptions(transport, time));
  EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST(ImdsProvider, DisabledByEnvironmentWithoutAnyRequest) {
  FakeImds imds;
  auto transport = std::make_shared<FakeTransport>(std::ref(imds));
  ManualTime time;
  ImdsCredentialProvider provider(
      ImdsOptions(transport, time, {{"AWS_EC2_METADATA_DISABLED", "TRUE"}}));
  auto result = provider.Resolve();
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ImdsProvider, UnreachableOrUselessAnswersMeanNoCredentialsHere) {
  ManualTime time;
  {
    auto transport =
        std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
          return Status(StatusCode::kUnavailable, "connection refused");
        });
    auto options = ImdsOptions(transport, time);
    options.attempts = 2;
    ImdsCredentialProvider provider(options);
    EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
    // Two token attempts, then two IMDSv1 attempts at the role listing.
    EXPECT_EQ(transport->requests().size(), 4u);
  }
  {
    FakeImds imds;
    imds.role_listing = "";
    auto transport = std::make_shared<FakeTransport>(std::ref(imds));
    ImdsCredentialProvider provider(ImdsOptions(transport, time));
    EXPECT_EQ(provider.Resolve().status().code(), StatusCode::kNotFound);
  }
  {
    FakeImds imds;
    imds.document = R"({"Code": "AssumeRoleUnauthorizedAccess", "Message": "not trusted"})";
    auto transport = std::make_shared<FakeTransport>(std::ref(imds));
    ImdsCredentialProvider provider(ImdsOptions(transport, time));
    auto result = provider.Resolve();
    EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
    EXPECT_NE(result.status().message().find("AssumeRoleUnauthorizedAccess"), std::string::npos);
  }
  {
    FakeImds imds;
    imds.document = std::string("{\"SecretAccessKey\": \"") + kSecret;
    auto transport = std::make_shared<FakeTransport>(std::ref(imds));
    ImdsCredentialProvider provider(ImdsOptions(transport, time));
    auto result = provider.Resolve();
    EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(result.status().message().find(kSecret), std::string::npos);
  }
}

TEST(ImdsProvider, RetriesGetsUpToTheAttemptLimit) {
  FakeImds imds;
  int listing_calls = 0;
  auto transport =
      std::make_shared<FakeTransport>([&](const HttpRequest& r) -> Result<HttpResponse> {
        if (r.path.ends_with("security-credentials/") && ++listing_calls == 1)
          return Respond(500, "");
        return imds(r);
      });
  ManualTime time;
  auto options = ImdsOptions(transport, time);
  options.attempts = 2;
  ImdsCredentialProvider provider(options);
  EXPECT_TRUE(provider.Resolve().ok());
  EXPECT_EQ(listing_calls, 2);
}

TEST(ImdsProvider, EndpointOverridesAndIpv6Mode) {
  FakeImds imds;
  auto transport = std::make_shared<FakeTransport>(std::ref(imds));
  ManualTime time;
  auto options = ImdsOptions(transport, time);
  options.endpoint = "http://127.0.0.1:1338";
  ImdsCredentialProvider provider(options);
  ASSERT_TRUE(provider.Resolve().ok());
  EXPECT_EQ(transport->requests()[0].Url(), "http://127.0.0.1:1338/latest/api/token");

  EXPECT_EQ(ResolveImdsEndpoint(MapEnvironment({}), "", ""), "http://169.254.169.254/");
  EXPECT_EQ(ResolveImdsEndpoint(MapEnvironment({}), "", "IPv6"), "http://[fd00:ec2::254]/");
  EXPECT_EQ(ResolveImdsEndpoint(MapEnvironment({}), "http://cfg/", "IPv6"), "http://cfg/");
  EXPECT_EQ(
      ResolveImdsEndpoint(MapEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://env/"}}),
                          "http://cfg/", ""),
      "http://env/");
}

TEST(ImdsProvider, ExtendsCredentialsThatAreAboutToExpire) {
  FakeImds imds;
  imds.document = R"({"AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T",
                      "Expiration": "2023-11-14T22:20:00Z"})";  // 1700000400: 400 s after now
  auto transport = std::make_shared<FakeTransport>(std::ref(imds));
  ManualTime time(1700000000);
  ImdsCredentialProvider provider(ImdsOptions(transport, time));
  auto credentials = provider.Resolve();
  ASSERT_TRUE(credentials.ok());
  // now + refresh window (900 s) + jitter (300 s).
  EXPECT_EQ(credentials->expiration->seconds, 1700000000 + 900 + 300);
}

}  // namespace
}  // namespace awscrape::aws
