// The last step of the seed's workflow for one scrape directory (`<spool>/<scrape_id>/`): store
// the outcome ledger (`_ledger.jsonl`) and the scrape's metadata (`_scrape.json`, with the
// ingestion counters the store kept), then remove the directory once every page in it is stored
// — the seed's "cleanup temporary files", done only when nothing would be lost.
//
// Used by `scrape` when its own run ends (ScrapeIngestion::Finish) and by `ingest` for the
// scrapes it catches up on: one whose database was down, one whose process died. Every step is
// idempotent (the ledger is keyed by call, the metadata replaced whole), so finalising twice, or
// from two processes, stores nothing twice.
#pragma once

#include <cstdint>
#include <filesystem>

#include "awscrape/core/result.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "awscrape/store/store.h"

namespace awscrape::workflow {

// The seed's `scrapes` document for what `_scrape.json` says (counters left at zero).
store::ScrapeRecord ScrapeRecordFromMetadata(const scrape::ScrapeMetadata& meta);

// Stores every line of `<scrape_dir>/_ledger.jsonl` (none when there is no ledger); returns how
// many. A malformed line is an error and stores nothing, so a ledger is never half-stored.
Result<int64_t> StoreLedgerFile(store::Store& store, const std::filesystem::path& scrape_dir);

// True when nothing but the scrape's own bookkeeping files is left in `scrape_dir`.
bool OnlyBookkeepingLeft(const std::filesystem::path& scrape_dir);

struct FinaliseResult {
  int64_t outcomes_stored = 0;
  bool pages_stored = false;  // no spool page left in the directory
  bool temp_files_cleaned = false;
  Status status;  // the first thing that went wrong; Ok when all is stored
  bool complete() const { return status.ok() && pages_stored; }
};

// Stores the ledger and `meta` (keeping the counters and creation time already stored), and
// removes the directory when every page and the ledger are stored.
FinaliseResult FinaliseScrapeDirectory(store::Store& store, const scrape::ScrapeMetadata& meta,
                                       const std::filesystem::path& scrape_dir);

// For a scrape whose process may have died: stores the ledger lines written so far and `meta`
// (keeping the stored counters), unless the stored scrape already has an end time — then it
// finished and finalised itself, and 0 is returned. The directory stays. Returns the outcomes
// stored.
Result<int64_t> StoreUnfinishedScrape(store::Store& store, const scrape::ScrapeMetadata& meta,
                                      const std::filesystem::path& scrape_dir);

}  // namespace awscrape::workflow
