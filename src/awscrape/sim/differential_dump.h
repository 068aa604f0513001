// The differential oracle's C++ half: every candidate operation (List*/Describe*/Get* with no
// required input member) of the chosen services is called through AwsClient — our serialiser,
// signer and parser — over an in-process transport into the Simulator (routing and signature
// checks included), and each raw response is written as one JSON line next to our parse:
//
//   {"service", "operation", "protocol", "status", "headers": [[name, value], ...],
//    "body_b64", "ours": <parsed response or null>, "error": <why ours is null>}
//
// tests/oracles/sim_parse_oracle.py parses the same bytes with botocore and compares.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/status.h"
#include "awscrape/sim/simulator.h"

namespace awscrape::sim {

struct DumpSummary {
  int calls = 0;
  int ok = 0;
  int failed = 0;  // the call failed on our side (AWS error from the simulator, parse error)
};

// True for the aws-list-all rule: List/Describe/Get, no required input member.
bool IsCandidateOperation(const aws::model::Operation& operation);

Status WriteDifferentialDump(Simulator& simulator, const aws::model::ModelCatalogue& catalogue,
                             const std::vector<std::string>& services, const std::string& region,
                             std::ostream& out, DumpSummary& summary);

}  // namespace awscrape::sim
