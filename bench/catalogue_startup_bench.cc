// Start-up cost of the model catalogue: what `awscrape call` pays before its first request, and
// what loading every service would cost instead. Each iteration starts from a fresh catalogue
// (the operating system's file cache is warm after the first).
//
//   open                      ModelCatalogue::Open: list the data directory
//   open_and_load/<service>   Open + GetService(<service>) (service-2, paginators, rule set)
//   open_and_load_endpoints   Open + GetService("ec2") + partitions.json + endpoints.json: all
//                             the model data one `awscrape call ec2 ...` reads
//   load_all_services         Open + GetService() for every service (333 in botocore 1.29.27)
#include <benchmark/benchmark.h>

#include <string>

#include "awscrape/aws/model/catalogue.h"

namespace awscrape::bench {
namespace {

using aws::model::ModelCatalogue;

std::unique_ptr<ModelCatalogue> OpenOrSkip(benchmark::State& state) {
  auto catalogue = ModelCatalogue::Open(ModelCatalogue::DefaultDataDir());
  if (!catalogue.ok()) {
    state.SkipWithError(catalogue.status().ToString().c_str());
    return nullptr;
  }
  return std::move(catalogue).value();
}

void BM_Open(benchmark::State& state) {
  for (auto _ : state) {
    auto catalogue = OpenOrSkip(state);
    if (!catalogue) break;
    benchmark::DoNotOptimize(catalogue);
  }
}
BENCHMARK(BM_Open)->Name("open")->Unit(benchmark::kMillisecond);

void BM_OpenAndLoad(benchmark::State& state, const char* service, bool endpoints) {
  for (auto _ : state) {
    auto catalogue = OpenOrSkip(state);
    if (!catalogue) break;
    auto entry = catalogue->GetService(service);
    if (!entry.ok()) {
      state.SkipWithError(entry.status().ToString().c_str());
      break;
    }
    if (endpoints) {
      auto partitions = catalogue->DataFile("partitions");
      auto legacy = catalogue->DataFile("endpoints");
      if (!partitions.ok() || !legacy.ok()) {
        state.SkipWithError("cannot load partitions.json / endpoints.json");
        break;
      }
    }
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK_CAPTURE(BM_OpenAndLoad, sts, "sts", false)
    ->Name("open_and_load/sts")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenAndLoad, s3, "s3", false)
    ->Name("open_and_load/s3")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenAndLoad, ec2, "ec2", false)
    ->Name("open_and_load/ec2")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenAndLoad, ec2_endpoints, "ec2", true)
    ->Name("open_and_load_endpoints/ec2")
    ->Unit(benchmark::kMillisecond);

void BM_LoadAll(benchmark::State& state) {
  for (auto _ : state) {
    auto catalogue = OpenOrSkip(state);
    if (!catalogue) break;
    size_t loaded = 0;
    for (const std::string& name : catalogue->ServiceNames()) {
      auto entry = catalogue->GetService(name);
      if (!entry.ok()) {
        state.SkipWithError(entry.status().ToString().c_str());
        return;
      }
      ++loaded;
    }
    state.counters["services"] = static_cast<double>(loaded);
  }
}
BENCHMARK(BM_LoadAll)->Name("load_all_services")->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace awscrape::bench

BENCHMARK_MAIN();
