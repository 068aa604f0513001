#!/usr/bin/env bash
# API throughput and latency with wrk (Debian): a single document and a 100-document page from
# `awscrape serve` on SQLite, idle. Fills the database with a scrape of the simulator's medium
# account first. Usage: bench/api_bench.sh [build-dir]   (default: build, a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
awscrape=$PWD/$build/awscrape
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}

"$awscrape" simulate --port 0 --size medium --max-seconds 600 >"$work/sim.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 1 300); do [[ -s $work/sim.out ]] && break; sleep 0.1; done
sim=$(head -n 1 "$work/sim.out")
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
db="sqlite://$work/api.db"
"$awscrape" scrape --endpoint-url "$sim" --services ec2,iam,s3,lambda,dynamodb,rds \
  --regions us-east-1,eu-west-1 --spool-dir "$work/spool" --db "$db" --no-progress >/dev/null
scrape=$("$awscrape" list --db "$db" --json | /usr/bin/python3 -c \
  'import json,sys; print(json.load(sys.stdin)["scrapes"][0]["scrape_id"])')

"$awscrape" serve --port 0 --db "$db" >"$work/serve.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 1 300); do [[ -s $work/serve.out ]] && break; sleep 0.1; done
api=$(head -n 1 "$work/serve.out")

run() {  # name, path
  echo "== $1: GET $2 ($connections connections, $duration)"
  wrk -t2 -c"$connections" -d"$duration" --latency "$api$2" |
    grep -E 'Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket errors'
}
run "single document" "/api/scrapes/$scrape/resources?service=ec2&region=us-east-1&operation=DescribeVpcs&limit=1"
run "100-document page" "/api/scrapes/$scrape/resources?limit=100"
run "scrape metadata" "/api/scrapes/$scrape"
