// AWS credentials: the value every signer consumes and every provider produces.
//
// The secret and the session token must never reach a log line, an error message, a stored
// document or an API response: Redacted() is what may be shown.
#pragma once

#include <optional>
#include <string>

#include "awscrape/core/time.h"

namespace awscrape::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;            // empty for long-term keys
  std::optional<Timestamp> expiration;  // absent for credentials that do not expire
  std::string source;                   // "env", "shared-credentials-file", "assume-role", ...

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
  // "AKIA****WXYZ (source)": safe for logs.
  std::string Redacted() const;
};

}  // namespace awscrape::aws
