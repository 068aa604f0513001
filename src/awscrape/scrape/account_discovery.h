// Account discovery, before planning: who the credentials belong to (STS GetCallerIdentity ->
// the account id, part of the rate limiter's key and of every spool file) and which regions the
// account has enabled (ec2 DescribeRegions with AllRegions=true: OptInStatus
// "opt-in-not-required" or "opted-in" is enabled, "not-opted-in" is not).
//
// Neither failure stops a scrape: an emulator has no STS, a policy may deny DescribeRegions.
// Without the region list the planner does not narrow regions and the outcome rules fall back to
// data/outcome_rules.json's list of opt-in regions. The statuses say what happened.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "awscrape/aws/client/aws_client.h"

namespace awscrape::scrape {

struct AccountInfo {
  std::string account_id;  // empty when unknown
  std::string arn;
  Status identity_status;
  bool regions_known = false;
  std::vector<std::string> enabled_regions;  // sorted
  std::set<std::string> disabled_regions;    // not-opted-in
  std::set<std::string> opt_in_regions;      // every region whose status is not
                                             // opt-in-not-required
  Status regions_status;
};

// A blocking call (AwsClient::Call).
using BlockingCall = std::function<aws::CallResult(aws::CallRequest)>;

// `region`: where to call ec2 DescribeRegions (the scrape's home region).
AccountInfo DiscoverAccount(const BlockingCall& sts, const BlockingCall& ec2,
                            const std::string& region);

// A status describing a failed call: "ec2 DescribeRegions: AccessDenied (HTTP 403): ...".
Status CallFailure(std::string_view what, const aws::CallResult& result);

}  // namespace awscrape::scrape
