// CPU cost per call of a typical small paginated list call of each wire protocol (ec2, query,
// json 1.0, rest-json, rest-xml): the "call" cases of bench/gen_responses.py.
//
//   call/<case>         SerializeRequest + SignRequest + ParseResponse: the client's own work
//   serialize/<case>    SerializeRequest alone
//   sign/<case>         SignRequest alone (of the serialised request, with a session token)
//   parse/<case>        ParseResponse alone (product form)
//   client_call/<case>  AwsClient::Call over a FakeTransport answering the recorded response:
//                       endpoint resolution, serialise, credentials, sign, the limiter, the
//                       thread hand-offs, parse. Process CPU time (all threads), like the peer's
//                       time.process_time().
//
// Signing time and credentials are fixed; nothing touches the network.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "awscrape/aws/auth/credential_provider.h"
#include "awscrape/aws/client/aws_client.h"
#include "awscrape/aws/http/fake_transport.h"
#include "bench_cases.h"

namespace awscrape::bench {
namespace {

aws::Credentials BenchCredentials() {
  aws::Credentials credentials;
  credentials.access_key_id = "ASIAQEXAMPLEBENCH123";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  credentials.session_token =
      "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIFAKE+TOKEN/with+slash==";
  credentials.source = "bench";
  return credentials;
}

aws::SerializeOptions SerializeOptionsFor(const BenchCase& c) {
  aws::SerializeOptions options;
  options.host = c.host;
  options.new_idempotency_token = [] {
    return std::string("00000000-0000-4000-8000-000000000000");
  };
  return options;
}

enum class Step { kCall, kSerialize, kSign, kParse };

void BM_Step(benchmark::State& state, const BenchCase* c, Step step) {
  const aws::model::ServiceModel& model = *c->entry->model;
  const aws::Credentials credentials = BenchCredentials();
  const aws::SerializeOptions serialize_options = SerializeOptionsFor(*c);
  const aws::SigningOptions signing = SigningOptionsFor(*c);
  const aws::ParseOptions parse_options;
  auto unsigned_request = aws::SerializeRequest(model, *c->operation, c->params, serialize_options);
  if (!unsigned_request.ok()) {
    state.SkipWithError(unsigned_request.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    if (step == Step::kCall || step == Step::kSerialize) {
      auto request = aws::SerializeRequest(model, *c->operation, c->params, serialize_options);
      if (step == Step::kCall) aws::SignRequest(*request, credentials, signing);
      benchmark::DoNotOptimize(request);
    }
    if (step == Step::kSign) {
      aws::HttpRequest request = *unsigned_request;
      aws::SignRequest(request, credentials, signing);
      benchmark::DoNotOptimize(request);
    }
    if (step == Step::kCall || step == Step::kParse) {
      auto parsed = aws::ParseResponse(model, *c->operation, c->response, parse_options);
      benchmark::DoNotOptimize(parsed);
    }
  }
}

void BM_ClientCall(benchmark::State& state, const BenchCase* c) {
  auto catalogue = aws::model::ModelCatalogue::Open(aws::model::ModelCatalogue::DefaultDataDir());
  if (!catalogue.ok()) {
    state.SkipWithError(catalogue.status().ToString().c_str());
    return;
  }
  aws::FakeTransport transport(
      [c](const aws::HttpRequest&) -> Result<aws::HttpResponse> { return c->response; });
  aws::StaticCredentialProvider credentials(BenchCredentials());
  aws::ClientConfig config;
  config.default_region = c->region;
  aws::AwsClient client(**catalogue, transport, credentials, config);
  auto make_request = [c] {
    aws::CallRequest request;
    request.service = c->service;
    request.operation = c->operation_name;
    request.region = c->region;
    request.params.CopyFrom(c->params, request.params.GetAllocator());
    return request;
  };
  aws::CallResult warm = client.Call(make_request());  // loads the model and endpoint rules once
  if (!warm.status.ok()) {
    state.SkipWithError(warm.status.ToString().c_str());
    return;
  }
  for (auto _ : state) {
    aws::CallResult result = client.Call(make_request());
    if (!result.status.ok()) {
      state.SkipWithError(result.status.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
}

void RegisterAll() {
  struct Named {
    const char* prefix;
    Step step;
  };
  const Named steps[] = {{"call/", Step::kCall},
                         {"serialize/", Step::kSerialize},
                         {"sign/", Step::kSign},
                         {"parse/", Step::kParse}};
  for (const BenchCase& c : CasesOrDie()) {
    if (c.kind != "call") continue;
    if (Status check = CheckAgainstBotocore(c); !check.ok()) {
      RegisterError("call/" + c.name, check);
      continue;
    }
    for (const Named& named : steps) {
      benchmark::RegisterBenchmark((named.prefix + c.name).c_str(), BM_Step, &c, named.step)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark(("client_call/" + c.name).c_str(), BM_ClientCall, &c)
        ->Unit(benchmark::kMicrosecond)
        ->MeasureProcessCPUTime()
        ->UseRealTime();
  }
}

}  // namespace
}  // namespace awscrape::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  awscrape::bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
