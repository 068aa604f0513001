// `awscrape scrape`: discover the account (STS GetCallerIdentity, ec2 DescribeRegions), plan the
// calls, run them through the scheduler, stream every page to the spool directory and every
// call's outcome to the ledger, then summarise. Unless --no-ingest, the seed's workflow runs
// around it (workflow/scrape_ingestion.h): the scrape's metadata is saved to the database, a
// watcher stores each page as it lands, the ledger and final metadata follow, and the spool
// directory is removed once all of it is stored.
//
// Exit status: 0 the scrape completed (every planned call has an outcome, whatever it is) and
// was stored; 3 it completed but not everything could be stored (the spool directory is kept
// for `awscrape ingest --watch`);
// 1 it could not run (models, data files, credentials, spool directory, or a spool write failed
// mid-way); 2 bad arguments; 130 interrupted by Ctrl-C (what was fetched is kept and the ledger
// says which calls were cancelled).
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <sstream>

#include "awscrape/aws/auth/credential_chain.h"
#include "awscrape/aws/auth/shared_config.h"
#include "awscrape/aws/http/curl_transport.h"
#include "awscrape/cli/cli_common.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"
#include "awscrape/cli/store_options.h"
#include "awscrape/scrape/account_discovery.h"
#include "awscrape/scrape/client_pool.h"
#include "awscrape/scrape/outcome_rules.h"
#include "awscrape/scrape/planner.h"
#include "awscrape/scrape/progress_report.h"
#include "awscrape/scrape/scheduler.h"
#include "awscrape/scrape/scrape_data.h"
#include "awscrape/scrape/scrape_metadata.h"
#include "awscrape/store/scrape_id.h"
#include "awscrape/workflow/scrape_ingestion.h"

