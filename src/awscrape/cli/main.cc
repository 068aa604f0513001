// awscrape: discovers every resource in AWS accounts by calling every read-only operation the
// AWS service models describe. Entry point: dispatches to one file per command.
#include <cstdio>

int main() {
  std::puts("awscrape " AWSCRAPE_VERSION);
  return 0;
}
