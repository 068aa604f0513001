#include "awscrape/core/clock.h"

namespace awscrape {

const Clock& Clock::Real() {
  static const SteadyClock clock;
  return clock;
}

}  // namespace awscrape