namespace awscrape::cli {
namespace {

constexpr int kExitCouldNotRun = kExitFailed;
constexpr int kExitNotStored = 3;
constexpr int kExitInterrupted = 130;

struct ScrapeArgs {
  std::string services = "all";
  std::string regions;
  std::string operations;
  std::string profile;
  std::string region;  // home region for STS and DescribeRegions
  std::vector<std::string> endpoint_urls;
  std::string spool_dir;
  std::string data_dir;
  std::string scrape_id;
  int parallel = 32;
  int per_endpoint = 10;
  int max_pages = 1000;
  int throttle_retries = 10;
  int transient_retries = 2;
  int max_attempts = 3;
  double timeout_seconds = 60;
  double backoff_seconds = 0.5;
  bool json = false;
  bool no_progress = false;
  bool skip_discovery = false;
  bool no_ingest = false;
  std::string db_url;
  std::optional<int> retention_days;
};

// Set by SIGINT: 1 = stop (finish what is in flight), 2 = abandon (a second Ctrl-C).
std::atomic<int> g_cancel{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free atomic");

extern "C" void OnSigint(int) {
  int now = g_cancel.load();
  g_cancel.store(now < 2 ? now + 1 : 2);
}

int Fail(const Status& status) { return ReportFailure("", status); }

void Warn(const std::string& message) {
  std::fprintf(stderr, "awscrape: warning: %s\n", message.c_str());
}

std::string DefaultSpoolDir() {
  const char* base = std::getenv("TEMP_DIRECTORY_BASE");
  return base && *base ? base : "/tmp";
}

// User and system CPU of the whole process (every thread) so far, process start included.
double ProcessCpuSeconds() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Where the process's CPU went: before the first planned call (process start, models, plan,
// account discovery) and in all until the summary; the benchmarks compare per-call costs
// with and without the first.
struct CpuSplit {
  double startup_seconds = 0;
  double total_seconds = 0;
};

JsonDocument SummaryJson(const scrape::ScrapeMetadata& meta, const scrape::ScrapeTotals& totals,
                         const std::filesystem::path& dir, const CpuSplit& cpu) {
  JsonDocument doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("scrape_id", MakeString(meta.scrape_id, a), a);
  doc.AddMember("spool_directory", MakeString(dir.string(), a), a);
  doc.AddMember("ledger", MakeString((dir / scrape::kLedgerFileName).string(), a), a);
  doc.AddMember("account_id", MakeString(meta.account_id, a), a);
  doc.AddMember("planned_calls", static_cast<uint64_t>(totals.progress.planned), a);
  doc.AddMember("finished_calls", static_cast<uint64_t>(totals.progress.finished), a);
  JsonValue outcomes(rapidjson::kObjectType);
  for (int i = 0; i < scrape::kCallOutcomeCount; ++i) {
    outcomes.AddMember(MakeString(scrape::CallOutcomeName(static_cast<scrape::CallOutcome>(i)), a),
                       JsonValue(totals.progress.by_outcome[static_cast<size_t>(i)]), a);
  }
  doc.AddMember("outcomes", outcomes, a);
  doc.AddMember("pages", totals.progress.pages, a);
  doc.AddMember("items", totals.progress.items, a);
  doc.AddMember("requests", totals.progress.requests, a);
  doc.AddMember("spool_files", meta.scraped_files_count, a);
  doc.AddMember("default_resources", totals.default_resources, a);
  doc.AddMember("incomplete_calls", totals.incomplete_calls, a);
  doc.AddMember("duration_seconds", meta.duration_seconds.value_or(0), a);
  doc.AddMember("startup_cpu_seconds", cpu.startup_seconds, a);
  doc.AddMember("cpu_seconds", cpu.total_seconds, a);
  doc.AddMember("interrupted", totals.interrupted, a);
  doc.AddMember("return_code", meta.return_code.value_or(0), a);
  JsonValue failures(rapidjson::kArrayType);
  for (const auto& [service, regions] : totals.by_service_region) {
    for (const auto& [region, counts] : regions) {
      JsonValue entry(rapidjson::kObjectType);
      bool any = false;
      for (auto o : {scrape::CallOutcome::kDenied, scrape::CallOutcome::kNotAvailable,
                     scrape::CallOutcome::kThrottled, scrape::CallOutcome::kError}) {
        if (int64_t n = counts[static_cast<size_t>(o)]) {
          entry.AddMember(MakeString(scrape::CallOutcomeName(o), a), JsonValue(n), a);
          any = true;
        }
      }
      if (!any) continue;
      entry.AddMember("service", MakeString(service, a), a);
      entry.AddMember("region", MakeString(region, a), a);
      failures.PushBack(entry, a);
    }
  }
  doc.AddMember("failures", failures, a);
  return doc;
}

int RunScrape(const GlobalOptions& globals, const ScrapeArgs& args,
              const std::vector<std::string>& command) {
  if (args.parallel < 1 || args.per_endpoint < 1 || args.max_pages < 1 ||
      args.throttle_retries < 0 || args.transient_retries < 0 || args.timeout_seconds <= 0) {
    return Fail(InvalidArgument(
        "--parallel, --per-endpoint, --max-pages must be >= 1; retries >= 0; --timeout > 0"));
  }
  auto retention = store::ResolveRetentionDays(args.retention_days);
  if (!retention.ok()) return Fail(retention.status());
  auto overrides = scrape::ParseEndpointOverrides(args.endpoint_urls);
  if (!overrides.ok()) return Fail(overrides.status());
  std::string data_dir = args.data_dir;
  if (data_dir.empty()) {
    if (const char* env = std::getenv("AWSCRAPE_DATA_DIR")) data_dir = env;
  }
  auto data = scrape::LoadScrapeData(data_dir);
  if (!data.ok()) return Fail(data.status());
  auto rules = scrape::OutcomeRules::Load(data_dir);
  if (!rules.ok()) return Fail(rules.status());
  auto catalogue = OpenProcessCatalogue(globals);
  if (!catalogue.ok()) return Fail(catalogue.status());

  // Plan first without the network, so a typo in --services fails before any call.
  scrape::PlanOptions plan_options;
  std::vector<std::string> services = SplitCommaList(args.services);
  const bool all_services = services.size() == 1 && services[0] == "all";
  if (!all_services) plan_options.services = services;
  plan_options.regions = SplitCommaList(args.regions);
  plan_options.operations = SplitCommaList(args.operations);
  auto dry_plan = scrape::BuildPlan(**catalogue, *data, plan_options);
  if (!dry_plan.ok()) return Fail(dry_plan.status());

  aws::EnvLookup env = aws::ProcessEnvironment();
  auto config = aws::SharedConfig::Load(aws::DefaultSharedConfigPaths(env));
  if (!config.ok()) return Fail(config.status());
  aws::ProfileSelection profile = aws::SelectProfile(args.profile, env);
  std::string home_region = aws::ResolveRegion(args.region, env, *config, profile.name);
  if (home_region.empty()) home_region = "us-east-1";

  // Connections per host: the scheduler limits calls per endpoint itself, and with
  // --endpoint-url every endpoint is the same host, so the transport must not cap them lower.
  aws::CurlTransportOptions transport_options;
  transport_options.max_host_connections = std::max(args.parallel, args.per_endpoint);
  transport_options.max_total_connections = std::max(64, args.parallel);
  auto transport = std::make_shared<aws::CurlTransport>(transport_options);
  aws::CredentialChainOptions chain_options;
  chain_options.profile = args.profile;
  chain_options.region = home_region;
  chain_options.transport = transport;
  chain_options.config = std::make_shared<const aws::SharedConfig>(*config);
  auto credentials = aws::DefaultCredentialChain(chain_options);
  if (!credentials.ok()) return Fail(credentials.status());

  aws::ClientConfig client_config;
  client_config.default_region = home_region;
  client_config.retry.max_attempts = args.max_attempts;
  client_config.http.response_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(args.timeout_seconds * 1000));
  auto pool = std::make_unique<scrape::ClientPool>(**catalogue, *transport, **credentials,
                                                   client_config, *overrides);

  // Who and where: the account id and the enabled regions.
  scrape::AccountInfo account;
  if (!args.skip_discovery) {
    auto blocking = [&pool](const char* service) {
      return [&pool, service](aws::CallRequest r) {
        return pool->ForService(service).Call(std::move(r));
      };
    };
    account = scrape::DiscoverAccount(blocking("sts"), blocking("ec2"), home_region);
    if (!account.identity_status.ok()) {
      if (account.identity_status.code() == StatusCode::kUnauthenticated) {
        return Fail(account.identity_status);
      }
      Warn(account.identity_status.message() + " (continuing without the account id)");
    }
    if (!account.regions_status.ok()) {
      Warn(account.regions_status.message() + " (continuing without the list of enabled regions)");
    }
  }
  if (!account.account_id.empty()) {
    // The rate limiters are keyed by account: rebuild the clients with it.
    client_config.account_id = account.account_id;
    pool = std::make_unique<scrape::ClientPool>(**catalogue, *transport, **credentials,
                                                client_config, *overrides);
  }

  // Regions: the account's enabled ones, unless --regions names them; a named region the
  // account has not enabled is planned, and its calls recorded as not_available unsent.
  std::set<std::string> disabled;
  if (account.regions_known) {
    if (plan_options.regions.empty()) {
      plan_options.enabled_regions = account.enabled_regions;
    } else {
      for (const std::string& r : plan_options.regions) {
        if (account.disabled_regions.count(r)) disabled.insert(r);
      }
    }
  }
  // The first plan stands unless discovery told which regions to cover.
  auto plan = plan_options.enabled_regions.empty()
                  ? std::move(dry_plan)
                  : scrape::BuildPlan(**catalogue, *data, plan_options);
  if (!plan.ok()) return Fail(plan.status());
  for (const std::string& warning : plan->warnings) Warn(warning);

  // The scrape's directory, metadata and ledger.
  scrape::ScrapeMetadata meta;
  meta.start_time = store::WallClockNow();
  meta.scrape_id =
      args.scrape_id.empty() ? store::GenerateScrapeId(meta.start_time) : args.scrape_id;
  meta.command = command;
  if (!all_services) meta.services = services;
  meta.regions = plan_options.regions.empty() ? plan_options.enabled_regions : plan_options.regions;
  meta.profile = args.profile;
  meta.account_id = account.account_id;
  meta.partition = plan->partition;
  meta.models_version = (*catalogue)->models_version();
  meta.planned_calls = static_cast<int64_t>(plan->calls.size());
  if (plan_options.regions.empty()) {
    meta.disabled_regions.assign(account.disabled_regions.begin(), account.disabled_regions.end());
  } else {
    meta.disabled_regions.assign(disabled.begin(), disabled.end());
  }
  std::filesystem::path dir =
      std::filesystem::path(args.spool_dir.empty() ? DefaultSpoolDir() : args.spool_dir) /
      meta.scrape_id;
  meta.temp_directory = dir.string();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(IoError("cannot create " + dir.string() + ": " + ec.message()));
  if (Status s = scrape::WriteScrapeMetadata(dir, meta); !s.ok()) return Fail(s);
  auto ledger = scrape::LedgerWriter::Open(dir / scrape::kLedgerFileName);
  if (!ledger.ok()) return Fail(ledger.status());
  scrape::SpoolWriter spool(dir, {args.profile, account.account_id, plan->partition});

  // The seed's workflow: metadata first, then a watcher storing pages as they land. A database
  // that cannot be opened does not stop the scrape: pages stay in the spool for later ingestion.
  std::unique_ptr<store::Store> store;
  std::unique_ptr<workflow::ScrapeIngestion> ingestion;
  if (!args.no_ingest) {
    auto opened = OpenCommandStore(args.db_url);
    if (opened.ok()) {
      store = std::move(opened).value();
      auto started = workflow::ScrapeIngestion::Start(*store, meta, dir);
      if (started.ok()) {
        ingestion = std::move(started).value();
      } else {
        Warn("not storing this scrape: " + started.status().ToString());
      }
    } else {
      Warn("cannot open the database, pages stay in the spool: " + opened.status().ToString());
    }
  }

  const bool tty = !args.no_progress && ::isatty(STDERR_FILENO);
  std::fprintf(stderr, "awscrape: scrape %s: %zu calls%s%s into %s\n", meta.scrape_id.c_str(),
               plan->calls.size(), account.account_id.empty() ? "" : " in account ",
               account.account_id.c_str(), dir.string().c_str());

  scrape::SchedulerOptions options;
  options.scrape_id = meta.scrape_id;
  options.profile = args.profile;
  options.parallel = args.parallel;
  options.per_endpoint = args.per_endpoint;
  options.max_pages = args.max_pages;
  options.throttle_retries = args.throttle_retries;
  options.transient_retries = args.transient_retries;
  options.backoff_base =
      std::chrono::milliseconds(static_cast<int64_t>(args.backoff_seconds * 1000));
  options.disabled_regions = disabled;
  const scrape::OutcomeRules& outcome_rules = *rules;
  options.is_opt_in_region = [&account, &outcome_rules](const std::string& region) {
    return account.regions_known ? account.opt_in_regions.count(region) > 0
                                 : outcome_rules.IsOptInRegion(region);
  };
  scrape::Scheduler scheduler(
      *plan,
      [&pool](aws::CallRequest request, std::function<void(aws::CallResult)> done) {
        pool->Call(std::move(request), std::move(done));
      },
      spool, **ledger, data->defaults, *rules, options);

  struct sigaction action {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  sigaction(SIGINT, &action, &previous);
  size_t last_width = 0;
  CpuSplit cpu;
  cpu.startup_seconds = ProcessCpuSeconds();
  scrape::ScrapeTotals totals =
      scheduler.Run(g_cancel, [&](const scrape::ScrapeProgress& progress) {
        if (!tty) return;
        std::string line = scrape::FormatProgressLine(progress);
        if (g_cancel.load() > 0) line += " | stopping (Ctrl-C again to abandon)";
        size_t width = line.size();
        if (width < last_width) line.append(last_width - width, ' ');
        last_width = width;
        std::fprintf(stderr, "\r%s", line.c_str());
        std::fflush(stderr);
      });
  sigaction(SIGINT, &previous, nullptr);
  if (tty) std::fprintf(stderr, "\n");

  Timestamp end = store::WallClockNow();
  meta.end_time = end;
  meta.duration_seconds = end.ToEpochSeconds() - meta.start_time.ToEpochSeconds();
  meta.scraped_files_count = static_cast<int64_t>(spool.files_written());
  meta.interrupted = totals.interrupted;
  for (int i = 0; i < scrape::kCallOutcomeCount; ++i) {
    meta.outcomes[std::string(scrape::CallOutcomeName(static_cast<scrape::CallOutcome>(i)))] =
        totals.progress.by_outcome[static_cast<size_t>(i)];
  }
  int code = 0;
  if (!totals.write_error.ok()) {
    std::fprintf(stderr, "awscrape: %s\n", totals.write_error.ToString().c_str());
    code = kExitCouldNotRun;
  } else if (totals.interrupted) {
    code = kExitInterrupted;
  }
  meta.success = code == 0;
  meta.return_code = code;
  if (Status s = scrape::WriteScrapeMetadata(dir, meta); !s.ok()) {
    std::fprintf(stderr, "awscrape: %s\n", s.ToString().c_str());
    if (code == 0) code = kExitCouldNotRun;
  }

  std::string stored_line;
  if (ingestion) {
    workflow::IngestionSummary stored = ingestion->Finish(meta, workflow::FileWatcherTimeout());
    if (stored.complete) {
      stored_line = "Stored " + std::to_string(stored.counts.files_stored) + " pages (" +
                    std::to_string(stored.counts.documents_inserted) + " new documents, " +
                    std::to_string(stored.counts.files_quarantined) + " quarantined) and " +
                    std::to_string(stored.outcomes_stored) + " call outcomes in " +
                    std::string(store->Backend()) + "\n";
    } else {
      stored_line = "Not everything was stored (" + stored.last_error.ToString() +
                    "); the spool directory is kept: awscrape ingest --watch " +
                    dir.parent_path().string() + "\n";
      if (code == 0) code = kExitNotStored;
    }
    if (*retention) {
      ReportRetention("scrape", **retention,
                      store::ApplyRetention(*store, **retention, store::WallClockNow()));
    }
  } else if (!args.no_ingest) {
    if (code == 0) code = kExitNotStored;
  }

  if (args.json) {
    cpu.total_seconds = ProcessCpuSeconds();
    std::printf("%s\n", ToJson(SummaryJson(meta, totals, dir, cpu), true).c_str());
  } else {
    std::printf("Scrape %s%s\nSpool directory: %s\n%s", meta.scrape_id.c_str(),
                totals.interrupted ? " (interrupted)" : "", dir.string().c_str(),
                scrape::FormatSummary(totals).c_str());
    std::printf("%s", stored_line.c_str());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  if (totals.abandoned) {
    // Calls are still in flight inside the clients: their callbacks would outlive the objects
    // they refer to if we unwound. Everything worth keeping is on disk.
    std::_Exit(code);
  }
  return code;
}

}  // namespace

void AddScrapeCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<ScrapeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "scrape",
      "Scrape the account: every List/Describe/Get call of the plan, fully paged, each page into "
      "the spool directory and each call's outcome into its ledger\n"
      "Examples:\n"
      "  awscrape scrape --services all --regions us-east-1,eu-west-1\n"
      "  awscrape scrape --services ec2,s3,rds --regions us-east-1 --profile prod\n"
      "  awscrape scrape --endpoint-url http://127.0.0.1:4566   (the simulator)\n"
      "  awscrape scrape --services dynamodb --endpoint-url dynamodb=http://127.0.0.1:8000");
  cmd->add_option("--services", args->services, "all, or a comma-separated list (ec2,s3)")
      ->capture_default_str();
  cmd->add_option("--regions", args->regions,
                  "comma-separated regions (default: the account's enabled regions)");
  cmd->add_option("--operations", args->operations,
                  "only these operations: DescribeInstances or ec2:DescribeInstances, "
                  "comma-separated");
  cmd->add_option("--profile", args->profile, "shared config profile");
  cmd->add_option("--region", args->region,
                  "home region for STS and ec2 DescribeRegions (default: AWS_REGION, the "
                  "profile's, us-east-1)");
  cmd->add_option("--endpoint-url", args->endpoint_urls,
                  "URL: send every call there; SERVICE=URL: that service's calls (repeatable)");
  cmd->add_option("--spool-dir", args->spool_dir,
                  "where the scrape's directory is created (default: $TEMP_DIRECTORY_BASE or "
                  "/tmp)");
  cmd->add_option("--scrape-id", args->scrape_id,
                  "use this id instead of a new scrape_YYYYMMDD_HHMMSS_<hex>");
  cmd->add_option("--parallel", args->parallel, "calls in flight at once")->capture_default_str();
  cmd->add_option("--per-endpoint", args->per_endpoint,
                  "calls in flight per endpoint (service, region); halved when throttled")
      ->capture_default_str();
  cmd->add_option("--max-pages", args->max_pages, "page cap per call")->capture_default_str();
  cmd->add_option("--throttle-retries", args->throttle_retries,
                  "re-queues of a throttled call after the client's own retries, before it is "
                  "recorded as throttled")
      ->capture_default_str();
  cmd->add_option("--transient-retries", args->transient_retries,
                  "re-queues of a call that failed transiently (5xx, timeout)")
      ->capture_default_str();
  cmd->add_option("--backoff", args->backoff_seconds,
                  "first re-queue backoff in seconds (doubles each time, up to 20 s)")
      ->capture_default_str();
  cmd->add_option("--max-attempts", args->max_attempts,
                  "HTTP attempts per request in the client's standard retry mode")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  cmd->add_option("--timeout", args->timeout_seconds, "response timeout per request, seconds")
      ->capture_default_str();
  cmd->add_option("--data-dir", args->data_dir,
                  "directory whose data files replace the built-in ones (default: "
                  "$AWSCRAPE_DATA_DIR)");
  cmd->add_flag("--json", args->json, "print the summary as JSON on stdout");
  cmd->add_flag("--no-progress", args->no_progress, "no progress line, even on a TTY");
  cmd->add_flag("--no-ingest", args->no_ingest,
                "only spool: do not store pages in the database as they arrive");
  AddDatabaseOption(*cmd, args->db_url);
  AddRetentionOption(*cmd, args->retention_days);
  cmd->add_flag("--skip-discovery", args->skip_discovery,
                "do not call STS GetCallerIdentity and ec2 DescribeRegions first (emulators "
                "without them)");
  cmd->callback([&globals, &run, args] {
    run = [&globals, args] {
      // The seed's `command`: the invocation, rebuilt from the options that were given.
      std::vector<std::string> command = {"awscrape", "scrape", "--services", args->services};
      auto add = [&command](const char* flag, const std::string& value) {
        if (!value.empty()) command.insert(command.end(), {flag, value});
      };
      add("--regions", args->regions);
      add("--operations", args->operations);
      add("--profile", args->profile);
      for (const std::string& url : args->endpoint_urls) add("--endpoint-url", url);
      add("--spool-dir", args->spool_dir);
      return RunScrape(globals, *args, command);
    };
  });
}

}  // namespace awscrape::cli
