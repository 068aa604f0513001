// A throwaway self-signed TLS certificate for loopback tests of certificate verification.
#pragma once

#include <string>

namespace awscrape::testing {

struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// An EC P-256 certificate valid for one day for IP address `ip` (subject CN and SAN), signed
// by its own key. Aborts if OpenSSL fails: tests cannot run without it.
TestCertificate MakeSelfSignedCertificate(const std::string& ip = "127.0.0.1");

}  // namespace awscrape::testing
