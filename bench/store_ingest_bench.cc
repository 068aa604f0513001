// Documents per second into a store, and bytes on disk, for a first scrape and an unchanged
// second one (SPEC §6: >= 50k documents/s into SQLite).
//
// Three paths are timed:
//   store  — Store::SaveResponses on documents already in memory, in batches (the database's
//            share of the work);
//   ingest — the File Watcher's path: spool files in aws-list-all's format on disk, read,
//            parsed, stored in batches and deleted by the Ingester (what a user waits for);
//   drain  — the same through SpoolWatcher::DrainOnce, exactly what `awscrape ingest --once`
//            runs: the spool directory scanned, then handed to the Ingester a few batches at a
//            time.
// `--pipeline 0` makes the Ingester read, store and delete on one thread (for comparison).
// Responses look like AWS's: a list of items with ARNs, names, tags and dates, plus a
// ResponseMetadata that differs on every call (so an unchanged scrape differs only there).
//
// Usage: store_ingest_bench --db URL --path store|ingest|drain --docs N --batch B
//                           --body-bytes S [--spool DIR] [--pipeline 0|1]
//        store_ingest_bench --spool-only DIR --docs N --body-bytes S
//   (writes one scrape's spool files and exits: profile `awscrape ingest --once --watch DIR`)
// Prints one JSON line: {"backend","path","pipeline","docs","batch","body_bytes",
// "first_docs_per_s","second_docs_per_s","bytes_first","bytes_second","first_cpu_us_per_doc",
// "second_cpu_us_per_doc","first_other_cores","second_other_cores"}: CPU microseconds this
// process spent per document, and how many cores other processes kept busy meanwhile (a run
// with more than ~0.2 was disturbed). bench/ingest_bench.sh runs the matrix.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/store/ingester.h"
#include "awscrape/store/open_store.h"
#include "awscrape/store/scrape_id.h"
#include "awscrape/store/spool_watcher.h"

