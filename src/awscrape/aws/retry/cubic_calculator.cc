#include "awscrape/aws/retry/cubic_calculator.h"

#include <cmath>

namespace awscrape::aws {

CubicCalculator::CubicCalculator(double starting_max_rate, double start_time, double scale_constant,
                                 double beta)
    : w_max_(starting_max_rate),
      scale_constant_(scale_constant),
      beta_(beta),
      k_(ZeroPoint()),
      last_fail_(start_time) {}

double CubicCalculator::ZeroPoint() const {
  // Python's `x ** (1 / 3.0)`; w_max is a measured rate, never negative.
  return std::pow(w_max_ * (1 - beta_) / scale_constant_, 1.0 / 3.0);
}

double CubicCalculator::SuccessReceived(double timestamp) const {
  const double dt = timestamp - last_fail_;
  return scale_constant_ * std::pow(dt - k_, 3) + w_max_;
}

double CubicCalculator::ErrorReceived(double current_rate, double timestamp) {
  w_max_ = current_rate;
  k_ = ZeroPoint();
  last_fail_ = timestamp;
  return current_rate * beta_;
}

}  // namespace awscrape::aws
