#include "awscrape/scrape/client_pool.h"

#include <arpa/inet.h>

namespace awscrape::scrape {
namespace {

bool IsUrl(std::string_view text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

}  // namespace

bool IsIpAddressUrl(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return false;
  std::string_view host = url.substr(start + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!host.empty() && host.front() == '[') return host.find(']') != std::string_view::npos;
  host = host.substr(0, host.find(':'));
  in_addr address{};
  return inet_pton(AF_INET, std::string(host).c_str(), &address) == 1;
}

namespace {}  // namespace

Result<EndpointOverrides> ParseEndpointOverrides(const std::vector<std::string>& values) {
  EndpointOverrides overrides;
  for (const std::string& value : values) {
    if (IsUrl(value)) {
      if (!overrides.all.empty()) {
        return InvalidArgument("--endpoint-url: two URLs for every service (" + overrides.all +
                               ", " + value + "); use SERVICE=URL for one service");
      }
      overrides.all = value;
      continue;
    }
    size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0 || !IsUrl(value.substr(equals + 1))) {
      return InvalidArgument("--endpoint-url \"" + value +
                             "\" is neither URL nor SERVICE=URL (URL: http:// or https://)");
    }
    std::string service = value.substr(0, equals);
    if (!overrides.service.emplace(service, value.substr(equals + 1)).second) {
      return InvalidArgument("--endpoint-url names " + service + " twice");
    }
  }
  return overrides;
}

ClientPool::ClientPool(const aws::model::ModelCatalogue& catalogue, aws::HttpTransport& transport,
                       aws::CredentialProvider& credentials, const aws::ClientConfig& base,
                       const EndpointOverrides& overrides) {
  auto client_for = [&](const std::string& url) {
    auto& slot = by_url_[url];
    if (!slot) {
      aws::ClientConfig config = base;
      config.endpoint_url = url;
      // "api.127.0.0.1" names no host: an address takes no host prefix (see client_pool.h).
      if (IsIpAddressUrl(url)) config.inject_host_prefix = false;
      slot = std::make_unique<aws::AwsClient>(catalogue, transport, credentials, config);
    }
    return slot.get();
  };
  default_ = client_for(overrides.all);
  for (const auto& [service, url] : overrides.service) by_service_[service] = client_for(url);
}

aws::AwsClient& ClientPool::ForService(const std::string& service) {
  auto it = by_service_.find(service);
  return it == by_service_.end() ? *default_ : *it->second;
}

void ClientPool::Call(aws::CallRequest request, std::function<void(aws::CallResult)> done) {
  ForService(request.service).CallAsync(std::move(request), std::move(done));
}

}  // namespace awscrape::scrape
