// Ingester: stores spool files (spool_file.h) in batches — the seed's Data Processor behind its
// File Watcher Service (spool_watcher.h drives it from inotify).
//
// For each batch of files: read and parse them, make sure each file's scrape has a `scrapes`
// document (one is created from the scrape id's time when the scraper has not saved one), store
// their pages with one SaveResponses call, and only after that commit, delete the files (in
// spool mode). A file that cannot be ingested — unreadable, not JSON, wrong fields, oversized,
// misnamed — gets an ERROR entry in `logs` (the seed's fields) and, in spool mode, is moved to
// the quarantine folder (`<quarantine>/<scrape_id>/<file>`); it is never silently dropped.
// Ingesting a file twice changes nothing (the store's unique key), so a crash between commit and
// delete is harmless. When the store fails (down, locked), IngestFiles stops at that batch and
// returns the error; files not committed stay where they are for a later retry.
//
// Not thread-safe: one thread drives an Ingester. The Store it uses must outlive it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "awscrape/core/result.h"
#include "awscrape/store/spool_file.h"
#include "awscrape/store/store.h"

namespace awscrape::store {

struct IngesterOptions {
  // Spool mode deletes files once committed and moves bad files to `quarantine_dir`; import
  // mode (false) leaves the directory untouched and only logs bad files.
  bool delete_after_commit = true;
  std::filesystem::path quarantine_dir;  // required in spool mode
  size_t batch_files = 10000;  // larger batches: fewer commits, far faster (BENCHMARKS.md)
  size_t batch_bytes = 32u << 20;
  size_t max_file_bytes = kDefaultMaxSpoolFileBytes;
  std::string component = "FileWatcher";  // the `component` of log entries
  std::function<Timestamp()> now;         // wall clock; WallClockNow when empty
  // Defaults for a scrape document the ingester has to create (account, partition, ...).
  std::function<void(ScrapeRecord&)> describe_new_scrape;
};

struct PendingFile {
  std::filesystem::path path;
  std::string scrape_id;
  friend auto operator<=>(const PendingFile&, const PendingFile&) = default;
};

struct IngestCounts {
  int64_t files_stored = 0;  // committed (inserted or already there)
  int64_t documents_inserted = 0;
  int64_t documents_unchanged = 0;
  int64_t files_quarantined = 0;  // or, in import mode, rejected and logged
  int64_t files_missing = 0;      // gone before they were read (already handled)
  int64_t batches = 0;
  std::set<std::string> services;  // of the stored files
  std::set<std::string> regions;

  void Add(const IngestCounts& other);
};

class Ingester {
 public:
  Ingester(Store& store, IngesterOptions options);
  Ingester(const Ingester&) = delete;
  Ingester& operator=(const Ingester&) = delete;

  // Ingests `files` in order, batch by batch. Counts what was done even when it fails; on a
  // store error, returns it and leaves the remaining files in place.
  Status IngestFiles(std::span<const PendingFile> files, IngestCounts& counts);

  const IngesterOptions& options() const { return options_; }

 private:
  // Documents ready to store, each with the file it came from (same index): the store takes
  // the documents as one span, the files are deleted once it has committed them.
  struct Batch {
    std::vector<ResponseDocument> documents;
    std::vector<const PendingFile*> files;
    size_t bytes = 0;
    void Clear() {
      documents.clear();
      files.clear();
      bytes = 0;
    }
  };
  Timestamp Now() const;
  Result<ScrapeRecord> EnsureScrape(const PendingFile& file);
  // Quarantines (or, in import mode, just logs) a file that cannot be ingested.
  Status Reject(const PendingFile& file, const Status& why, IngestCounts& counts);
  Status CommitBatch(Batch& batch, IngestCounts& counts);

  Store& store_;
  IngesterOptions options_;
  std::map<std::string, ScrapeRecord> scrapes_;  // known scrape documents, by id
};

}  // namespace awscrape::store
