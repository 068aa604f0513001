#include "awscrape/aws/http/transport.h"

#include <future>

namespace awscrape::aws {

Result<HttpResponse> HttpTransport::SendAndWait(HttpRequest request, const HttpOptions& options) {
  auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
  auto future = promise->get_future();
  Send(std::move(request), options,
       [promise](Result<HttpResponse> result) { promise->set_value(std::move(result)); });
  return future.get();
}

}  // namespace awscrape::aws
