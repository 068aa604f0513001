#include "awscrape/api/child_process_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "awscrape/core/file.h"
#include "awscrape/core/json.h"
#include "awscrape/scrape/ledger.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "awscrape/spool/spool_name.h"

extern char** environ;

namespace awscrape::api {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Reads the ledger's complete lines as they are appended.
class LedgerTail {
 public:
  explicit LedgerTail(fs::path path) : path_(std::move(path)) {}

  // Parses the lines appended since the last call.
  void Poll() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return;
    in.seekg(static_cast<std::streamoff>(offset_));
    std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    offset_ += chunk.size();
    partial_ += chunk;
    size_t start = 0;
    for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
      auto record = scrape::ParseLedgerLine(std::string_view(partial_).substr(start, nl - start));
      if (record.ok()) records_.push_back(std::move(*record));
    }
    partial_.erase(0, start);
  }

  const std::vector<scrape::CallRecord>& records() const { return records_; }

 private:
  fs::path path_;
  uint64_t offset_ = 0;
  std::string partial_;
  std::vector<scrape::CallRecord> records_;
};

int64_t PlannedCalls(const fs::path& metadata_path) {
  auto text = ReadFile(metadata_path);
  if (!text.ok()) return 0;
  auto doc = ParseJson(*text);
  if (!doc.ok() || !doc->IsObject()) return 0;
  const JsonValue* planned = FindMember(*doc, "planned_calls");
  return planned && planned->IsInt64() ? planned->GetInt64() : 0;
}

CallProgress ProgressOf(const std::vector<scrape::CallRecord>& records, int64_t planned,
                        Clock::time_point started) {
  CallProgress p;
  p.planned = planned;
  p.finished = static_cast<int64_t>(records.size());
  for (int i = 0; i < scrape::kCallOutcomeCount; ++i) {
    p.by_outcome[std::string(scrape::CallOutcomeName(static_cast<scrape::CallOutcome>(i)))] = 0;
  }
  for (const auto& r : records) ++p.by_outcome[std::string(scrape::CallOutcomeName(r.outcome))];
  p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (p.finished > 0 && planned >= p.finished) {
    p.eta_seconds = p.elapsed_seconds / static_cast<double>(p.finished) *
                    static_cast<double>(planned - p.finished);
  }
  return p;
}

}  // namespace

ChildProcessLauncher::ChildProcessLauncher(store::Store& store, ChildProcessOptions options)
    : store_(store), options_(std::move(options)) {}

std::vector<std::string> ChildProcessLauncher::CommandLine(const ScrapeJob& job) const {
  std::vector<std::string> argv = {options_.executable};
  if (!options_.models_dir.empty()) argv.insert(argv.end(), {"--models", options_.models_dir});
  argv.insert(argv.end(),
              {"scrape", "--scrape-id", job.scrape_id, "--spool-dir", options_.spool_dir.string(),
               "--services", job.services ? Join(*job.services) : "all"});
  if (!options_.database_url.empty()) argv.insert(argv.end(), {"--db", options_.database_url});
  if (!job.regions.empty()) argv.insert(argv.end(), {"--regions", Join(job.regions)});
  if (job.profile && !job.profile->empty()) argv.insert(argv.end(), {"--profile", *job.profile});
  argv.insert(argv.end(), {"--no-progress", "--json"});
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  return argv;
}

void ChildProcessLauncher::Describe(const ScrapeJob& job, store::ScrapeRecord& record) {
  record.command = CommandLine(job);
  record.command[0] = "awscrape";
  record.temp_directory = (options_.spool_dir / job.scrape_id).string();
}

