#include "awscrape/scrape/pager.h"

namespace awscrape::scrape {

std::string_view PageStepName(PageStep step) {
  switch (step) {
    case PageStep::kMore:
      return "more";
    case PageStep::kDone:
      return "done";
    case PageStep::kRepeatedToken:
      return "repeated_token";
    case PageStep::kPageCap:
      return "page_cap";
  }
  return "done";
}

Result<Pager> Pager::Create(const PlannedCall& call, int max_pages) {
  if (max_pages < 1) return InvalidArgument("max pages must be at least 1");
  Pager pager;
  pager.params_json_ = call.params_json.empty() ? "{}" : call.params_json;
  auto params = ParseJson(pager.params_json_);
  if (!params.ok() || !params->IsObject()) {
    return InvalidArgument("parameters of " + call.service + ":" + call.operation +
                           " are not a JSON object");
  }
  pager.max_pages_ = max_pages;
  if (call.paginator) {
    const PaginatorInfo& info = *call.paginator;
    if (info.input_token.size() != info.output_token.size() || info.input_token.empty()) {
      return InvalidArgument("paginator of " + call.service + ":" + call.operation +
                             " has unmatched input and output tokens");
    }
    pager.paginated_ = true;
    pager.input_tokens_ = info.input_token;
    for (const std::string& expression : info.output_token) {
      AWSCRAPE_ASSIGN_OR_RETURN(ResponsePath path, ResponsePath::Parse(expression));
      pager.output_tokens_.push_back(std::move(path));
    }
    for (const std::string& expression : info.result_key) {
      AWSCRAPE_ASSIGN_OR_RETURN(ResponsePath path, ResponsePath::Parse(expression));
      pager.result_keys_.push_back(std::move(path));
    }
    if (!info.more_results.empty()) {
      AWSCRAPE_ASSIGN_OR_RETURN(pager.more_results_, ResponsePath::Parse(info.more_results));
    }
  }
  return pager;
}

JsonDocument Pager::NextParams() const {
  JsonDocument params;
  params.Parse(params_json_.data(), params_json_.size());  // validated in Create
  if (!tokens_.IsArray()) return params;
  auto& alloc = params.GetAllocator();
  for (size_t i = 0; i < input_tokens_.size(); ++i) {
    const JsonValue& token = tokens_[static_cast<rapidjson::SizeType>(i)];
    params.RemoveMember(AsRef(input_tokens_[i]));
    if (token.IsNull()) continue;  // botocore drops a token that came back empty
    JsonValue copy(token, alloc);
    params.AddMember(MakeString(input_tokens_[i], alloc), copy, alloc);
  }
  return params;
}

int64_t Pager::CountItems(const JsonValue& response) const {
  int64_t count = 0;
  if (paginated_ && !result_keys_.empty()) {
    for (const ResponsePath& key : result_keys_) {
      const JsonValue* value = key.Evaluate(response);
      if (value && value->IsArray()) count += value->Size();
    }
    return count;
  }
  // No paginator (or one without result keys): the top-level lists are the resources; a
  // response with members but no list (GetAccountSummary) is one item.
  bool any_list = false, any_member = false;
  if (!response.IsObject()) return 0;
  for (const auto& member : response.GetObject()) {
    std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (name == "ResponseMetadata") continue;
    bool is_token = false;
    for (const std::string& t : input_tokens_) is_token = is_token || t == name;
    if (is_token || name == "NextToken" || name == "Marker" || name == "NextMarker") continue;
    if (member.value.IsArray()) {
      any_list = true;
      count += member.value.Size();
    } else if (!member.value.IsNull()) {
      any_member = true;
    }
  }
  return any_list ? count : (any_member ? 1 : 0);
}

PageStep Pager::OnPage(const JsonValue& response) {
  items_ += CountItems(response);
  ++page_;
  if (!paginated_) return PageStep::kDone;
  if (more_results_ && !IsTruthy(more_results_->Evaluate(response))) return PageStep::kDone;

  JsonDocument next(rapidjson::kArrayType);
  auto& alloc = next.GetAllocator();
  bool any = false;
  for (const ResponsePath& path : output_tokens_) {
    const JsonValue* value = path.Evaluate(response);
    // botocore treats an empty token as no token.
    if (IsTruthy(value)) {
      next.PushBack(JsonValue(*value, alloc), alloc);
      any = true;
    } else {
      next.PushBack(JsonValue(), alloc);
    }
  }
  if (!any) return PageStep::kDone;
  if (!seen_tokens_.insert(ToJson(next)).second) return PageStep::kRepeatedToken;
  tokens_.Swap(next);
  if (page_ >= max_pages_) return PageStep::kPageCap;
  return PageStep::kMore;
}

}  // namespace awscrape::scrape
