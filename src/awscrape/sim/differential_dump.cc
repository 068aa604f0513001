#include "awscrape/sim/differential_dump.h"

#include <mutex>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/client/aws_client.h"
#include "awscrape/aws/http/fake_transport.h"
#include "awscrape/core/encoding.h"

namespace awscrape::sim {

bool IsCandidateOperation(const aws::model::Operation& operation) {
  const std::string& name = operation.name;
  if (!name.starts_with("List") && !name.starts_with("Describe") && !name.starts_with("Get")) {
    return false;
  }
  if (operation.input) {
    for (const auto& member : operation.input->members) {
      if (member.required) return false;
    }
  }
  return true;
}

Status WriteDifferentialDump(Simulator& simulator, const aws::model::ModelCatalogue& catalogue,
                             const std::vector<std::string>& services, const std::string& region,
                             std::ostream& out, DumpSummary& summary) {
  std::mutex mutex;
  aws::HttpResponse last;
  aws::FakeTransport transport([&](const aws::HttpRequest& request) -> Result<aws::HttpResponse> {
    SimReply reply = simulator.Handle(request);
    std::lock_guard lock(mutex);
    last = reply.response;
    return reply.response;
  });
  aws::Credentials credentials;
  credentials.access_key_id = simulator.options().access_key_id;
  credentials.secret_access_key = simulator.options().secret_access_key;
  aws::StaticCredentialProvider provider(credentials);
  aws::ClientConfig config;
  config.default_region = region;
  config.endpoint_url = "http://127.0.0.1:4566";
  config.retry.max_attempts = 1;
  config.adaptive_rate_limit = false;
  aws::AwsClient client(catalogue, transport, provider, config);

  std::vector<std::string> names = services.empty() ? catalogue.ServiceNames() : services;
  for (const std::string& name : names) {
    auto service = catalogue.GetService(name);
    if (!service.ok()) return service.status();
    const std::string& protocol = (*service)->model->metadata().protocol;
    for (const aws::model::Operation& op : (*service)->model->operations()) {
      if (!IsCandidateOperation(op)) continue;
      aws::CallRequest call;
      call.service = name;
      call.operation = op.name;
      call.region = region;
      call.params.SetObject();
      {
        std::lock_guard lock(mutex);
        last = aws::HttpResponse{};
      }
      aws::CallResult result = client.Call(std::move(call));
      ++summary.calls;
      JsonDocument line(rapidjson::kObjectType);
      auto& alloc = line.GetAllocator();
      line.AddMember("service", MakeString(name, alloc), alloc);
      line.AddMember("operation", MakeString(op.name, alloc), alloc);
      line.AddMember("protocol", MakeString(protocol, alloc), alloc);
      std::lock_guard lock(mutex);
      line.AddMember("status", last.status, alloc);
      JsonValue headers(rapidjson::kArrayType);
      for (const auto& h : last.headers) {
        JsonValue pair(rapidjson::kArrayType);
        pair.PushBack(MakeString(h.name, alloc), alloc);
        pair.PushBack(MakeString(h.value, alloc), alloc);
        headers.PushBack(pair, alloc);
      }
      line.AddMember("headers", headers, alloc);
      line.AddMember("body_b64", MakeString(Base64Encode(last.body), alloc), alloc);
      if (result.status.ok()) {
        ++summary.ok;
        JsonValue ours;
        ours.CopyFrom(result.response, alloc);
        line.AddMember("ours", ours, alloc);
      } else {
        ++summary.failed;
        line.AddMember("ours", JsonValue(), alloc);
        std::string why = result.status.ToString();
        if (!result.error_code.empty())
          why += " [" + result.error_code + "] " + result.error_message;
        line.AddMember("error", MakeString(why, alloc), alloc);
      }
      out << ToJson(line) << '\n';
    }
  }
  return Status::Ok();
}

}  // namespace awscrape::sim
