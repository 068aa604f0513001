#include "awscrape/store/spool_watcher.h"

#include <dirent.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <vector>

#include "awscrape/spool/spool_name.h"

namespace awscrape::store {

namespace fs = std::filesystem;
using Millis = std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

constexpr uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO;
constexpr uint32_t kRootEvents = IN_CREATE | IN_MOVED_TO;

bool IsHidden(std::string_view name) { return name.empty() || name.front() == '.'; }

// Calls `visit(name, is_directory)` for each entry of `dir` but "." and "..", in the directory's
// order. readdir's d_type spares a stat per entry (tens of thousands in a spool); a symbolic
// link, or a file system that does not fill d_type, is stat'ed (following the link, as
// directory_entry::is_directory does). A directory that cannot be read lists as empty.
template <typename Visit>
void ListSpoolDir(const fs::path& dir, Visit visit) {
  DIR* stream = ::opendir(dir.c_str());
  if (!stream) return;
  while (const dirent* entry = ::readdir(stream)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    bool is_directory = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
      struct stat st;
      is_directory = ::fstatat(::dirfd(stream), entry->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
    }
    visit(name, is_directory);
  }
  ::closedir(stream);
}

// Stop() then also ends an ingestion between two batches.
IngesterOptions WithStopFlag(IngesterOptions options, const std::atomic<bool>* stop) {
  options.stop = stop;
  return options;
}

// Batches handed to the ingester per call while watching: enough to keep its pipeline busy
// (reading one batch while it commits another), few enough that inotify's queue is read every
// second or two. DrainOnce, with no events to read, hands it everything at once.
constexpr size_t kBatchesPerChunk = 4;
// How long without files before Run() tells the store that writes paused.
constexpr std::chrono::seconds kPauseAfter{1};

}  // namespace

Result<std::unique_ptr<SpoolWatcher>> SpoolWatcher::Create(Store& store,
                                                           SpoolWatcherOptions options) {
  std::error_code ec;
  if (!fs::is_directory(options.spool_dir, ec)) {
    return NotFound("spool directory '" + options.spool_dir.string() + "' does not exist");
  }
  options.spool_dir = fs::absolute(options.spool_dir).lexically_normal();
  if (!options.spool_dir.has_filename()) options.spool_dir = options.spool_dir.parent_path();
  if (options.ingest.quarantine_dir.empty()) {
    fs::path base = options.scrape_id ? options.spool_dir.parent_path() : options.spool_dir;
    options.ingest.quarantine_dir = base / ".quarantine";
  }
  int inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd < 0) return IoErrorFromErrno("inotify_init1");
  int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd < 0) {
    Status status = IoErrorFromErrno("eventfd");
    close(inotify_fd);
    return status;
  }
  return std::unique_ptr<SpoolWatcher>(
      new SpoolWatcher(store, std::move(options), inotify_fd, wake_fd));
}

SpoolWatcher::SpoolWatcher(Store& store, SpoolWatcherOptions options, int inotify_fd, int wake_fd)
    : store_(store),
      options_(std::move(options)),
      ingester_(store, WithStopFlag(options_.ingest, &stop_)),
      inotify_fd_(inotify_fd),
      wake_fd_(wake_fd) {}

SpoolWatcher::~SpoolWatcher() {
  close(inotify_fd_);
  close(wake_fd_);
}

void SpoolWatcher::Stop() {
  stop_.store(true);
  uint64_t one = 1;
  ssize_t ignored = write(wake_fd_, &one, sizeof one);
  (void)ignored;
}

IngestCounts SpoolWatcher::counts() const {
  std::lock_guard lock(counts_mu_);
  return counts_;
}

void SpoolWatcher::ScanScrapeDir(const fs::path& dir, const std::string& scrape_id,
                                 std::vector<PendingFile>& out) {
  unsettled_[scrape_id] = dir;
  ListSpoolDir(dir, [&](std::string_view name, bool is_directory) {
    if (is_directory || spool::IsIgnoredSpoolFileName(name)) return;
    out.push_back(PendingFile{dir / name, scrape_id});
  });
}

