// OutcomeRules: which failed calls are `denied`, `not_available` or `throttled` rather than
// `error` — data/outcome_rules.json run by one small engine (SPEC §2: decided from error codes,
// HTTP status, the retry classification and the region, never from message text).
//
// Rules are tried in order, the first match wins; a failure no rule matches is kError. Each rule
// has an id and a reason, reported with the outcome in the ledger. Immutable after parsing; safe
// to share between threads.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/client/aws_client.h"
#include "awscrape/core/result.h"
#include "awscrape/scrape/call_outcome.h"

namespace awscrape::scrape {

// The facts about a failed call that rules may test.
struct FailedCall {
  std::string error_code;  // the AWS error code; empty when none was parsed
  int http_status = 0;     // 0 when no response arrived
  aws::ErrorKind error_kind = aws::ErrorKind::kFinal;
  bool unresolved_host = false;  // the endpoint's host name did not resolve
  bool opt_in_region = false;    // the call's region is an opt-in region

  // From a client result; `opt_in_region` is the caller's knowledge of the region.
  static FailedCall From(const aws::CallResult& result, bool opt_in_region);
};

struct OutcomeRule {
  std::string id;
  CallOutcome outcome = CallOutcome::kError;
  std::vector<std::string> codes;  // exact; "" stands for "no error code"
  std::vector<std::string> code_prefixes;
  std::vector<std::string> code_suffixes;
  std::vector<int> http_status;
  std::optional<aws::ErrorKind> error_kind;
  std::optional<bool> opt_in_region;
  bool unresolved_host = false;  // transport: unresolved_host
  std::string reason;

  bool Matches(const FailedCall& call) const;
};

struct OutcomeDecision {
  CallOutcome outcome = CallOutcome::kError;
  const OutcomeRule* rule = nullptr;  // nullptr: no rule matched
};

class OutcomeRules {
 public:
  OutcomeRules() = default;
  static Result<OutcomeRules> Parse(std::string_view file, std::string_view text);
  // The embedded data/outcome_rules.json, or `<dir>/outcome_rules.json` when `dir` holds one.
  static Result<OutcomeRules> Load(const std::filesystem::path& dir = {});

  OutcomeDecision Decide(const FailedCall& call) const;
  // Whether the data file lists `region` as an opt-in region (used when ec2 DescribeRegions
  // could not be called).
  bool IsOptInRegion(std::string_view region) const;
  const std::vector<OutcomeRule>& rules() const { return rules_; }

 private:
  std::vector<OutcomeRule> rules_;
  std::set<std::string, std::less<>> opt_in_regions_;
};

// True when a transport failure is libcurl's "could not resolve host name": the status code is
// kUnavailable and the message carries libcurl's own text for CURLE_COULDNT_RESOLVE_HOST (the
// transport's message is "<method> <url>: <curl_easy_strerror>[: <curl's detail>]").
bool IsUnresolvedHost(const Status& status);

}  // namespace awscrape::scrape
