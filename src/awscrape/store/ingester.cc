#include "awscrape/store/ingester.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "awscrape/store/response_body.h"
#include "awscrape/store/scrape_id.h"

namespace awscrape::store {

namespace fs = std::filesystem;

void IngestCounts::Add(const IngestCounts& other) {
  files_stored += other.files_stored;
  documents_inserted += other.documents_inserted;
  documents_unchanged += other.documents_unchanged;
  files_quarantined += other.files_quarantined;
  files_missing += other.files_missing;
  batches += other.batches;
  busy += other.busy;
  services.insert(other.services.begin(), other.services.end());
  regions.insert(other.regions.begin(), other.regions.end());
}

Ingester::Ingester(Store& store, IngesterOptions options)
    : store_(store), options_(std::move(options)) {}

Timestamp Ingester::Now() const {
  return TruncateToMillis(options_.now ? options_.now() : WallClockNow());
}

Result<const ScrapeRecord*> Ingester::EnsureScrape(const PendingFile& file) {
  if (auto it = scrapes_.find(file.scrape_id); it != scrapes_.end()) return &it->second;
  auto stored = store_.GetScrape(file.scrape_id);
  if (!stored.ok() && stored.status().code() == StatusCode::kNotFound) {
    // Files of a scrape nobody registered (aws-list-all output, a scraper that crashed before
    // saving its metadata): describe it from what the spool says.
    ScrapeRecord scrape;
    scrape.scrape_id = file.scrape_id;
    Timestamp now = Now();
    scrape.start_time = ScrapeIdTime(file.scrape_id).value_or(now);
    // As in the seed, created_at is the scrape's start: retention ages scrapes by when they ran.
    scrape.created_at = scrape.start_time;
    scrape.updated_at = now;
    scrape.temp_directory = file.path.parent_path().string();
    if (options_.describe_new_scrape) options_.describe_new_scrape(scrape);
    AWSCRAPE_RETURN_IF_ERROR(store_.CreateScrapeIfAbsent(scrape).status());
    stored = store_.GetScrape(file.scrape_id);
  }
  if (!stored.ok()) return stored.status();
  return &(scrapes_[file.scrape_id] = std::move(stored).value());
}

Status Ingester::Reject(const PendingFile& file, const Status& why, IngestCounts& counts) {
  std::string message = "Failed to process file: " + file.path.string();
  fs::path target;
  if (options_.delete_after_commit) {
    target = options_.quarantine_dir / file.scrape_id / file.path.filename();
    for (int n = 1; fs::exists(target); ++n) {  // keep earlier quarantined files of that name
      target = options_.quarantine_dir / file.scrape_id /
               (file.path.filename().string() + "." + std::to_string(n));
    }
    message += " (quarantined as " + target.string() + ")";
  }
  // The log entry first: if the store is down the file stays in the spool and is retried.
  LogEntry entry{Now(),   "ERROR",       options_.component, file.scrape_id,
                 message, why.message(), file.path.string()};
  AWSCRAPE_RETURN_IF_ERROR(store_.AppendLogs({&entry, 1}));
  ++counts.files_quarantined;
  if (!options_.delete_after_commit) return Status::Ok();
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  fs::rename(file.path, target, ec);
  if (ec) {
    // Across file systems rename fails: copy, then remove.
    std::error_code copy_ec;
    fs::copy_file(file.path, target, copy_ec);
    if (!copy_ec) fs::remove(file.path, copy_ec);
    if (copy_ec) {
      LogEntry failed{Now(),
                      "ERROR",
                      options_.component,
                      file.scrape_id,
                      "Cannot move file to quarantine: " + file.path.string(),
                      copy_ec.message(),
                      file.path.string()};
      (void)store_.AppendLogs({&failed, 1});
    }
  }
  return Status::Ok();
}

Ingester::ReadBatch Ingester::ReadNext(std::span<const PendingFile> files, size_t begin,
                                       size_t max_documents, SpoolDirFds& dirs,
                                       std::string& buffer) const {
  ReadBatch batch;
  batch.begin = begin;
  batch.files.reserve(std::min(files.size() - begin, max_documents));
  size_t documents = 0;
  size_t bytes = 0;
  size_t i = begin;
  while (i < files.size() && documents < max_documents && bytes < options_.batch_bytes) {
    const PendingFile& file = files[i++];
    ReadFile& read = batch.files.emplace_back();
    SpoolDirFds::At at = dirs.Locate(file.path);
    std::string_view contents;
    read.status = ReadSpoolFileAt(at, options_.max_file_bytes, /*to_eof=*/false, buffer, contents);
    if (!read.status.ok()) continue;
    std::string_view name = at.name;
    if (size_t slash = name.rfind('/'); slash != std::string_view::npos) {
      name.remove_prefix(slash + 1);
    }
    // Parsed in the read buffer, which the parse changes: `contents` is not looked at again.
    auto parsed = ParseSpoolFileInBuffer(buffer, contents.size(), name, options_.max_file_bytes);
    if (!parsed.ok()) {
      // A read that stopped short of the end (not seen on a regular file, but allowed) must not
      // send a good file to quarantine: read it again to its very end before judging it.
      read.status = ReadSpoolFileAt(at, options_.max_file_bytes, /*to_eof=*/true, buffer, contents);
      if (!read.status.ok()) continue;
      parsed = ParseSpoolFileInBuffer(buffer, contents.size(), name, options_.max_file_bytes);
      if (!parsed.ok()) {
        read.status = parsed.status();
        continue;
      }
    }
    read.spool = std::move(parsed).value();
    ++documents;
    bytes += read.spool.response.body.size();
  }
  batch.end = i;
  return batch;
}

Status Ingester::StoreBatch(std::span<const PendingFile> files, ReadBatch& batch,
                            IngestCounts& counts, std::vector<size_t>& to_delete) {
  // Documents ready to store, each with its split response and the file it came from.
  std::vector<ResponseDocument> documents;
  std::vector<SplitResponseBody> splits;
  std::vector<size_t> origin;
  documents.reserve(batch.files.size());
  splits.reserve(batch.files.size());
  origin.reserve(batch.files.size());
  for (size_t k = 0; k < batch.files.size(); ++k) {
    const size_t index = batch.begin + k;
    const PendingFile& file = files[index];
    ReadFile& read = batch.files[k];
    if (!read.status.ok()) {
      if (read.status.code() == StatusCode::kNotFound) {
        ++counts.files_missing;
        continue;
      }
      AWSCRAPE_RETURN_IF_ERROR(Reject(file, read.status, counts));
      continue;
    }
    AWSCRAPE_ASSIGN_OR_RETURN(const ScrapeRecord* scrape, EnsureScrape(file));
    SpoolFile& spool = read.spool;
    Timestamp now = Now();
    ResponseDocument& doc = documents.emplace_back();
    doc.scrape_id = file.scrape_id;
    doc.scrape_timestamp = scrape->start_time;
    doc.service = std::move(spool.service);
    doc.region = std::move(spool.region);
    doc.profile = std::move(spool.profile);
    doc.operation = std::move(spool.operation);
    doc.page = spool.page;
    doc.account_id = spool.account_id.empty() ? scrape->account_id : std::move(spool.account_id);
    doc.partition = spool.partition.empty() ? scrape->partition : std::move(spool.partition);
    doc.source_filename = file.path.filename().string();
    doc.temp_file_path = file.path.string();
    doc.item_count = spool.item_count;
    doc.processed_at = doc.created_at = doc.updated_at = now;
    splits.push_back(std::move(spool.response));
    origin.push_back(index);
  }
  if (documents.empty()) return Status::Ok();
  auto stored = [&](size_t i) {
    ++counts.files_stored;
    counts.services.insert(documents[i].service);
    if (documents[i].region) counts.regions.insert(*documents[i].region);
    if (options_.delete_after_commit) to_delete.push_back(origin[i]);
  };
  auto saved = store_.SaveSplitResponses(documents, splits);
  if (saved.ok()) {
    ++counts.batches;
    counts.documents_inserted += saved->inserted;
    counts.documents_unchanged += saved->unchanged;
    for (size_t i = 0; i < documents.size(); ++i) stored(i);
    return Status::Ok();
  }
  if (saved.status().code() != StatusCode::kInvalidArgument) return saved.status();
  // The backend refused some document (say, over its size limit): find it file by file.
  for (size_t i = 0; i < documents.size(); ++i) {
    auto one = store_.SaveSplitResponses({&documents[i], 1}, {&splits[i], 1});
    if (one.ok()) {
      ++counts.batches;
      counts.documents_inserted += one->inserted;
      counts.documents_unchanged += one->unchanged;
      stored(i);
    } else if (one.status().code() == StatusCode::kInvalidArgument) {
      AWSCRAPE_RETURN_IF_ERROR(Reject(files[origin[i]], one.status(), counts));
    } else {
      return one.status();
    }
  }
  return Status::Ok();
}

void Ingester::DeleteFiles(std::span<const PendingFile> files, const std::vector<size_t>& indexes,
                           SpoolDirFds& dirs) {
  // A file left behind (it cannot be deleted) is re-ingested later as unchanged: harmless.
  for (size_t index : indexes) (void)DeleteSpoolFileAt(dirs.Locate(files[index].path));
}

Status Ingester::IngestSequentially(std::span<const PendingFile> files, IngestCounts& counts,
                                    size_t& handled) {
  SpoolDirFds dirs;
  std::string buffer;
  while (handled < files.size() && !StopRequested()) {
    ReadBatch batch = ReadNext(files, handled, options_.batch_files, dirs, buffer);
    std::vector<size_t> to_delete;
    Status status = StoreBatch(files, batch, counts, to_delete);
    DeleteFiles(files, to_delete, dirs);
    if (!status.ok()) return status;
    handled = batch.end;
  }
  return Status::Ok();
}

size_t PipelinedBatchSize(size_t files, size_t max_batch) {
  // Reading a file and storing it take about as long, so the pipeline runs for about
  // (files + one batch) x that time, plus one commit per batch: the store step waits for the
  // first batch to be read, and nothing overlaps the last batch's commit and deletes. The sum is
  // least for batches of sqrt(files x commit / per-file time); a commit (its sync and the pages
  // every batch rewrites) costs about as much as storing ~400 small files (BENCHMARKS.md).
  constexpr double kCommitInFiles = 400;
  const auto best = static_cast<size_t>(std::sqrt(kCommitInFiles * static_cast<double>(files)));
  const size_t floor = std::min<size_t>(max_batch, 500);
  return std::clamp(best, std::max<size_t>(floor, 1), std::max<size_t>(max_batch, 1));
}

Status Ingester::IngestPipelined(std::span<const PendingFile> files, IngestCounts& counts,
                                 size_t& handled) {
  std::mutex mu;
  std::condition_variable changed;
  // All guarded by mu.
  std::optional<ReadBatch> ready;  // read ahead, waiting for the store step
  bool reader_done = false;        // no further batch will be read
  bool finished = false;           // the store step is over: read no more, delete what is queued
  // Committed files in slices, in commit order: the deleters take them one by one, and the
  // calling thread, out of batches to store, helps with what is left.
  std::deque<std::vector<size_t>> deletions;
  constexpr size_t kDeleteSlice = 512;

  const size_t batch_documents = PipelinedBatchSize(files.size(), options_.batch_files);
  auto read_ahead = [&] {
    SpoolDirFds dirs;
    std::string buffer;
    size_t next = 0;
    while (next < files.size() && !StopRequested()) {
      {
        // Wait until the batch read before was taken: at most two batches in memory.
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return !ready || finished; });
        if (finished) break;
      }
      ReadBatch batch = ReadNext(files, next, batch_documents, dirs, buffer);
      next = batch.end;
      std::lock_guard lock(mu);
      if (finished) break;
      ready = std::move(batch);
      changed.notify_all();
    }
    std::lock_guard lock(mu);
    reader_done = true;
    changed.notify_all();
  };
  auto delete_committed = [&] {
    SpoolDirFds dirs;
    for (;;) {
      std::vector<size_t> batch;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return !deletions.empty() || finished; });
        if (deletions.empty()) return;
        batch = std::move(deletions.front());
        deletions.pop_front();
      }
      DeleteFiles(files, batch, dirs);
    }
  };
  std::thread reader;
  std::vector<std::thread> deleters;
  try {
    reader = std::thread(read_ahead);
  } catch (const std::system_error&) {
    // No thread to be had: one thread does it all.
    return IngestSequentially(files, counts, handled);
  }
  try {
    const size_t wanted = std::max<size_t>(options_.delete_threads, 1);
    while (deleters.size() < wanted) deleters.emplace_back(delete_committed);
  } catch (const std::system_error&) {
    // Fewer deleters than asked for; with none at all, the calling thread deletes at the end.
  }

  Status status;
  for (;;) {
    ReadBatch batch;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return ready.has_value() || reader_done; });
      if (!ready) break;
      batch = std::move(*ready);
      ready.reset();
      changed.notify_all();
    }
    if (StopRequested()) break;
    std::vector<size_t> to_delete;
    status = StoreBatch(files, batch, counts, to_delete);
    if (!to_delete.empty()) {
      std::lock_guard lock(mu);
      for (size_t at = 0; at < to_delete.size(); at += kDeleteSlice) {
        auto from = to_delete.begin() + static_cast<std::ptrdiff_t>(at);
        auto to = to_delete.begin() +
                  static_cast<std::ptrdiff_t>(std::min(at + kDeleteSlice, to_delete.size()));
        deletions.emplace_back(from, to);
      }
      changed.notify_all();
    }
    if (!status.ok()) break;
    handled = batch.end;
  }
  {
    std::lock_guard lock(mu);
    finished = true;
    changed.notify_all();
  }
  // Share the deleters' backlog: the last batch's files would otherwise be their work alone.
  SpoolDirFds dirs;
  for (;;) {
    std::vector<size_t> slice;
    {
      std::lock_guard lock(mu);
      if (deletions.empty()) break;
      slice = std::move(deletions.back());
      deletions.pop_back();
    }
    DeleteFiles(files, slice, dirs);
  }
  reader.join();
  for (std::thread& deleter : deleters) deleter.join();
  return status;
}

Status Ingester::IngestFiles(std::span<const PendingFile> files, IngestCounts& counts,
                             size_t* handled) {
  size_t done = 0;
  // One batch or less has nothing to overlap: no threads.
  Status status =
      options_.pipeline && files.size() > PipelinedBatchSize(files.size(), options_.batch_files)
          ? IngestPipelined(files, counts, done)
          : IngestSequentially(files, counts, done);
  if (handled) *handled = done;
  return status;
}

}  // namespace awscrape::store