std::vector<PendingFile> SpoolWatcher::ScanAllSorted() {
  std::vector<PendingFile> out;
  if (options_.scrape_id) {
    ScanScrapeDir(options_.spool_dir, *options_.scrape_id, out);
  } else {
    ListSpoolDir(options_.spool_dir, [&](std::string_view name, bool is_directory) {
      if (IsHidden(name) || !is_directory) return;
      std::string scrape_id(name);
      ScanScrapeDir(options_.spool_dir / name, scrape_id, out);
    });
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::set<PendingFile> SpoolWatcher::ScanAll() {
  std::vector<PendingFile> sorted = ScanAllSorted();
  return std::set<PendingFile>(std::make_move_iterator(sorted.begin()),
                               std::make_move_iterator(sorted.end()));
}

void SpoolWatcher::WatchScrapeDir(const fs::path& dir, const std::string& scrape_id) {
  int wd = inotify_add_watch(inotify_fd_, dir.c_str(), kFileEvents | IN_ONLYDIR);
  if (wd >= 0) watches_[wd] = Watched{dir, scrape_id};
}

bool SpoolWatcher::ReadEvents(std::set<PendingFile>& pending) {
  alignas(struct inotify_event) char buffer[64 * 1024];
  while (true) {
    ssize_t n = read(inotify_fd_, buffer, sizeof buffer);
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    if (n == 0) return true;
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<struct inotify_event*>(p);
      p += sizeof(struct inotify_event) + event->len;
      std::string name = event->len ? std::string(event->name) : std::string();
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost: look at everything again.
        std::set<PendingFile> all = ScanAll();
        pending.insert(all.begin(), all.end());
        continue;
      }
      if (event->mask & IN_IGNORED) {
        watches_.erase(event->wd);
        continue;
      }
      if (event->wd == root_watch_ && !options_.scrape_id) {
        if ((event->mask & IN_ISDIR) && !IsHidden(name)) {
          fs::path dir = options_.spool_dir / name;
          WatchScrapeDir(dir, name);
          std::vector<PendingFile> found;  // files written before the watch existed
          ScanScrapeDir(dir, name, found);
          pending.insert(std::make_move_iterator(found.begin()),
                         std::make_move_iterator(found.end()));
        }
        continue;
      }
      auto it = watches_.find(event->wd);
      if (it == watches_.end() || (event->mask & IN_ISDIR)) continue;
      if (!name.empty() && name.front() == '_') unsettled_[it->second.scrape_id] = it->second.dir;
      if (spool::IsIgnoredSpoolFileName(name)) continue;
      pending.insert(PendingFile{it->second.dir / name, it->second.scrape_id});
    }
  }
}

Status SpoolWatcher::IngestChunk(std::set<PendingFile>& pending, size_t max_files) {
  const size_t limit = std::max<size_t>(max_files, 1);
  // The chunk's files are moved out of `pending` (no copies of tens of thousands of paths) and
  // what was not handled goes back.
  std::vector<PendingFile> chunk;
  chunk.reserve(std::min(pending.size(), limit));
  while (!pending.empty() && chunk.size() < limit) {
    chunk.push_back(std::move(pending.extract(pending.begin()).value()));
  }
  size_t handled = 0;
  Status status = IngestSorted(chunk, handled);
  // They sort before everything left in `pending`, in order: each goes just before its old first.
  const auto first_left = pending.begin();
  for (size_t i = handled; i < chunk.size(); ++i) pending.insert(first_left, std::move(chunk[i]));
  pending_count_.store(pending.size());
  return status;
}

Status SpoolWatcher::IngestSorted(std::span<const PendingFile> files, size_t& handled) {
  IngestCounts counts;
  handled = 0;
  const SteadyTime started = std::chrono::steady_clock::now();
  Status status = ingester_.IngestFiles(files, counts, &handled);
  counts.busy = std::chrono::steady_clock::now() - started;
  if (handled > 0) wrote_since_pause_ = true;
  {
    std::lock_guard lock(counts_mu_);
    counts_.Add(counts);
  }
  // What was committed, quarantined or found gone is done with: the first `handled` files.
  const std::string* last_scrape = nullptr;
  for (size_t i = 0; i < handled; ++i) {
    if (last_scrape && *last_scrape == files[i].scrape_id) continue;
    last_scrape = &files[i].scrape_id;
    unsettled_[files[i].scrape_id] = files[i].path.parent_path();
  }
  return status;
}

void SpoolWatcher::NotifySettled(const std::set<PendingFile>& pending) {
  std::set<std::string> busy;
  if (options_.on_scrape_settled) {
    for (const PendingFile& file : pending) busy.insert(file.scrape_id);
  }
  NotifySettled(busy);
}

void SpoolWatcher::NotifySettled(const std::set<std::string>& busy) {
  if (!options_.on_scrape_settled || unsettled_.empty()) {
    unsettled_.clear();
    return;
  }
  for (auto it = unsettled_.begin(); it != unsettled_.end() && !stop_.load();) {
    if (busy.contains(it->first)) {
      ++it;
      continue;
    }
    options_.on_scrape_settled(it->first, it->second);
    it = unsettled_.erase(it);
  }
}

