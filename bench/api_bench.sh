#!/usr/bin/env bash
# API throughput and latency with wrk (Debian): a single document and a 100-document page from
# `awscrape serve`, on SQLite and on PostgreSQL, idle and while a scrape ingests into the same
# database. Fills each database with a scrape of the simulator's medium account first; "during
# ingest" runs scrapes of a second simulator (another generation of the account, so new bodies
# are written) back to back into the same database while wrk runs, and reports how many documents
# they stored meanwhile. On PostgreSQL the server's response cache (on by default there) answers
# repeated requests; a second server with --cache-mb 0 gives the uncached figures. PostgreSQL is
# a throw-away server (initdb + pg_ctl in a temporary directory, as the `postgres` user when run
# as root, like tests/support/postgres_server.cc).
#
# Usage: bench/api_bench.sh [build-dir]   (default: build, a Release build)
# Env:   WRK_DURATION (10s), WRK_CONNECTIONS (32), WRK_THREADS (2), SERVE_THREADS (2),
#        BACKENDS ("sqlite postgresql"), AWSCRAPE_POSTGRES_BIN (else /usr/lib/postgresql/*/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
awscrape=$PWD/$build/awscrape
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}
serve_threads=${SERVE_THREADS:-2}
backends=${BACKENDS:-sqlite postgresql}
work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg_data=""
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n $pg_data ]]; then as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

# Runs in this shell (not in $(...)), so that the trap knows every process it started.
start_server() {  # out-file, command...: starts a server and waits for the URL it announces
  local out=$1
  shift
  "$@" >"$out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 1 300); do [[ -s $out ]] && break; sleep 0.1; done
}

# The data: the medium account; the ingest load: its next generation, 5 ms per response.
start_server "$work/sim.out" "$awscrape" simulate --port 0 --size medium --max-seconds 3600
start_server "$work/sim2.out" "$awscrape" simulate --port 0 --size medium --generation 1 \
  --latency-ms 5 --max-seconds 3600
sim=$(head -n 1 "$work/sim.out")
sim2=$(head -n 1 "$work/sim2.out")
scrape_into() {  # db, endpoint, spool
  "$awscrape" scrape --endpoint-url "$2" --services ec2,iam,s3,lambda,dynamodb,rds \
    --regions us-east-1,eu-west-1 --spool-dir "$3" --db "$1" --no-progress >/dev/null 2>&1
}

start_postgres() {
  pg_bin=${AWSCRAPE_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
  local dir="$work/pg"
  mkdir -p "$dir"
  [[ $(id -u) == 0 ]] && chown postgres "$dir"
  as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
    >/dev/null
  pg_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null
  pg_data="$dir/data"
  db="postgresql://postgres@127.0.0.1:$pg_port/postgres"
}

documents() {  # db: documents stored
  "$awscrape" stats --db "$1" --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["total_resources"])'
}

run() {  # label, url
  local out
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$2")
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' - || true)
  printf '%-44s %10s req/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "${errors:-}"
}

for backend in $backends; do
  case $backend in
    sqlite) db="sqlite://$work/api.db" ;;
    postgresql) start_postgres ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
  esac
  scrape_into "$db" "$sim" "$work/spool"
  scrape=$("$awscrape" list --db "$db" --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["scrapes"][0]["scrape_id"])')
  start_server "$work/serve-$backend.out" "$awscrape" serve --port 0 \
    --threads "$serve_threads" --db "$db"
  api=$(head -n 1 "$work/serve-$backend.out")
  single="$api/api/scrapes/$scrape/resources?service=ec2&region=us-east-1&operation=DescribeVpcs&limit=1"
  page="$api/api/scrapes/$scrape/resources?limit=100"
  curl -sf "$single" >/dev/null && curl -sf "$page" >/dev/null
  echo "== $backend ($(documents "$db") documents; $connections connections, $duration," \
    "serve --threads $serve_threads; wrk and the server share the machine)"
  run "idle: single document (24 KB)" "$single"
  run "idle: 100-document page (1.4 MB)" "$page"
  run "idle: scrape metadata" "$api/api/scrapes/$scrape"
  # PostgreSQL servers keep answers in the response cache; the same routes without it:
  if [[ $backend == postgresql ]]; then
    start_server "$work/serve-nocache.out" "$awscrape" serve --port 0 --cache-mb 0 \
      --threads "$serve_threads" --db "$db"
    nocache=$(head -n 1 "$work/serve-nocache.out")
    run "idle: single document, --cache-mb 0" "${single/$api/$nocache}"
  fi

  # During ingest: scrapes of the second simulator, back to back, into the same database.
  before=$(documents "$db")
  rm -f "$work/stop"
  (while [[ ! -e $work/stop ]]; do scrape_into "$db" "$sim2" "$work/spool-ingest"; done) &
  loop=$!
  sleep 1
  run "ingest: single document" "$single"
  run "ingest: 100-document page" "$page"
  if [[ $backend == postgresql ]]; then
    run "ingest: single document, --cache-mb 0" "${single/$api/$nocache}"
  fi
  touch "$work/stop"
  wait "$loop" || true
  echo "   (the ingest stored $(($(documents "$db") - before)) documents meanwhile)"
done
