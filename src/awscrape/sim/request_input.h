// The top-level input members of a received request, read back from wherever the protocol put
// them (query/ec2 form parameters, the JSON body, REST labels, query string and headers). The
// simulator needs only these: the pagination token and page size, and which required members
// are missing. Nested members are reported present but not read. Pure; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/catalogue.h"

namespace awscrape::sim {

struct RequestInput {
  std::map<std::string, std::string, std::less<>> scalars;  // member name → text
  std::set<std::string, std::less<>> present;               // member names sent
};

RequestInput ReadRequestInput(const aws::model::ServiceEntry& service,
                              const aws::model::Operation& operation,
                              const aws::HttpRequest& request,
                              const std::map<std::string, std::string>& labels);

}  // namespace awscrape::sim
