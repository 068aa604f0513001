// Text for people: the progress line a scrape keeps rewriting on a TTY and the summary it
// prints at the end (counts by outcome, then the failed calls by service and region). Pure
// formatting; the CLI decides where and whether to print.
#pragma once

#include <string>

#include "awscrape/scrape/scheduler.h"

namespace awscrape::scrape {

// "1234/5000 calls (24%) | ok 800 empty 300 denied 20 n/a 4 throttled 0 error 2 | 37 in flight |
//  1.2k pages 45k items | 12s, ETA 38s" — ETA from the rate so far; "ETA -" before any finished.
std::string FormatProgressLine(const ScrapeProgress& progress);

// A multi-line summary; failures (denied, not_available, throttled, error) listed per service
// and region, at most `max_failure_lines` lines.
std::string FormatSummary(const ScrapeTotals& totals, size_t max_failure_lines = 40);

// "1m 05s", "12.3s".
std::string FormatSeconds(double seconds);

}  // namespace awscrape::scrape
