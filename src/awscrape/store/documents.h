// The store's records as the seed's JSON documents (seeds/000), for the API, the CLI and the
// document backends: same field names and types, dates as ISO-8601 UTC strings with
// milliseconds ("2025-08-09T17:35:31.277Z"), absent optionals as null, `services` as "all" or an
// array, `response` as the embedded JSON object. FromJson accepts what ToJson writes and reports
// the first missing or mistyped field as kInvalidArgument.
#pragma once

#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/store/records.h"

namespace awscrape::store {

std::string FormatStoreTime(Timestamp t);  // "2025-08-09T17:35:31.277Z"

JsonDocument ScrapeToJson(const ScrapeRecord& scrape);
Result<ScrapeRecord> ScrapeFromJson(const JsonValue& json);

JsonDocument ResponseDocumentToJson(const ResponseDocument& document);
Result<ResponseDocument> ResponseDocumentFromJson(const JsonValue& json);

JsonDocument LogEntryToJson(const LogEntry& entry);
Result<LogEntry> LogEntryFromJson(const JsonValue& json);

JsonDocument CallOutcomeToJson(const CallOutcome& outcome);
Result<CallOutcome> CallOutcomeFromJson(const JsonValue& json);

JsonDocument StatsToJson(const Stats& stats);
JsonDocument GroupStatsToJson(const std::vector<GroupStats>& groups);
JsonDocument TimelineToJson(const std::vector<TimelineDay>& days);
JsonDocument DeleteCountsToJson(const DeleteCounts& counts);

}  // namespace awscrape::store
