#include "awscrape/aws/auth/credentials.h"

namespace awscrape::aws {

std::string Credentials::Redacted() const {
  std::string id = access_key_id.size() > 8 ? access_key_id.substr(0, 4) + "****" +
                                                  access_key_id.substr(access_key_id.size() - 4)
                                            : std::string("****");
  return source.empty() ? id : id + " (" + source + ")";
}

}  // namespace awscrape::aws
