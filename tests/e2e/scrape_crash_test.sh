#!/usr/bin/env bash
# Crash test of a whole scrape: `awscrape scrape` against the simulator is killed with SIGKILL at a
# random moment (several seeds) — with its in-process ingester, or with a separate
# `awscrape ingest --watch` that is itself killed and restarted at random moments. Then ingestion
# is restarted (`ingest --once`). Every page the scraper spooled must be stored exactly once and
# hold exactly what an uninterrupted scrape of the same account stored; every call the ledger
# says finished must have all its pages; nothing else may be stored; the ledger written so far
# must be in the database; and the spool must hold nothing but the scrape's bookkeeping and the
# scraper's unfinished temporary files.
set -euo pipefail

awscrape="${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}"
python=/usr/bin/python3
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

services=ec2,iam,s3,dynamodb,lambda,sqs,sns
regions=us-east-1,eu-west-1
# Small pages and some latency: a few hundred pages over a few seconds, so kills land mid-scrape.
"$awscrape" simulate --port 0 --size medium --page-size 20 --latency-ms 30 --max-seconds 600 \
  --services "$services,sts" >"$work/sim.out" 2>"$work/sim.err" &
pids+=($!)
for _ in $(seq 1 300); do [[ -s "$work/sim.out" ]] && break; sleep 0.1; done
url=$(head -n 1 "$work/sim.out")
if [[ ! $url =~ ^http:// ]]; then
  echo "FAIL: the simulator did not start: $(cat "$work/sim.err")"
  exit 1
fi
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null FILE_WATCHER_TIMEOUT=5
unset AWS_PROFILE AWS_SESSION_TOKEN

scrape() {  # spool db, then extra args; exec, so that a background job's pid is awscrape's
  local spool=$1 db=$2
  shift 2
  exec "$awscrape" scrape --endpoint-url "$url" --services "$services" --regions "$regions" \
    --parallel 4 --no-progress --spool-dir "$spool" --db "sqlite://$db" "$@"
}

# What an uninterrupted scrape of the same (deterministic) account stores.
(scrape "$work/ref-spool" "$work/ref.db") >"$work/ref.out" 2>&1 || {
  cat "$work/ref.out"
  exit 1
}

# Waits until the scraper has announced its scrape (id and spool directory exist), so a kill
# lands during the scrape, not during start-up on a loaded machine.
wait_scrape_started() {  # output file
  for _ in $(seq 1 600); do
    grep -q '^awscrape: scrape scrape_' "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "FAIL: the scraper did not start within 30 s"
  cat "$1"
  exit 1
}

random_delay() {  # seconds in [$1, $1 + $2) with millisecond steps, from $RANDOM
  printf '%d.%03d' $(($1 + RANDOM % $2)) $((RANDOM % 1000))
}

for seed in 1 2 3 4; do
  RANDOM=$seed
  run="$work/seed$seed"
  spool="$run/spool" db="$run/awscrape.db"
  mkdir -p "$spool"
  ingester_kills=0
  if ((seed % 2)); then
    mode="in-process ingester"
    scrape "$spool" "$db" >"$run/scrape.out" 2>&1 &
    scraper=$!
    pids+=("$scraper")
    wait_scrape_started "$run/scrape.out"
    sleep "$(random_delay 0 3)"
  else
    mode="separate ingester"
    scrape "$spool" "$db" --no-ingest >"$run/scrape.out" 2>&1 &
    scraper=$!
    pids+=("$scraper")
    wait_scrape_started "$run/scrape.out"
    deadline=$(($(date +%s%N) / 1000000 + 1000 + RANDOM % 2000))
    while (($(date +%s%N) / 1000000 < deadline)); do
      "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --quiet --batch $((RANDOM % 20 + 1)) \
        2>>"$run/ingest.log" &
      ingester=$!
      pids+=("$ingester")
      sleep "0.$((RANDOM % 400 + 50))"
      kill -9 "$ingester" 2>/dev/null || true
      wait "$ingester" 2>/dev/null || true
      ingester_kills=$((ingester_kills + 1))
    done
  fi
  kill -9 "$scraper" 2>/dev/null || true
  wait "$scraper" 2>/dev/null || true
  id=$(awk '/^awscrape: scrape scrape_/{print $3; exit}' "$run/scrape.out")
  id=${id%:}
  if [[ -z "$id" ]]; then
    echo "FAIL: seed $seed: the scraper printed no scrape id"
    cat "$run/scrape.out"
    exit 1
  fi
  # Restart ingestion: it catches up with the spool, twice to show a repeat changes nothing.
  "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --once >"$run/final.out" \
    2>>"$run/ingest.log"
  "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --once --quiet 2>>"$run/ingest.log"

  "$python" - "$work/ref.db" "$db" "$spool" "$id" "$seed" "$mode" "$ingester_kills" <<'PY'
import collections, json, os, sqlite3, sys
ref_db, db, spool, scrape_id, seed, mode, ingester_kills = sys.argv[1:8]

def fail(what):
    print(f"FAIL (seed {seed}, {mode}): {what}")
    sys.exit(1)

def documents(path, where=""):
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT r.scrape_id, r.service, r.region, r.operation, r.page, b.body "
        "FROM aws_resources r JOIN response_bodies b ON b.id = r.body_id " + where).fetchall()
    # Global calls: the ledger's null region, the spool's "None".
    return con, [(s, sv, reg or "None", op, p, body) for s, sv, reg, op, p, body in rows]

_, ref_rows = documents(ref_db)
reference = {(sv, reg, op, p): body for _, sv, reg, op, p, body in ref_rows}
ref_pages = collections.defaultdict(set)
for sv, reg, op, p in reference:
    ref_pages[(sv, reg, op)].add(p)

con, rows = documents(db)
if {r[0] for r in rows} - {scrape_id}:
    fail(f"documents of other scrapes: {sorted({r[0] for r in rows} - {scrape_id})}")
stored = collections.Counter((sv, reg, op, p) for _, sv, reg, op, p, _ in rows)
dupes = [k for k, n in stored.items() if n > 1]
if dupes:
    fail(f"pages stored twice: {dupes[:3]}")
for _, sv, reg, op, p, body in rows:
    key = (sv, reg, op, p)
    if key not in reference:
        fail(f"a page no uninterrupted scrape has: {key}")
    if json.loads(body) != json.loads(reference[key]):
        fail(f"page {key} differs from the uninterrupted scrape's")

# Nothing left to ingest: only bookkeeping and the scraper's unfinished temporary files.
scrape_dir = os.path.join(spool, scrape_id)
leftovers = []
if os.path.isdir(scrape_dir):
    leftovers = [n for n in os.listdir(scrape_dir)
                 if not n.startswith(".") and n not in ("_scrape.json", "_ledger.jsonl")]
if leftovers:
    fail(f"spool files were not ingested: {leftovers[:3]}")
quarantine = os.path.join(spool, ".quarantine")
if os.path.isdir(quarantine) and any(files for _, _, files in os.walk(quarantine)):
    fail("a spooled page was quarantined")

# Every call the ledger says is done has all its pages; the ledger is in the database.
ledger_path = os.path.join(scrape_dir, "_ledger.jsonl")
if os.path.exists(ledger_path):
    lines = open(ledger_path).read().splitlines()
    ledger = []
    for i, line in enumerate(lines):
        try:
            ledger.append(json.loads(line))
        except ValueError:
            if i != len(lines) - 1:
                fail(f"ledger line {i + 1} is corrupt")
else:  # the scrape finished before the kill and cleaned up after itself
    ledger = [{"service": s, "region": r if r != "None" else None, "operation": o, "outcome": out, "incomplete": ""}
              for s, r, o, out in con.execute(
                  "SELECT service, region, operation, outcome FROM call_outcomes "
                  "WHERE scrape_id = ?", (scrape_id,))]
outcomes = con.execute("SELECT COUNT(*) FROM call_outcomes WHERE scrape_id = ?",
                       (scrape_id,)).fetchone()[0]
if outcomes != len(ledger):
    fail(f"{outcomes} outcomes stored for {len(ledger)} ledger lines")
stored_pages = collections.defaultdict(set)
for sv, reg, op, p in stored:
    stored_pages[(sv, reg, op)].add(p)
for call in ledger:
    if call["outcome"] not in ("ok", "empty") or call.get("incomplete"):
        continue
    key = (call["service"], call["region"] or "None", call["operation"])
    if stored_pages[key] != ref_pages[key]:
        fail(f"call {key} is done but holds pages {sorted(stored_pages[key])}, "
             f"want {sorted(ref_pages[key])}")

files, resources = con.execute(
    "SELECT files_processed_to_mongo, total_resources_saved FROM scrapes WHERE scrape_id = ?",
    (scrape_id,)).fetchone()
if files != len(rows):
    fail(f"files_processed_to_mongo is {files} for {len(rows)} documents")
print(f"seed {seed} ({mode}, {ingester_kills} ingester kills): {len(rows)} of "
      f"{len(reference)} pages stored exactly once, {len(ledger)} calls in the ledger")
PY
done
echo "scrape crash test: OK"
