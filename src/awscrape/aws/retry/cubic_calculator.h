// CubicCalculator: the CUBIC congestion-control curve botocore's adaptive mode uses to pick a
// send rate (botocore 1.29.27 botocore/retries/throttling.py).
//
// On throttling the rate drops to beta times the rate at which it happened (which becomes
// w_max); afterwards it grows back along scale * (t - k)^3 + w_max, slowly near w_max and fast
// beyond it. Times are seconds on any monotonic scale. Not thread-safe.
#pragma once

namespace awscrape::aws {

class CubicCalculator {
 public:
  static constexpr double kScaleConstant = 0.4;
  static constexpr double kBeta = 0.7;

  CubicCalculator(double starting_max_rate, double start_time,
                  double scale_constant = kScaleConstant, double beta = kBeta);

  double SuccessReceived(double timestamp) const;
  double ErrorReceived(double current_rate, double timestamp);

  double w_max() const { return w_max_; }
  double k() const { return k_; }
  double last_fail() const { return last_fail_; }

 private:
  double ZeroPoint() const;

  double w_max_;
  double scale_constant_;
  double beta_;
  double k_;
  double last_fail_;
};

}  // namespace awscrape::aws
