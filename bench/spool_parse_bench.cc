// CPU cost of turning spool files into what the store takes (the ingester's reader thread, less
// the file system): parse, check, split the response from its metadata, SHA-256 of the body.
// The files are read into memory once; each iteration parses all of them, as the ingester does,
// in one reused buffer.
//
// usage: spool_parse_bench SPOOL_DIR [benchmark flags]   (SPOOL_DIR: a scrape's spool directory,
//        e.g. what bench/real_spool_ingest.sh keeps under /var/tmp/awscrape-real-spool)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "awscrape/store/spool_file.h"

namespace {

struct NamedFile {
  std::string name;
  std::string contents;
};

std::vector<NamedFile> LoadSpool(const std::filesystem::path& dir) {
  std::vector<NamedFile> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.front() == '_' || !name.ends_with(".json")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({name, text.str()});
  }
  return files;
}

void BM_ParseSpoolFiles(benchmark::State& state, const std::vector<NamedFile>* files) {
  std::string buffer;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const NamedFile& file : *files) {
      buffer.assign(file.contents);
      auto parsed =
          awscrape::store::ParseSpoolFileInBuffer(buffer, file.contents.size(), file.name);
      if (!parsed.ok()) {
        state.SkipWithError((file.name + ": " + parsed.status().ToString()).c_str());
        return;
      }
      benchmark::DoNotOptimize(parsed);
      bytes += static_cast<int64_t>(file.contents.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * files->size()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: spool_parse_bench SPOOL_DIR [benchmark flags]\n");
    return 2;
  }
  static const std::vector<NamedFile> files = LoadSpool(argv[1]);
  if (files.empty()) {
    std::fprintf(stderr, "no spool files under %s\n", argv[1]);
    return 2;
  }
  benchmark::RegisterBenchmark("parse_spool_files", BM_ParseSpoolFiles, &files)
      ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
