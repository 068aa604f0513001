// Parse throughput (MB/s of response body) of large AWS responses with awscrape's ParseResponse
// in the product form (isoformat timestamps, base64 blobs, ResponseMetadata), one benchmark per
// "parse" case of bench/gen_responses.py. Each case is first checked against botocore's parse of
// the same bytes; a case that disagrees is reported as an error instead of being timed.
//
//   parse/<case>          ParseResponse into a JSON document
//   parse_to_json/<case>  ParseResponse and writing the document as compact JSON text (what the
//                         scraper stores)
#include <benchmark/benchmark.h>

#include <string>

#include "bench_cases.h"

namespace awscrape::bench {
namespace {

void BM_Parse(benchmark::State& state, const BenchCase* c, bool to_json) {
  const aws::ParseOptions options;
  for (auto _ : state) {
    auto parsed = aws::ParseResponse(*c->entry->model, *c->operation, c->response, options);
    if (!parsed.ok()) {
      state.SkipWithError(parsed.status().ToString().c_str());
      break;
    }
    if (to_json) {
      std::string text = ToJson(*parsed);
      benchmark::DoNotOptimize(text.data());
    }
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(c->response.body.size()));
  state.counters["body_bytes"] = static_cast<double>(c->response.body.size());
}

void RegisterAll() {
  for (const BenchCase& c : CasesOrDie()) {
    if (c.kind != "parse") continue;
    if (Status check = CheckAgainstBotocore(c); !check.ok()) {
      RegisterError("parse/" + c.name, check);
      continue;
    }
    benchmark::RegisterBenchmark(("parse/" + c.name).c_str(), BM_Parse, &c, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("parse_to_json/" + c.name).c_str(), BM_Parse, &c, true)
        ->Unit(benchmark::kMillisecond);
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