ScrapeResult ChildProcessLauncher::Run(const ScrapeJob& job, ScrapeObserver& observer,
                                       const std::atomic<bool>& cancel) {
  const fs::path dir = options_.spool_dir / job.scrape_id;
  const fs::path logs = options_.spool_dir / ".logs";
  std::error_code ec;
  fs::create_directories(logs, ec);
  if (ec) return {false, -1, "cannot create " + logs.string() + ": " + ec.message()};

  std::vector<std::string> args = CommandLine(job);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string log_path = (logs / (job.scrape_id + ".log")).string();
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return {false, -1, "cannot start " + args[0] + ": " + std::strerror(rc)};
  }

  // Ingestion is the child's; what it has stored so far is in the scrape's record.
  IngestProgress last_ingest{-1, -1, 0, -1};
  auto ingest_round = [&] {
    IngestProgress progress;
    auto record = store_.GetScrape(job.scrape_id);
    if (!record.ok()) return;
    progress.files_stored = record->files_processed_to_mongo;
    progress.documents_inserted = record->files_processed_to_mongo;
    std::error_code list_ec;
    for (fs::directory_iterator it(dir, list_ec), end; !list_ec && it != end;
         it.increment(list_ec)) {
      if (spool::ParseSpoolFileName(it->path().filename().string())) ++progress.files_pending;
    }
    if (progress.files_stored != last_ingest.files_stored ||
        progress.files_pending != last_ingest.files_pending) {
      last_ingest = progress;
      observer.OnIngestProgress(progress);
    }
  };

  LedgerTail ledger(dir / scrape::kLedgerFileName);
  const fs::path metadata_path = dir / scrape::kScrapeMetadataFileName;
  const Clock::time_point started = Clock::now();
  int64_t planned = 0;
  size_t reported = static_cast<size_t>(-1);
  auto progress_round = [&] {
    if (planned == 0) planned = PlannedCalls(metadata_path);
    ledger.Poll();
    if (ledger.records().size() != reported) {
      reported = ledger.records().size();
      observer.OnCallProgress(ProgressOf(ledger.records(), planned, started));
    }
  };

  int wait_status = 0;
  bool reaped = false;
  bool interrupted = false;
  std::optional<Clock::time_point> kill_at;
  while (true) {
    pid_t done = waitpid(pid, &wait_status, WNOHANG);
    if (done == pid) {
      reaped = true;
      break;
    }
    if (done < 0 && errno != EINTR) break;
    if (cancel.load() && !interrupted) {
      interrupted = true;
      kill(pid, SIGINT);
      kill_at = Clock::now() + options_.kill_grace;
    }
    if (kill_at && Clock::now() > *kill_at) {
      kill(pid, SIGKILL);
      kill_at.reset();
    }
    progress_round();
    ingest_round();
    std::this_thread::sleep_for(options_.poll_interval);
  }
  progress_round();
  ingest_round();
  // The child removes its ledger once stored: the stored ledger is the complete count.
  CallProgress final_progress = ProgressOf(ledger.records(), planned, started);
  if (auto stored = store_.QueryOutcomes(store::OutcomeFilter{job.scrape_id});
      stored.ok() && static_cast<int64_t>(stored->size()) > final_progress.finished) {
    final_progress.finished = static_cast<int64_t>(stored->size());
    for (auto& [name, n] : final_progress.by_outcome) n = 0;
    for (const auto& o : *stored)
      ++final_progress.by_outcome[std::string(store::CallOutcomeName(o.outcome))];
    final_progress.eta_seconds = 0;
  }
  observer.OnCallProgress(final_progress);

  ScrapeResult result;
  if (!reaped) {
    result.message = std::string("lost track of the scrape process: ") + std::strerror(errno);
    return result;
  }
  if (WIFEXITED(wait_status)) {
    result.return_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    result.return_code = -WTERMSIG(wait_status);  // as Python's subprocess reports it
  }
  result.success = result.return_code == 0;
  if (result.return_code != 0) {
    result.message = "awscrape scrape exited with " + std::to_string(result.return_code) +
                     (result.return_code == 3 ? " (not everything could be stored; the rest is in "
                                                "the spool for `awscrape ingest --watch`)"
                                              : "") +
                     "; its output is in " + log_path;
  }
  return result;
}

}  // namespace awscrape::api
