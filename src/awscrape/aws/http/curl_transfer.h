// CurlTransfer: one request's life inside CurlTransport (an implementation detail of
// curl_transport.cc, separate so the event loop reads on its own).
//
// It owns the request (libcurl reads the body in place), the header list, the response being
// received and the callback. Configure() sets an easy handle up for it; Finish() turns libcurl's
// result into the Result<HttpResponse> the caller gets. Used by the transport thread only.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <string>

#include "awscrape/aws/http/curl_transport.h"

namespace awscrape::aws {

struct CurlTransfer {
  HttpRequest request;
  HttpOptions options;
  HttpTransport::Callback done;
  std::string host_key;  // scheme://host, lower case: the connection-limit bucket
  Status rejected;       // not ok: fails with this instead of going to the wire

  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  HttpResponse response;
  size_t max_body = 0;
  size_t max_header_bytes = 0;
  size_t header_bytes = 0;
  bool body_too_large = false;
  bool headers_too_large = false;
  char error[CURL_ERROR_SIZE] = {};

  CurlTransfer() = default;
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;
  ~CurlTransfer() { curl_slist_free_all(header_list); }
};

// "https://ec2.us-east-1.amazonaws.com" for the request's endpoint, lower-cased.
std::string HostKey(const HttpRequest& request);

// Rejects what must not reach the wire (header injection through CR/LF, empty host).
Status ValidateRequest(const HttpRequest& request);

// Sets `easy` (fresh or reset) up to perform `transfer`.
Status ConfigureEasyHandle(CURL* easy, CurlTransfer& transfer, const CurlTransportOptions& options);

// The outcome of a transfer libcurl finished with `code`.
Result<HttpResponse> FinishTransfer(CurlTransfer& transfer, CURLcode code);

}  // namespace awscrape::aws
