#include "awscrape/scrape/account_discovery.h"

#include <algorithm>

namespace awscrape::scrape {

Status CallFailure(std::string_view what, const aws::CallResult& result) {
  std::string message(what);
  message += ": ";
  if (!result.error_code.empty()) {
    message += result.error_code + " (HTTP " + std::to_string(result.http_status) + ")";
    if (!result.error_message.empty()) message += ": " + result.error_message;
  } else {
    message += result.status.message();
  }
  StatusCode code =
      result.status.code() == StatusCode::kOk ? StatusCode::kInternal : result.status.code();
  return Status(code, std::move(message));
}

AccountInfo DiscoverAccount(const BlockingCall& sts, const BlockingCall& ec2,
                            const std::string& region) {
  AccountInfo info;
  aws::CallRequest identity;
  identity.service = "sts";
  identity.operation = "GetCallerIdentity";
  identity.region = region;
  aws::CallResult who = sts(std::move(identity));
  if (who.status.ok()) {
    info.account_id = std::string(GetString(who.response, "Account"));
    info.arn = std::string(GetString(who.response, "Arn"));
    if (info.account_id.empty()) {
      info.identity_status = ParseError("sts GetCallerIdentity: no Account in the response");
    }
  } else {
    info.identity_status = CallFailure("sts GetCallerIdentity", who);
  }

  aws::CallRequest describe;
  describe.service = "ec2";
  describe.operation = "DescribeRegions";
  describe.region = region;
  describe.params.SetObject();
  describe.params.AddMember("AllRegions", true, describe.params.GetAllocator());
  aws::CallResult regions = ec2(std::move(describe));
  if (!regions.status.ok()) {
    info.regions_status = CallFailure("ec2 DescribeRegions", regions);
    return info;
  }
  const JsonValue* list = FindMember(regions.response, "Regions");
  if (!list || !list->IsArray() || list->Empty()) {
    info.regions_status = ParseError("ec2 DescribeRegions: no Regions in the response");
    return info;
  }
  for (const JsonValue& item : list->GetArray()) {
    std::string name(GetString(item, "RegionName"));
    std::string_view status = GetString(item, "OptInStatus", "opt-in-not-required");
    if (name.empty()) continue;
    if (status != "opt-in-not-required") info.opt_in_regions.insert(name);
    if (status == "not-opted-in") {
      info.disabled_regions.insert(name);
    } else {
      info.enabled_regions.push_back(name);
    }
  }
  std::sort(info.enabled_regions.begin(), info.enabled_regions.end());
  info.regions_known = !info.enabled_regions.empty();
  return info;
}

}  // namespace awscrape::scrape