namespace {

using namespace awscrape;
namespace fs = std::filesystem;

struct Options {
  std::string db;
  std::string path = "store";
  int docs = 20000;
  int batch = 2000;
  int body_bytes = 660;
  fs::path spool = fs::temp_directory_path() / "awscrape-ingest-bench";
  bool spool_only = false;
  bool pipeline = true;
};

// A response of roughly `bytes` bytes whose items depend on `seed` only.
std::string MakeResponse(int seed, int bytes, const std::string& request_id) {
  std::string json = "{\"Things\":[";
  int item = 0;
  while (static_cast<int>(json.size()) < bytes - 150 || item == 0) {
    if (item) json += ',';
    json += "{\"ThingArn\":\"arn:aws:svc:us-east-1:123456789012:thing/t-" + std::to_string(seed) +
            "-" + std::to_string(item) + "\",\"Name\":\"thing-" + std::to_string(item) +
            "\",\"State\":\"available\",\"CreateTime\":\"2025-08-09T17:35:31.277Z\","
            "\"Tags\":[{\"Key\":\"team\",\"Value\":\"platform\"}]}";
    ++item;
  }
  json += "],\"ResponseMetadata\":{\"RequestId\":\"" + request_id +
          "\",\"HTTPStatusCode\":200,\"RetryAttempts\":0}}";
  return json;
}

std::string RequestId(int scrape, int i) {
  char id[48];
  std::snprintf(id, sizeof id, "%08x-%04x-4000-8000-%012d", scrape * 7919 + i, i & 0xffff, i);
  return id;
}

store::ScrapeRecord MakeScrape(const std::string& id, Timestamp start) {
  store::ScrapeRecord s;
  s.scrape_id = id;
  s.start_time = start;
  s.created_at = start;
  s.updated_at = start;
  s.regions = {"us-east-1"};
  s.account_id = "123456789012";
  s.partition = "aws";
  return s;
}

// Call i of a scrape: 50 services x 20 operations x pages, spread like a real account.
struct CallKey {
  std::string service, operation;
  int64_t page;
};
CallKey KeyOf(int i) {
  return {"svc" + std::to_string(i % 50), "ListThings" + std::to_string((i / 50) % 200),
          static_cast<int64_t>(i / 10000)};
}

std::vector<store::ResponseDocument> MakeDocuments(const store::ScrapeRecord& s, int scrape,
                                                   const Options& o) {
  std::vector<store::ResponseDocument> docs(o.docs);
  for (int i = 0; i < o.docs; ++i) {
    CallKey key = KeyOf(i);
    store::ResponseDocument& d = docs[i];
    d.scrape_id = s.scrape_id;
    d.scrape_timestamp = s.start_time;
    d.service = key.service;
    d.region = "us-east-1";
    d.operation = key.operation;
    d.page = key.page;
    d.account_id = s.account_id;
    d.partition = s.partition;
    d.source_filename = key.service + "_" + key.operation + "_us-east-1_None.json";
    d.temp_file_path = "/tmp/" + s.scrape_id + "/" + d.source_filename;
    d.response = MakeResponse(i, o.body_bytes, RequestId(scrape, i));
    d.item_count = 1;
    d.processed_at = d.created_at = d.updated_at = s.start_time;
  }
  return docs;
}

// Writes the scrape's spool files (aws-list-all's format) and returns them for the Ingester.
std::vector<store::PendingFile> WriteSpool(const std::string& scrape_id, int scrape,
                                           const Options& o) {
  fs::path dir = o.spool / scrape_id;
  fs::create_directories(dir);
  std::vector<store::PendingFile> files;
  files.reserve(o.docs);
  for (int i = 0; i < o.docs; ++i) {
    CallKey key = KeyOf(i);
    std::string name = key.service + "_" + key.operation + "_us-east-1_None";
    if (key.page) name += ".p" + std::to_string(key.page);
    name += ".json";
    std::ofstream(dir / name, std::ios::binary)
        << "{\"service\":\"" << key.service << "\",\"region\":\"us-east-1\",\"profile\":null,"
        << "\"operation\":\"" << key.operation << "\",\"page\":" << key.page
        << ",\"response\":" << MakeResponse(i, o.body_bytes, RequestId(scrape, i)) << "}";
    files.push_back({dir / name, scrape_id});
  }
  return files;
}

// CPU seconds (user + system, every thread) the process has used: with other work sharing the
// cores the wall-clock rate is noisy, the CPU spent per document much less so.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// CPU seconds the whole machine has been busy (all processes, /proc/stat): minus ours, what
// others took while we were timed, to tell a disturbed run.
double MachineBusySeconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return static_cast<double>(user + nice + system + irq + softirq + steal) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Stores one scrape by the chosen path; returns documents/s and sets the CPU microseconds per
// document.
Result<double> RunScrape(store::Store& db, int scrape, const Options& o, double& cpu_us,
                         double& others) {
  const std::string id =
      "scrape_20250809_17353" + std::to_string(scrape) + "_0000000" + std::to_string(scrape);
  store::ScrapeRecord s = MakeScrape(id, Timestamp{1754760931 + scrape * 86400, 0});
  AWSCRAPE_RETURN_IF_ERROR(db.SaveScrape(s));
  if (o.path == "store") {
    std::vector<store::ResponseDocument> docs = MakeDocuments(s, scrape, o);
    double cpu = CpuSeconds();
    double busy = MachineBusySeconds();
    auto start = std::chrono::steady_clock::now();
    for (size_t at = 0; at < docs.size(); at += o.batch) {
      size_t n = std::min<size_t>(o.batch, docs.size() - at);
      AWSCRAPE_RETURN_IF_ERROR(db.SaveResponses({docs.data() + at, n}).status());
    }
    double wall = Seconds(start);
    cpu_us = (CpuSeconds() - cpu) * 1e6 / o.docs;
    others = (MachineBusySeconds() - busy - (CpuSeconds() - cpu)) / wall;
    return o.docs / wall;
  }
  std::vector<store::PendingFile> files = WriteSpool(id, scrape, o);
  store::IngesterOptions options;
  options.quarantine_dir = o.spool / ".quarantine";
  options.batch_files = o.batch;
  options.batch_bytes = size_t{1} << 40;  // batches by file count only, as the flag says
  options.pipeline = o.pipeline;
  store::IngestCounts counts;
  double rate = 0;
  double cpu = CpuSeconds();
  double busy = MachineBusySeconds();
  if (o.path == "drain") {
    store::SpoolWatcherOptions watch;
    watch.spool_dir = o.spool;
    watch.ingest = options;
    AWSCRAPE_ASSIGN_OR_RETURN(auto watcher, store::SpoolWatcher::Create(db, watch));
    auto start = std::chrono::steady_clock::now();
    AWSCRAPE_RETURN_IF_ERROR(watcher->DrainOnce());
    rate = o.docs / Seconds(start);
    counts = watcher->counts();
  } else {
    store::Ingester ingester(db, options);
    auto start = std::chrono::steady_clock::now();
    AWSCRAPE_RETURN_IF_ERROR(ingester.IngestFiles(files, counts));
    rate = o.docs / Seconds(start);
  }
  cpu_us = (CpuSeconds() - cpu) * 1e6 / o.docs;
  others = (MachineBusySeconds() - busy - (CpuSeconds() - cpu)) * rate / o.docs;
  if (counts.files_stored != o.docs) return Internal("not every spool file was stored");
  return rate;
}

int Run(const Options& o) {
  auto opened = store::OpenStore(o.db);
  if (!opened.ok()) {
    std::fprintf(stderr, "store_ingest_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  store::Store& db = **opened;
  double first_cpu = 0, second_cpu = 0, first_others = 0, second_others = 0;
  auto first = RunScrape(db, 1, o, first_cpu, first_others);
  auto bytes_first = db.BytesOnDisk();
  auto second = RunScrape(db, 2, o, second_cpu, second_others);
  auto bytes_second = db.BytesOnDisk();
  for (const Status& s :
       {first.status(), second.status(), bytes_first.status(), bytes_second.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "store_ingest_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  std::printf(
      "{\"backend\":\"%s\",\"path\":\"%s\",\"pipeline\":%s,\"docs\":%d,\"batch\":%d,\"body_bytes\":"
      "%d,"
      "\"first_docs_per_s\":%.0f,\"second_docs_per_s\":%.0f,\"bytes_first\":%lld,"
      "\"bytes_second\":%lld,\"first_cpu_us_per_doc\":%.1f,\"second_cpu_us_per_doc\":%.1f,\"first_"
      "other_cores\":%.2f,\"second_other_cores\":%.2f}\n",
      std::string(db.Backend()).c_str(), o.path.c_str(), o.pipeline ? "true" : "false", o.docs,
      o.batch, o.body_bytes, *first, *second, static_cast<long long>(*bytes_first),
      static_cast<long long>(*bytes_second), first_cpu, second_cpu, first_others, second_others);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") {
      o.db = value;
    } else if (flag == "--path") {
      o.path = value;
    } else if (flag == "--docs") {
      o.docs = std::atoi(value.c_str());
    } else if (flag == "--batch") {
      o.batch = std::atoi(value.c_str());
    } else if (flag == "--body-bytes") {
      o.body_bytes = std::atoi(value.c_str());
    } else if (flag == "--spool") {
      o.spool = value;
    } else if (flag == "--pipeline") {
      o.pipeline = value != "0";
    } else if (flag == "--spool-only") {
      o.spool = value;
      o.spool_only = true;
    } else {
      std::fprintf(stderr, "store_ingest_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (o.spool_only) {
    WriteSpool("scrape_20250809_173531_00000001", 1, o);
    return 0;
  }
  if (o.db.empty() || o.docs < 1 || o.batch < 1 ||
      (o.path != "store" && o.path != "ingest" && o.path != "drain")) {
    std::fprintf(stderr,
                 "usage: store_ingest_bench --db URL [--path store|ingest|drain] [--docs N] "
                 "[--batch B] [--body-bytes S] [--spool DIR] [--pipeline 0|1]\n");
    return 2;
  }
  return Run(o);
}
