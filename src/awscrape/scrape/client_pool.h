// ClientPool: the AwsClients of one scrape, and which one serves each service.
//
// `--endpoint-url URL` sends every call to URL (the simulator); `--endpoint-url SERVICE=URL`
// sends one service's calls there (one emulator per service: dynalite, kinesalite, s3rver); both
// forms may be mixed, the service-specific one wins. One client per distinct URL (they share the
// transport and credentials), so each keeps its own endpoint override, retry quota and adaptive
// limiters. A URL whose host is an IP address gets botocore's Config(inject_host_prefix=False):
// botocore 1.29 would send host-prefixed operations (servicediscovery's "data-", iotsitewise's
// "api.") to "api.127.0.0.1", which never resolves; on an address every operation goes to the
// address itself, which is what emulators and the simulator serve. Host names keep their prefix,
// as in botocore. Call() is CallFunction-shaped (scheduler.h). Thread-safe after construction; the
// catalogue, transport and credentials must outlive the pool.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "awscrape/aws/client/aws_client.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

struct EndpointOverrides {
  std::string all;                             // empty: AWS's own endpoints
  std::map<std::string, std::string> service;  // service -> URL
};

// Parses the --endpoint-url values: "URL" or "SERVICE=URL" (URL must start with http:// or
// https://); a second plain URL or a service named twice is an error.
Result<EndpointOverrides> ParseEndpointOverrides(const std::vector<std::string>& values);

// Whether the URL's host is an IPv4 or bracketed IPv6 address ("http://127.0.0.1:4566").
bool IsIpAddressUrl(std::string_view url);

class ClientPool {
 public:
  ClientPool(const aws::model::ModelCatalogue& catalogue, aws::HttpTransport& transport,
             aws::CredentialProvider& credentials, const aws::ClientConfig& base,
             const EndpointOverrides& overrides);
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  aws::AwsClient& ForService(const std::string& service);
  void Call(aws::CallRequest request, std::function<void(aws::CallResult)> done);

 private:
  std::map<std::string, std::unique_ptr<aws::AwsClient>> by_url_;
  std::map<std::string, aws::AwsClient*> by_service_;
  aws::AwsClient* default_ = nullptr;
};

}  // namespace awscrape::scrape
