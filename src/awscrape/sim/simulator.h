// Simulator: the simulated AWS account as a pure request → reply function, callable without a
// socket (the HTTP server in sim_server.h only moves bytes).
//
// Handle() identifies service, region and operation (request_route.h), checks the SigV4
// signature, applies the knobs (disabled opt-in regions, AccessDenied patterns, throttling, fault
// bursts), reads the pagination token and page size, generates the page deterministically
// (value_generator.h) with default and pinned resources at the head of the first result list, and
// writes it in the service's protocol (wire_writer.h). Transport-level faults (hang, truncate)
// and latency are returned for the server to act on.
//
// Thread-safe: Handle() may run on many threads at once. The catalogue must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "awscrape/aws/http/http_message.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/clock.h"
#include "awscrape/core/result.h"
#include "awscrape/sim/fault_injector.h"
#include "awscrape/sim/resource_rules.h"
#include "awscrape/sim/service_index.h"
#include "awscrape/sim/sim_options.h"

namespace awscrape::sim {

enum class TransportFault { kNone, kHang, kTruncate };

struct SimReply {
  aws::HttpResponse response;
  std::chrono::milliseconds delay{0};
  TransportFault fault = TransportFault::kNone;
  // What the request was routed to (empty when routing failed), for logs and tests.
  std::string service;
  std::string operation;
  std::string region;
};

struct SimStats {
  uint64_t requests = 0;
  uint64_t errors = 0;  // replies with status >= 300
};

class Simulator {
 public:
  // Loads every service of the catalogue, or only `services` when not empty.
  static Result<std::unique_ptr<Simulator>> Create(const aws::model::ModelCatalogue& catalogue,
                                                   SimOptions options,
                                                   const std::vector<std::string>& services = {},
                                                   const Clock& clock = Clock::Real());

  SimReply Handle(const aws::HttpRequest& request);

  const SimOptions& options() const { return options_; }
  const ServiceIndex& index() const { return *index_; }
  // The account's regions (aws partition) with ec2's OptInStatus.
  std::vector<std::pair<std::string, std::string>> Regions() const;
  bool RegionEnabled(std::string_view region) const;
  SimStats stats() const { return {requests_.load(), errors_.load()}; }

 private:
  Simulator(SimOptions options, const Clock& clock);
  SimReply Answer(const aws::HttpRequest& request, std::string_view request_id);

  SimOptions options_;
  const ResourceRules& rules_;
  std::unique_ptr<ServiceIndex> index_;
  std::vector<std::string> partition_regions_;
  std::vector<std::shared_ptr<JsonDocument>> pinned_items_;  // parallel to options_.pinned
  FaultInjector faults_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> errors_{0};
};

}  // namespace awscrape::sim
