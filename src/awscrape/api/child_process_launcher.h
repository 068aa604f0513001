// ChildProcessLauncher: the production ScrapeLauncher. Runs `awscrape scrape` as a child
// process of the same binary (/proc/self/exe unless told otherwise) with
//   [--models DIR] scrape --scrape-id ID --spool-dir SPOOL --db URL --services S --regions R
//   [--profile P] --no-progress --json <extra args>
// The child runs the seed's whole workflow itself (workflow/scrape_ingestion.h): it saves the
// scrape's metadata, stores each page as it lands in SPOOL/ID, stores the outcome ledger and the
// final metadata, and removes the directory once everything is stored (exit 0; 3 when something
// could not be stored and stays in the spool). While it runs, every `poll_interval`, the launcher
// only observes:
//   - the new lines of the outcome ledger (`SPOOL/ID/_ledger.jsonl`) and the planned call count
//     from `_scrape.json` → CallProgress (done/total by outcome, ETA);
//   - the scrape's record in the store (pages stored, items) and the spool files still waiting
//     → IngestProgress.
// On cancel it sends SIGINT (the scraper stops cleanly and keeps what it fetched), then SIGKILL
// after `kill_grace`. Exit status is the return code; a signal is -signo, as Python's subprocess
// reports it (the seed's -9). The child's stdout and stderr go to SPOOL/.logs/ID.log. Safe to
// run several scrapes at once.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "awscrape/api/scrape_launcher.h"
#include "awscrape/store/store.h"

namespace awscrape::api {

struct ChildProcessOptions {
  std::string executable = "/proc/self/exe";
  std::string models_dir;               // passed as --models when set
  std::string database_url;             // passed as --db: where the child stores the scrape
  std::filesystem::path spool_dir;      // required
  std::vector<std::string> extra_args;  // appended to `scrape` (e.g. --endpoint-url URL)
  std::chrono::milliseconds poll_interval{250};
  std::chrono::milliseconds kill_grace{10'000};
};

class ChildProcessLauncher final : public ScrapeLauncher {
 public:
  ChildProcessLauncher(store::Store& store, ChildProcessOptions options);

  void Describe(const ScrapeJob& job, store::ScrapeRecord& record) override;
  ScrapeResult Run(const ScrapeJob& job, ScrapeObserver& observer,
                   const std::atomic<bool>& cancel) override;

  // The child's argument vector (argv[0] included), for Describe and tests.
  std::vector<std::string> CommandLine(const ScrapeJob& job) const;

 private:
  store::Store& store_;
  ChildProcessOptions options_;
};

}  // namespace awscrape::api
