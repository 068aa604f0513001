#include "awscrape/store/ingester.h"

#include <system_error>
#include <utility>

#include "awscrape/core/file.h"
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
  services.insert(other.services.begin(), other.services.end());
  regions.insert(other.regions.begin(), other.regions.end());
}

Ingester::Ingester(Store& store, IngesterOptions options)
    : store_(store), options_(std::move(options)) {}

Timestamp Ingester::Now() const {
  return TruncateToMillis(options_.now ? options_.now() : WallClockNow());
}

Result<ScrapeRecord> Ingester::EnsureScrape(const PendingFile& file) {
  if (auto it = scrapes_.find(file.scrape_id); it != scrapes_.end()) return it->second;
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
  scrapes_[file.scrape_id] = *stored;
  return stored;
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

Status Ingester::CommitBatch(Batch& batch, IngestCounts& counts) {
  if (batch.documents.empty()) return Status::Ok();
  auto finish = [&](size_t i) {
    const ResponseDocument& document = batch.documents[i];
    ++counts.files_stored;
    counts.services.insert(document.service);
    if (document.region) counts.regions.insert(*document.region);
    if (options_.delete_after_commit) {
      std::error_code ec;  // a file left behind is re-ingested as unchanged: harmless
      fs::remove(batch.files[i]->path, ec);
    }
  };
  auto saved = store_.SaveResponses(batch.documents);
  if (saved.ok()) {
    ++counts.batches;
    counts.documents_inserted += saved->inserted;
    counts.documents_unchanged += saved->unchanged;
    for (size_t i = 0; i < batch.documents.size(); ++i) finish(i);
    batch.Clear();
    return Status::Ok();
  }
  if (saved.status().code() != StatusCode::kInvalidArgument) return saved.status();
  // The backend refused some document (say, over its size limit): find it file by file.
  for (size_t i = 0; i < batch.documents.size(); ++i) {
    auto one = store_.SaveResponses({&batch.documents[i], 1});
    if (one.ok()) {
      ++counts.batches;
      counts.documents_inserted += one->inserted;
      counts.documents_unchanged += one->unchanged;
      finish(i);
    } else if (one.status().code() == StatusCode::kInvalidArgument) {
      AWSCRAPE_RETURN_IF_ERROR(Reject(*batch.files[i], one.status(), counts));
    } else {
      return one.status();
    }
  }
  batch.Clear();
  return Status::Ok();
}

Status Ingester::IngestFiles(std::span<const PendingFile> files, IngestCounts& counts) {
  Batch batch;
  for (const PendingFile& file : files) {
    // open + fstat + read + close: the cheapest way to learn all of it, file by file.
    auto contents = ReadRegularFile(file.path, options_.max_file_bytes);
    if (!contents.ok()) {
      if (contents.status().code() == StatusCode::kNotFound) {
        ++counts.files_missing;
        continue;
      }
      AWSCRAPE_RETURN_IF_ERROR(Reject(file, contents.status(), counts));
      continue;
    }
    auto parsed = ParseSpoolFile(*contents, file.path.filename().string(), options_.max_file_bytes);
    if (!parsed.ok()) {
      AWSCRAPE_RETURN_IF_ERROR(Reject(file, parsed.status(), counts));
      continue;
    }
    AWSCRAPE_ASSIGN_OR_RETURN(ScrapeRecord scrape, EnsureScrape(file));
    SpoolFile& spool = *parsed;
    Timestamp now = Now();
    ResponseDocument doc;
    doc.scrape_id = file.scrape_id;
    doc.scrape_timestamp = scrape.start_time;
    doc.service = std::move(spool.service);
    doc.region = std::move(spool.region);
    doc.profile = std::move(spool.profile);
    doc.operation = std::move(spool.operation);
    doc.page = spool.page;
    doc.account_id = spool.account_id.empty() ? scrape.account_id : spool.account_id;
    doc.partition = spool.partition.empty() ? scrape.partition : spool.partition;
    doc.source_filename = file.path.filename().string();
    doc.temp_file_path = file.path.string();
    doc.response = std::move(spool.response);
    doc.item_count = spool.item_count;
    doc.processed_at = doc.created_at = doc.updated_at = now;
    batch.bytes += doc.response.size();
    batch.documents.push_back(std::move(doc));
    batch.files.push_back(&file);
    if (batch.documents.size() >= options_.batch_files || batch.bytes >= options_.batch_bytes) {
      AWSCRAPE_RETURN_IF_ERROR(CommitBatch(batch, counts));
    }
  }
  return CommitBatch(batch, counts);
}

}  // namespace awscrape::store
