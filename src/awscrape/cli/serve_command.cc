// `awscrape serve`: the REST API, the WebSocket progress stream and Prometheus metrics over the
// store (src/awscrape/api/). Listens on 127.0.0.1 unless --host says otherwise; prints its URL
// as the first line of stdout; stops on SIGINT/SIGTERM (running scrapes are asked to stop and
// keep what they fetched). Scrapes started with POST /api/scrapes run as `awscrape scrape
// --db <this server's database>` child processes of this binary, which store what they fetch
// themselves (api/child_process_launcher.h), at most
// --max-concurrent-scrapes (MAX_CONCURRENT_SCRAPES, default 3) at once.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "awscrape/api/api_handlers.h"
#include "awscrape/api/api_server.h"
#include "awscrape/api/cache_invalidator.h"
#include "awscrape/api/child_process_launcher.h"
#include "awscrape/cli/command.h"
#include "awscrape/cli/models_dir.h"
#include "awscrape/cli/store_options.h"

namespace awscrape::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  std::string token;
  bool token_for_reads = false;
  std::string cors_origin;
  int max_concurrent = 0;
  std::string spool_dir;
  std::vector<std::string> scrape_args;
  std::string scrape_executable;
  uint64_t max_body_bytes = 1 << 20;
  double request_timeout = 15;
  double max_seconds = 0;
  std::optional<int> retention_days;
  int cache_mb = 64;
};

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  long n = std::strtol(value, &end, 10);
  return end && *end == '\0' && n > 0 && n < 1000 ? static_cast<int>(n) : fallback;
}

