// `awscrape simulate`: a simulated AWS account on loopback for tests, benchmarks and demos.
//
// The first line on stdout is the endpoint URL (tests read it); the credentials it accepts and
// an example follow. Runs until Ctrl-C / SIGTERM or --max-seconds.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"
#include "awscrape/core/file.h"
#include "awscrape/sim/differential_dump.h"
#include "awscrape/sim/scenario.h"
#include "awscrape/sim/sim_server.h"
#include "awscrape/sim/simulator.h"

namespace awscrape::cli {
namespace {

struct SimulateArgs {
  sim::ServerOptions server;
  sim::SimOptions options;
  std::string size = "small";
  std::string scenario_file;
  std::vector<std::string> deny;
  std::vector<std::string> enable_regions;
  std::vector<std::string> services;
  double throttle_rate = 0;
  double throttle_burst = 10;
  double error_rate = 0, malformed_rate = 0, truncated_rate = 0, hang_rate = 0;
  int error_burst = 1;
  int generation = -1;
  bool no_verify = false;
  std::string oracle_dump;
  std::string oracle_region = "us-east-1";
};

int Fail(const Status& status) {
  std::fprintf(stderr, "awscrape simulate: %s\n", status.ToString().c_str());
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

int RunSimulate(const GlobalOptions& globals, SimulateArgs& args, const CLI::App& cmd) {
  sim::SimOptions& options = args.options;
  sim::SimOptions flags = options;  // values parsed from flags; applied over the scenario
  options = sim::SimOptions{};
  if (!args.scenario_file.empty()) {
    auto text = ReadFile(args.scenario_file);
    if (!text.ok()) return Fail(text.status());
    if (Status s = sim::ApplyScenario(*text, options); !s.ok()) return Fail(s);
  }
  auto given = [&](const char* flag) { return cmd.count(flag) > 0; };
  if (given("--seed")) options.seed = flags.seed;
  if (given("--size") && !sim::ParseAccountSize(args.size, options.size)) {
    return Fail(InvalidArgument("--size must be small, medium or large"));
  }
  if (given("--account-id")) options.account_id = flags.account_id;
  if (given("--access-key-id")) options.access_key_id = flags.access_key_id;
  if (given("--secret-access-key")) options.secret_access_key = flags.secret_access_key;
  if (args.no_verify) options.verify_signatures = false;
  if (given("--latency-ms")) options.latency_ms = flags.latency_ms;
  if (given("--jitter-ms")) options.jitter_ms = flags.jitter_ms;
  if (given("--page-size")) options.default_page_size = flags.default_page_size;
  for (const auto& d : args.deny) options.access_denied.push_back(d);
  for (const auto& r : args.enable_regions) options.enabled_opt_in_regions.push_back(r);
  if (args.throttle_rate > 0)
    options.throttles.push_back({"*", "*", args.throttle_rate, args.throttle_burst});
  auto add_fault = [&](sim::FaultKind kind, double rate) {
    if (rate > 0) options.faults.push_back({kind, "*", "*", rate, args.error_burst});
  };
  add_fault(sim::FaultKind::kServerError, args.error_rate);
  add_fault(sim::FaultKind::kMalformed, args.malformed_rate);
  add_fault(sim::FaultKind::kTruncated, args.truncated_rate);
  add_fault(sim::FaultKind::kHang, args.hang_rate);
  if (args.generation >= 0) options.changes.generation = args.generation;

  auto catalogue = aws::model::ModelCatalogue::Open(ModelsDir(globals));
  if (!catalogue.ok()) return Fail(catalogue.status());
  auto simulator = sim::Simulator::Create(**catalogue, options, args.services);
  if (!simulator.ok()) return Fail(simulator.status());

  if (!args.oracle_dump.empty()) {
    std::ofstream out(args.oracle_dump);
    if (!out) return Fail(IoError("cannot write " + args.oracle_dump));
    sim::DumpSummary summary;
    Status s = sim::WriteDifferentialDump(**simulator, **catalogue, args.services,
                                          args.oracle_region, out, summary);
    if (!s.ok()) return Fail(s);
    std::printf("%d calls, %d parsed, %d failed\n", summary.calls, summary.ok, summary.failed);
    return summary.failed == 0 ? 0 : 1;
  }

  args.server.handle_signals = true;
  sim::SimServer server(**simulator, args.server);
  if (Status s = server.Start(); !s.ok()) return Fail(s);
  std::printf("%s\n", server.url().c_str());
  std::printf("# simulated account %s, size %s, seed %llu, %zu services\n",
              options.account_id.c_str(), std::string(sim::AccountSizeName(options.size)).c_str(),
              static_cast<unsigned long long>(options.seed),
              (*simulator)->index().services().size());
  std::printf("# export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s\n",
              options.access_key_id.c_str(), options.secret_access_key.c_str());
  std::printf("# awscrape call ec2 DescribeVpcs --endpoint-url %s\n", server.url().c_str());
  std::fflush(stdout);
  server.Wait();
  sim::SimStats stats = (*simulator)->stats();
  std::fprintf(stderr, "awscrape simulate: stopped after %llu requests (%llu errors)\n",
               static_cast<unsigned long long>(stats.requests),
               static_cast<unsigned long long>(stats.errors));
  return 0;
}

}  // namespace

void AddSimulateCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Run a simulated AWS account on loopback (every List/Describe/Get operation of every "
      "service, in its protocol)\n"
      "Examples:\n"
      "  awscrape simulate --port 4566 --size medium\n"
      "  awscrape simulate --scenario faults.json --latency-ms 100 --max-seconds 600");
  cmd->add_option("--port", args->server.port, "TCP port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--host", args->server.host, "listen address (default 127.0.0.1)");
  cmd->add_option("--threads", args->server.threads, "worker threads")->check(CLI::Range(1, 64));
  cmd->add_option("--max-seconds", args->server.max_seconds, "stop by itself after this long");
  cmd->add_option("--seed", args->options.seed, "seed of the synthetic account");
  cmd->add_option("--size", args->size, "small, medium or large");
  cmd->add_option("--account-id", args->options.account_id, "the account id (12 digits)");
  cmd->add_option("--access-key-id", args->options.access_key_id, "the accepted access key id");
  cmd->add_option("--secret-access-key", args->options.secret_access_key,
                  "the accepted secret access key");
  cmd->add_flag("--no-verify-signatures", args->no_verify, "accept any signature");
  cmd->add_option("--scenario", args->scenario_file, "JSON scenario file (flags override it)");
  cmd->add_option("--latency-ms", args->options.latency_ms, "fixed latency per response");
  cmd->add_option("--jitter-ms", args->options.jitter_ms, "extra random latency, 0..N ms");
  cmd->add_option("--page-size", args->options.default_page_size,
                  "items per page when the request sets no limit");
  cmd->add_option("--deny", args->deny, "answer AccessDenied for service:Operation globs");
  cmd->add_option("--enable-region", args->enable_regions, "an enabled opt-in region");
  cmd->add_option("--throttle-rate", args->throttle_rate,
                  "requests/s per endpoint before throttling errors");
  cmd->add_option("--throttle-burst", args->throttle_burst, "token bucket size per endpoint");
  cmd->add_option("--error-rate", args->error_rate, "probability of a 5xx burst per request");
  cmd->add_option("--error-burst", args->error_burst, "length of each fault burst");
  cmd->add_option("--malformed-rate", args->malformed_rate, "probability of a malformed body");
  cmd->add_option("--truncated-rate", args->truncated_rate, "probability of a cut-off body");
  cmd->add_option("--hang-rate", args->hang_rate, "probability of a connection that hangs");
  cmd->add_option("--generation", args->generation,
                  "scrape generation: items added/removed/modified since generation 0");
  cmd->add_option("--services", args->services, "only these services (default: all)")
      ->delimiter(',');
  cmd->add_option("--oracle-dump", args->oracle_dump,
                  "test aid: call every candidate operation in-process and write the raw "
                  "responses with our parse as JSON lines to FILE, then exit");
  cmd->add_option("--oracle-region", args->oracle_region, "region for --oracle-dump");
  cmd->callback([&globals, &run, args, cmd] {
    run = [&globals, args, cmd] { return RunSimulate(globals, *args, *cmd); };
  });
}

}  // namespace awscrape::cli
