// Scenario files: the simulator's knobs as one JSON document, applied over SimOptions.
//
//   {"seed": 7, "size": "medium", "account_id": "111122223333",
//    "access_key_id": "...", "secret_access_key": "...", "verify_signatures": true,
//    "latency_ms": 100, "jitter_ms": 20, "page_size": 100,
//    "throttle": [{"match": "ec2:*", "region": "*", "rate": 5, "burst": 10}],
//    "access_denied": ["iam:ListRoles", "s3:*"],
//    "enabled_opt_in_regions": ["af-south-1"],
//    "faults": [{"kind": "server_error|malformed|truncated|hang", "match": "*", "region": "*",
//                "rate": 0.01, "burst": 3}],
//    "pinned": [{"service": "ec2", "operation": "DescribeInstances", "regions": ["us-east-1"],
//                "item": {"Instances": [{"InstanceId": "i-0123456789abcdef0"}]}}],
//    "changes": {"generation": 1, "added_percent": 10, "removed_percent": 10,
//                "modified_percent": 10}}
//
// Every key is optional; unknown keys are an error (a typo must not silently disable a fault).
#pragma once

#include <string_view>

#include "awscrape/core/status.h"
#include "awscrape/sim/sim_options.h"

namespace awscrape::sim {

Status ApplyScenario(std::string_view json, SimOptions& options);

}  // namespace awscrape::sim
