// Scrape ids in the seed's form, "scrape_20250809_173531_f4a5f77d": the UTC start time to the
// second and 8 random hex digits, so ids sort by time and two scrapes started in the same second
// still differ.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awscrape/core/time.h"

namespace awscrape::store {

// `random_bits` supplies the suffix (tests pass a fixed value); by default a random one.
std::string GenerateScrapeId(Timestamp start, std::optional<uint32_t> random_bits = std::nullopt);

// The start time encoded in a well-formed id; nullopt for anything else.
std::optional<Timestamp> ScrapeIdTime(std::string_view scrape_id);

// The wall clock, as a Timestamp with millisecond precision.
Timestamp WallClockNow();

}  // namespace awscrape::store
