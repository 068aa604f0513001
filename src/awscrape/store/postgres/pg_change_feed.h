// The PostgreSQL ChangeFeed (store/change_feed.h): a connection of its own that LISTENs on
// kChangeChannel, where PostgresStore's writing transactions NOTIFY the scrape ids they touched.
// PostgreSQL delivers a NOTIFY only when its transaction commits, after the commit is visible,
// and to every session listening at that moment, which is the feed's contract. A lost connection
// is an error from Wait (notices sent meanwhile are gone); the caller opens a new feed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"
#include "awscrape/store/change_feed.h"

namespace awscrape::store {

inline constexpr std::string_view kChangeChannel = "awscrape_changes";

// Connects to `uri` and starts listening; kUnavailable when the server cannot be reached.
Result<std::unique_ptr<ChangeFeed>> OpenPgChangeFeed(const std::string& uri);

}  // namespace awscrape::store
