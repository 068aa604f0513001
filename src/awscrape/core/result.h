// Result<T>: a value or the Status explaining why there is none.
//
// The C++20 stand-in for std::expected. Access to value() on an error aborts loudly, so callers
// check ok() first or propagate with AWSCRAPE_ASSIGN_OR_RETURN.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

#include "awscrape/core/status.h"

namespace awscrape {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Internal("Result constructed from an ok Status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return Checked(), *value_; }
  const T& value() const& { return Checked(), *value_; }
  T&& value() && { return Checked(), std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Checked() const {
    if (!value_) {
      std::fprintf(stderr, "Result::value() on error: %s\n", status_.ToString().c_str());
      std::abort();
    }
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace awscrape

#define AWSCRAPE_CONCAT_INNER(a, b) a##b
#define AWSCRAPE_CONCAT(a, b) AWSCRAPE_CONCAT_INNER(a, b)
#define AWSCRAPE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
// AWSCRAPE_ASSIGN_OR_RETURN(auto x, Compute()); declares x or returns the error Status.
#define AWSCRAPE_ASSIGN_OR_RETURN(lhs, expr) \
  AWSCRAPE_ASSIGN_OR_RETURN_IMPL(AWSCRAPE_CONCAT(_result_, __LINE__), lhs, expr)
