// ResponsePath: the small JMESPath subset paginators-1.json uses to point into a response —
// dotted member names ("DistributionList.NextMarker"), a last-element index ("StreamNames[-1]",
// "Contents[-1].Key") and alternatives ("NextMarker || Contents[-1].Key", the first one that is
// not null, false or empty wins, as in JMESPath's `||`).
//
// Evaluate() returns a pointer into the response (nullptr when the path leads nowhere); the
// response must outlive it. Plain value type, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

class ResponsePath {
 public:
  // Refuses anything outside the subset, so a newer model's richer expression fails loudly.
  static Result<ResponsePath> Parse(std::string_view expression);

  const JsonValue* Evaluate(const JsonValue& response) const;
  const std::string& expression() const { return expression_; }

 private:
  struct Step {
    std::string member;
    bool last_element = false;  // "[-1]" after the member
  };
  using Alternative = std::vector<Step>;

  std::string expression_;
  std::vector<Alternative> alternatives_;
};

// JMESPath truthiness: null, false, "" , [] and {} are false.
bool IsTruthy(const JsonValue* value);

}  // namespace awscrape::scrape
