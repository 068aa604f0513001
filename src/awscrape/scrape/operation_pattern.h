// OperationPattern: "service:Operation", "service:*" or "*:Operation" — how data files name the
// calls an entry applies to. Immutable value type.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape::scrape {

struct OperationPattern {
  std::string service;    // "*" matches every service
  std::string operation;  // "*" matches every operation

  // Parses "svc:Op"; "*:*" is refused (it would skip everything).
  static Result<OperationPattern> Parse(std::string_view text);

  bool Matches(std::string_view service_name, std::string_view operation_name) const;
  // 2 for an exact pair, 1 for service:* , 0 for *:Operation: the most specific rule wins.
  int Specificity() const;
  std::string ToString() const { return service + ":" + operation; }
};

}  // namespace awscrape::scrape
