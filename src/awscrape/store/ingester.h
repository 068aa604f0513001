// Ingester: stores spool files (spool_file.h) in batches — the seed's Data Processor behind its
// File Watcher Service (spool_watcher.h drives it from inotify).
//
// For each batch of files: read and parse them, make sure each file's scrape has a `scrapes`
// document (one is created from the scrape id's time when the scraper has not saved one), store
// their pages with one SaveSplitResponses call, and only after that commit, delete the files (in
// spool mode). A file that cannot be ingested — unreadable, not JSON, wrong fields, oversized,
// misnamed — gets an ERROR entry in `logs` (the seed's fields) and, in spool mode, is moved to
// the quarantine folder (`<quarantine>/<scrape_id>/<file>`); it is never silently dropped.
// Ingesting a file twice changes nothing (the store's unique key), so a crash between commit and
// delete is harmless. When the store fails (down, locked), IngestFiles stops at that batch and
// returns the error; files not committed stay where they are for a later retry.
//
// Pipeline: given more than one batch of files (PipelinedBatchSize: up to batch_files, fewer
// for fewer files), IngestFiles runs three steps at once, in order per batch: a reader thread
// reads and parses batch N+1 (one JSON pass per file) while the calling thread stores and
// commits batch N, and deleter threads unlink the files of a batch once that batch has
// committed. Several deleters, because an unlink can wait on the disk rather than the CPU: on
// ext4 mounted with `discard`, removing a file whose blocks reached the disk waits for a
// synchronous discard (~50 us), so one thread manages ~15k files/s and four ~37k. At most two
// batches of documents are in memory (the one being committed and the one read ahead); the
// deleters hold only file indexes. On a store error or a stop request nothing after the last
// committed batch is touched, and IngestFiles returns only after the deleters have finished.
// All store calls happen on the calling thread.
//
// Not thread-safe: one thread drives an Ingester. The Store it uses must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <compare>
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
#include "awscrape/store/spool_dir_io.h"
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
  // Read ahead and delete on threads of their own (see above); false: one thread does it all.
  bool pipeline = true;
  size_t delete_threads = 4;  // with the pipeline; at least 1
  // When set and true, IngestFiles stops between batches: a commit under way finishes, files
  // read but not committed stay in the spool. Must outlive the Ingester.
  const std::atomic<bool>* stop = nullptr;
};

struct PendingFile {
  std::filesystem::path path;
  std::string scrape_id;
  // By the path's text, then the scrape: a watcher keeps tens of thousands in a std::set, and
  // path's own ordering (component by component) costs several times more.
  friend std::strong_ordering operator<=>(const PendingFile& a, const PendingFile& b) {
    if (int c = a.path.native().compare(b.path.native()); c != 0) return c <=> 0;
    return a.scrape_id <=> b.scrape_id;
  }
  friend bool operator==(const PendingFile& a, const PendingFile& b) {
    return a.path.native() == b.path.native() && a.scrape_id == b.scrape_id;
  }
};

struct IngestCounts {
  int64_t files_stored = 0;  // committed (inserted or already there)
  int64_t documents_inserted = 0;
  int64_t documents_unchanged = 0;
  int64_t files_quarantined = 0;  // or, in import mode, rejected and logged
  int64_t files_missing = 0;      // gone before they were read (already handled)
  int64_t batches = 0;
  // Time spent reading, storing and deleting the files, and finding them in DrainOnce's scan:
  // for a rate users can compare with their scrape.
  std::chrono::nanoseconds busy{0};
  std::set<std::string> services;  // of the stored files
  std::set<std::string> regions;

  void Add(const IngestCounts& other);
};

// Documents per batch when the pipeline ingests `files` files with batches of at most
// `max_batch`: smaller batches for fewer files, so the work that cannot overlap (reading the
// first batch, committing and deleting the last) stays short.
size_t PipelinedBatchSize(size_t files, size_t max_batch);

class Ingester {
 public:
  Ingester(Store& store, IngesterOptions options);
  Ingester(const Ingester&) = delete;
  Ingester& operator=(const Ingester&) = delete;

  // Ingests `files` in order, batch by batch. Counts what was done even when it fails; on a
  // store error, returns it and leaves the remaining files in place. `handled`, when given, is
  // set to how many of `files`, from the front, are done with (stored, quarantined or found
  // gone): the rest were not committed (store error, stop request) and are to be retried.
  Status IngestFiles(std::span<const PendingFile> files, IngestCounts& counts,
                     size_t* handled = nullptr);

  const IngesterOptions& options() const { return options_; }

 private:
  // One file as the reader left it: `status` kNotFound when it was gone, another error when it
  // cannot be ingested, ok with `spool` parsed.
  struct ReadFile {
    Status status;
    SpoolFile spool;
  };
  // Files [begin, end) of the list, read; `files[i]` is file `begin + i`.
  struct ReadBatch {
    size_t begin = 0;
    size_t end = 0;
    std::vector<ReadFile> files;
  };
  // Reader's step: reads and parses files from `begin` until a batch is full. Touches no store
  // and no member but the options: safe on another thread.
  // At most `max_documents` good files (and batch_bytes) per batch.
  ReadBatch ReadNext(std::span<const PendingFile> files, size_t begin, size_t max_documents,
                     SpoolDirFds& dirs, std::string& buffer) const;
  // Store's step: quarantines what the reader rejected, stores the rest in one transaction and
  // appends the indexes of the committed files (spool mode) to `to_delete`, also on error.
  Status StoreBatch(std::span<const PendingFile> files, ReadBatch& batch, IngestCounts& counts,
                    std::vector<size_t>& to_delete);
  static void DeleteFiles(std::span<const PendingFile> files, const std::vector<size_t>& indexes,
                          SpoolDirFds& dirs);
  Status IngestSequentially(std::span<const PendingFile> files, IngestCounts& counts,
                            size_t& handled);
  Status IngestPipelined(std::span<const PendingFile> files, IngestCounts& counts, size_t& handled);
  bool StopRequested() const { return options_.stop && options_.stop->load(); }
  Timestamp Now() const;
  Result<const ScrapeRecord*> EnsureScrape(const PendingFile& file);
  // Quarantines (or, in import mode, just logs) a file that cannot be ingested.
  Status Reject(const PendingFile& file, const Status& why, IngestCounts& counts);

  Store& store_;
  IngesterOptions options_;
  std::map<std::string, ScrapeRecord> scrapes_;  // known scrape documents, by id
};

}  // namespace awscrape::store
