// `awscrape import DIR`: stores an existing aws-list-all output directory (its
// <service>_<Operation>_<region>_<profile>.json files) as a new scrape. The directory is left
// untouched; files that cannot be ingested are reported and logged, not moved.
#include <algorithm>
#include <cstdio>

#include "awscrape/cli/command.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/spool/spool_name.h"
#include "awscrape/store/ingester.h"
#include "awscrape/store/scrape_id.h"

namespace awscrape::cli {
namespace {

namespace fs = std::filesystem;

struct ImportArgs {
  std::string dir;
  std::string db;
  std::string scrape_id;
};

int RunImport(const ImportArgs& args) {
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("import", opened.status());
  store::Store& db = **opened;

  Timestamp start = store::WallClockNow();
  store::ScrapeRecord scrape;
  scrape.scrape_id = args.scrape_id.empty() ? store::GenerateScrapeId(start) : args.scrape_id;
  scrape.start_time = scrape.created_at = scrape.updated_at = start;
  scrape.command = {"awscrape", "import", args.dir};
  scrape.temp_directory = fs::absolute(args.dir).string();
  scrape.tool_version = AWSCRAPE_VERSION;
  auto created = db.CreateScrapeIfAbsent(scrape);
  if (!created.ok()) return StoreCommandFail("import", created.status());
  if (!*created) {
    return StoreCommandFail("import",
                            InvalidArgument("scrape '" + scrape.scrape_id + "' already exists"));
  }

  std::vector<store::PendingFile> files;
  std::error_code ec;
  for (fs::directory_iterator it(args.dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    if (spool::IsTemporarySpoolFileName(it->path().filename().string())) continue;
    files.push_back(store::PendingFile{it->path(), scrape.scrape_id});
  }
  std::sort(files.begin(), files.end());

  store::IngesterOptions options;
  options.delete_after_commit = false;
  options.component = "Import";
  store::Ingester ingester(db, options);
  store::IngestCounts counts;
  Status status = ingester.IngestFiles(files, counts);

  // Finalise from the stored document: ingestion advanced its counters.
  auto stored = db.GetScrape(scrape.scrape_id);
  if (!stored.ok()) return StoreCommandFail("import", stored.status());
  store::ScrapeRecord final_record = *stored;
  Timestamp end = store::WallClockNow();
  final_record.end_time = end;
  final_record.duration_seconds = end.ToEpochSeconds() - start.ToEpochSeconds();
  final_record.success = status.ok() && counts.files_quarantined == 0;
  final_record.return_code = *final_record.success ? 0 : 1;
  final_record.scraped_files_count = static_cast<int64_t>(files.size());
  final_record.services = std::vector<std::string>(counts.services.begin(), counts.services.end());
  final_record.regions = std::vector<std::string>(counts.regions.begin(), counts.regions.end());
  final_record.updated_at = end;
  Status saved = db.SaveScrape(final_record);

  std::printf("%s\n", scrape.scrape_id.c_str());
  std::printf("imported %lld of %zu files (%lld new documents, %lld unchanged); rejected %lld\n",
              static_cast<long long>(counts.files_stored), files.size(),
              static_cast<long long>(counts.documents_inserted),
              static_cast<long long>(counts.documents_unchanged),
              static_cast<long long>(counts.files_quarantined));
  if (!status.ok()) return StoreCommandFail("import", status);
  if (!saved.ok()) return StoreCommandFail("import", saved);
  if (counts.files_quarantined > 0) {
    std::fprintf(stderr,
                 "awscrape import: %lld files could not be ingested; see the logs collection\n",
                 static_cast<long long>(counts.files_quarantined));
    return 1;
  }
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, const GlobalOptions& /*globals*/, CommandRunner& run) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Store an existing aws-list-all output directory as a new scrape");
  cmd->add_option("dir", args->dir, "directory of aws-list-all's *.json files")
      ->required()
      ->check(CLI::ExistingDirectory);
  AddDatabaseOption(*cmd, args->db);
  cmd->add_option("--scrape-id", args->scrape_id,
                  "scrape id to use (default: a new scrape_YYYYMMDD_HHMMSS_<8 hex>)");
  cmd->callback([args, &run] { run = [args] { return RunImport(*args); }; });
}

}  // namespace awscrape::cli
