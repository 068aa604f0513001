#include "awscrape/scrape/operation_pattern.h"

namespace awscrape::scrape {

Result<OperationPattern> OperationPattern::Parse(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size() ||
      text.find(':', colon + 1) != std::string_view::npos) {
    return InvalidArgument("\"" + std::string(text) +
                           "\" is not SERVICE:OPERATION (either side may be *)");
  }
  OperationPattern pattern{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (pattern.service == "*" && pattern.operation == "*") {
    return InvalidArgument("\"*:*\" would match every call");
  }
  return pattern;
}

bool OperationPattern::Matches(std::string_view service_name,
                               std::string_view operation_name) const {
  return (service == "*" || service == service_name) &&
         (operation == "*" || operation == operation_name);
}

int OperationPattern::Specificity() const {
  if (service != "*" && operation != "*") return 2;
  return service != "*" ? 1 : 0;
}

}  // namespace awscrape::scrape
