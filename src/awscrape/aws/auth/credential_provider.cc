#include "awscrape/aws/auth/credential_provider.h"

#include <chrono>

namespace awscrape::aws {

Timestamp SystemTime() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  return Timestamp{micros / 1000000, static_cast<int32_t>(micros % 1000000)};
}

}  // namespace awscrape::aws
