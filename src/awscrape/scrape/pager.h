// Pager: one call's pagination, page by page, with botocore's PageIterator rules — the
// paginator's output tokens become the next request's input tokens (several tokens move
// together), a `more_results` flag that is false ends the call, and so do tokens that are all
// null or empty — plus what aws-list-all lacks: loop detection (a token set seen before ends the
// call, not just the same token twice in a row) and a page cap.
//
// The scheduler owns one Pager per task (the task's "open" state; see STYLE.md habit 5): it asks
// NextParams() for each request and feeds each page's parsed response to OnPage(). Items are
// counted as the sum of the paginator's result_key list lengths (calls without a paginator: the
// response's top-level lists). Not thread-safe; cheap to move.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/planner.h"
#include "awscrape/scrape/response_path.h"

namespace awscrape::scrape {

enum class PageStep {
  kMore,           // fetch the next page
  kDone,           // the last page arrived
  kRepeatedToken,  // the service sent a token set it had sent before: stop, keep what came
  kPageCap,        // max_pages reached while the service still had more
};

std::string_view PageStepName(PageStep step);  // "more", "done", "repeated_token", "page_cap"

class Pager {
 public:
  // `max_pages` >= 1. Fails when params_json or a paginator expression cannot be used.
  static Result<Pager> Create(const PlannedCall& call, int max_pages);

  // The input of the next request: the planned parameters plus the current tokens.
  JsonDocument NextParams() const;
  // 0-based number of the page NextParams() asks for.
  int page() const { return page_; }
  // Consumes the response of page(); afterwards page() is the next one.
  PageStep OnPage(const JsonValue& response);
  // Items in one response, as OnPage counts them.
  int64_t CountItems(const JsonValue& response) const;
  int64_t items() const { return items_; }

 private:
  Pager() = default;

  std::string params_json_;
  int max_pages_ = 1;
  bool paginated_ = false;
  std::vector<std::string> input_tokens_;
  std::vector<ResponsePath> output_tokens_;
  std::vector<ResponsePath> result_keys_;
  std::optional<ResponsePath> more_results_;

  int page_ = 0;
  int64_t items_ = 0;
  JsonDocument tokens_;  // array parallel to input_tokens_ (null: not sent); null before page 1
  std::unordered_set<std::string> seen_tokens_;  // serialised token sets already received
};

}  // namespace awscrape::scrape