void SpoolWatcher::TellWritesPaused() {
  if (!wrote_since_pause_) return;
  store_.WritesPaused();
  wrote_since_pause_ = false;
}

Status SpoolWatcher::DrainOnce() {
  // One sorted list and one IngestFiles call: nothing to copy into or erase from a set.
  const SteadyTime scan_started = std::chrono::steady_clock::now();
  std::vector<PendingFile> files = ScanAllSorted();
  {
    std::lock_guard lock(counts_mu_);
    counts_.busy += std::chrono::steady_clock::now() - scan_started;
  }
  pending_count_.store(files.size());
  size_t handled = 0;
  if (!files.empty() && !stop_.load()) {
    Status status = IngestSorted(files, handled);
    pending_count_.store(files.size() - handled);
    AWSCRAPE_RETURN_IF_ERROR(status);
  }
  TellWritesPaused();
  std::set<std::string> busy;  // scrapes with files left (after a stop)
  for (size_t i = handled; i < files.size(); ++i) busy.insert(files[i].scrape_id);
  NotifySettled(busy);
  return Status::Ok();
}

Status SpoolWatcher::Run() {
  // Watches first, then the scan: a file arriving in between is seen twice, never missed.
  if (options_.scrape_id) {
    root_watch_ = inotify_add_watch(inotify_fd_, options_.spool_dir.c_str(), kFileEvents);
    if (root_watch_ >= 0) watches_[root_watch_] = Watched{options_.spool_dir, *options_.scrape_id};
  } else {
    root_watch_ = inotify_add_watch(inotify_fd_, options_.spool_dir.c_str(), kRootEvents);
  }
  if (root_watch_ < 0)
    return IoErrorFromErrno("cannot watch '" + options_.spool_dir.string() + "'");
  if (!options_.scrape_id) {
    std::error_code ec;
    for (fs::directory_iterator it(options_.spool_dir, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::error_code type_ec;
      if (!IsHidden(name) && it->is_directory(type_ec)) WatchScrapeDir(it->path(), name);
    }
  }
  std::set<PendingFile> pending = ScanAll();
  pending_count_.store(pending.size());

  Millis backoff{0};
  SteadyTime next_attempt = std::chrono::steady_clock::now();
  SteadyTime last_busy = next_attempt;  // when files were last ingested
  SteadyTime next_rescan = next_attempt + options_.rescan_interval;
  while (!stop_.load()) {
    SteadyTime now = std::chrono::steady_clock::now();
    if (!pending.empty() && now >= next_attempt) {
      Status status =
          IngestChunk(pending, std::max<size_t>(options_.ingest.batch_files, 1) * kBatchesPerChunk);
      last_busy = std::chrono::steady_clock::now();
      if (status.ok()) {
        backoff = Millis{0};
      } else {
        if (options_.on_store_error) options_.on_store_error(status);
        backoff = std::min(options_.max_backoff,
                           backoff.count() ? backoff * 2 : options_.initial_backoff);
        next_attempt = std::chrono::steady_clock::now() + backoff;
      }
    }
    now = std::chrono::steady_clock::now();
    if (now >= next_rescan) {
      std::set<PendingFile> all = ScanAll();
      pending.insert(all.begin(), all.end());
      next_rescan = now + options_.rescan_interval;
    }
    NotifySettled(pending);
    if (pending.empty() && now - last_busy >= kPauseAfter) TellWritesPaused();
    SteadyTime wake_at = next_rescan;
    if (!pending.empty()) wake_at = std::min(wake_at, std::max(now, next_attempt));
    if (wrote_since_pause_ && pending.empty()) {
      wake_at = std::min(wake_at, std::max(now, last_busy + kPauseAfter));
    }
    // Rounded up: woken a little early, the loop would spin until the deadline.
    int timeout = static_cast<int>(std::chrono::ceil<Millis>(wake_at - now).count());
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, std::max(timeout, 0));
    if (ready < 0 && errno != EINTR) return IoErrorFromErrno("poll");
    if (ready > 0 && (fds[1].revents & POLLIN)) {
      uint64_t value;
      ssize_t ignored = read(wake_fd_, &value, sizeof value);
      (void)ignored;
    }
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      if (!ReadEvents(pending)) return IoErrorFromErrno("reading inotify events");
    }
    pending_count_.store(pending.size());
  }
  return Status::Ok();
}

}  // namespace awscrape::store