int RunServe(const GlobalOptions& globals, ServeArgs args) {
  if (args.port < 0 || args.port > 65535 || args.threads < 1 || args.threads > 64 ||
      args.request_timeout <= 0 || args.cache_mb < 0 || args.cache_mb > 65536) {
    return StoreCommandFail("serve", InvalidArgument("--port 0..65535, --threads 1..64, "
                                                     "--request-timeout > 0, --cache-mb 0..65536"));
  }
  if (args.token.empty()) {
    if (const char* env = std::getenv("AWSCRAPE_API_TOKEN")) args.token = env;
  }
  if (args.max_concurrent <= 0) args.max_concurrent = EnvInt("MAX_CONCURRENT_SCRAPES", 3);
  if (args.spool_dir.empty()) {
    const char* base = std::getenv("TEMP_DIRECTORY_BASE");
    args.spool_dir = std::string(base && *base ? base : "/tmp") + "/awscrape";
  }
  if (args.host != "127.0.0.1" && args.host != "::1" && args.host != "localhost" &&
      args.token.empty()) {
    std::fprintf(stderr,
                 "awscrape serve: warning: listening on %s without an API token: anyone who "
                 "can reach it can start and delete scrapes (set --token or "
                 "AWSCRAPE_API_TOKEN)\n",
                 args.host.c_str());
  }
  if (args.host == "localhost") args.host = "127.0.0.1";

  auto retention = store::ResolveRetentionDays(args.retention_days);
  if (!retention.ok()) return StoreCommandFail("serve", retention.status());
  auto opened = OpenCommandStore(args.db);
  if (!opened.ok()) return StoreCommandFail("serve", opened.status());
  store::Store& db = **opened;
  // Retention while serving: at start, then hourly (scrapes started here apply it too).
  std::optional<store::RetentionSweeper> sweeper;
  if (*retention) {
    sweeper.emplace(db, **retention, std::chrono::hours(1),
                    [days = **retention](const Result<store::DeleteCounts>& deleted) {
                      ReportRetention("serve", days, deleted);
                    });
  }

  std::shared_ptr<aws::model::ModelCatalogue> catalogue;
  if (auto c = aws::model::ModelCatalogue::Open(ModelsDir(globals)); c.ok()) {
    catalogue = std::move(*c);
  } else {
    std::fprintf(stderr, "awscrape serve: warning: %s; service names are not checked\n",
                 c.status().ToString().c_str());
  }

  api::ChildProcessOptions child;
  if (!args.scrape_executable.empty()) child.executable = args.scrape_executable;
  child.models_dir = globals.models_dir;
  child.database_url = store::ResolveDatabaseUrl(args.db);
  child.spool_dir = args.spool_dir;
  child.extra_args = args.scrape_args;
  if (*retention) {
    child.extra_args.push_back("--retention-days=" + std::to_string(**retention));
  }
  api::ChildProcessLauncher launcher(db, child);
  api::EventBus events;
  api::Metrics metrics;
  api::ScrapeQueue queue(db, launcher, events, metrics, args.max_concurrent);

  api::ApiContext context;
  context.store = &db;
  context.scrapes = &queue;
  context.metrics = &metrics;
  if (catalogue) {
    context.known_service = [catalogue](std::string_view s) { return catalogue->HasService(s); };
  }
  // The cache is on only where the store sends change notices (PostgreSQL), so that an answer
  // is never served after another process changed its scrape.
  std::unique_ptr<api::ResponseCache> cache;
  std::unique_ptr<api::CacheInvalidator> invalidator;
  std::string cache_note = "response cache off";
  if (args.cache_mb > 0) {
    cache = std::make_unique<api::ResponseCache>(static_cast<size_t>(args.cache_mb) << 20);
    auto started = api::CacheInvalidator::Start(db, *cache);
    if (started.ok()) {
      invalidator = std::move(*started);
      context.cache = cache.get();
      cache_note = "response cache " + std::to_string(args.cache_mb) + " MiB";
    } else {
      cache_note += " (" + started.status().message() + ")";
    }
  }
  auto routes = api::BuildApiRoutes(context);
  api::DispatchOptions dispatch;
  dispatch.token = args.token;
  dispatch.token_for_reads = args.token_for_reads;
  dispatch.cors_origin = args.cors_origin;
  api::Dispatcher dispatcher(*routes, dispatch, &metrics);

  api::ApiServerOptions options;
  options.host = args.host;
  options.port = static_cast<uint16_t>(args.port);
  options.threads = args.threads;
  options.max_body_bytes = args.max_body_bytes;
  options.request_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(args.request_timeout * 1000));
  options.handle_signals = true;
  options.max_seconds = args.max_seconds;
  api::ApiServer server(dispatcher, &events, options);
  if (Status s = server.Start(); !s.ok()) return StoreCommandFail("serve", s);
  std::printf("%s\n", server.url().c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "awscrape serve: %s store, %d threads, up to %d scrapes at once (spool %s), %s%s\n",
               std::string(db.Backend()).c_str(), args.threads, args.max_concurrent,
               args.spool_dir.c_str(), cache_note.c_str(),
               args.token.empty() ? "; no API token: mutating routes are open to local users"
                                  : "; API token required for mutating routes");
  server.Wait();
  queue.Shutdown();
  if (invalidator) invalidator->Stop();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the REST API, WebSocket progress (/api/ws) and metrics over the store\n\n"
      "Examples:\n"
      "  awscrape serve                                  # http://127.0.0.1:8080\n"
      "  awscrape serve --port 0 --db sqlite:///var/lib/awscrape.db\n"
      "  AWSCRAPE_API_TOKEN=s3cret awscrape serve --host 0.0.0.0 --token-for-reads\n"
      "  awscrape serve --scrape-arg=--endpoint-url --scrape-arg=http://127.0.0.1:4566\n"
      "  curl -XPOST -H 'Authorization: Bearer s3cret' localhost:8080/api/scrapes \\\n"
      "       -d '{\"services\":[\"ec2\"],\"regions\":[\"us-east-1\"]}'");
  AddDatabaseOption(*cmd, args->db);
  AddRetentionOption(*cmd, args->retention_days);
  cmd->add_option("--host", args->host, "address to listen on")->capture_default_str();
  cmd->add_option("--port", args->port, "port (0: an ephemeral one)")->capture_default_str();
  cmd->add_option("--threads", args->threads, "I/O threads")->capture_default_str();
  cmd->add_option("--cache-mb", args->cache_mb,
                  "MiB of resource answers kept between requests, on stores that send change "
                  "notices (PostgreSQL); 0: no cache")
      ->capture_default_str();
  cmd->add_option("--token", args->token,
                  "API token required by mutating routes (default: $AWSCRAPE_API_TOKEN)");
  cmd->add_flag("--token-for-reads", args->token_for_reads, "require the token for reads too");
  cmd->add_option("--cors-origin", args->cors_origin,
                  "allow this browser origin (or *) cross-origin; default: no CORS");
  cmd->add_option("--max-concurrent-scrapes", args->max_concurrent,
                  "scrapes run at once, the rest queued (default: $MAX_CONCURRENT_SCRAPES or 3)");
  cmd->add_option("--spool-dir", args->spool_dir,
                  "where scrapes write their spool (default: $TEMP_DIRECTORY_BASE/awscrape or "
                  "/tmp/awscrape)");
  cmd->add_option("--scrape-arg", args->scrape_args,
                  "extra argument for every `awscrape scrape` the server starts (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--scrape-executable", args->scrape_executable,
                  "binary run for scrapes (default: this awscrape)");
  cmd->add_option("--max-body-bytes", args->max_body_bytes, "request body limit")
      ->capture_default_str();
  cmd->add_option("--request-timeout", args->request_timeout,
                  "seconds a client has to send a request (idle keep-alive included)")
      ->capture_default_str();
  cmd->add_option("--max-seconds", args->max_seconds, "stop by itself after this long (tests)");
  cmd->callback(
      [&globals, &run, args] { run = [&globals, args] { return RunServe(globals, *args); }; });
}

}  // namespace awscrape::cli
