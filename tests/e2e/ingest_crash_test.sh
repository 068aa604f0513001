#!/usr/bin/env bash
# Crash test of the ingester: `awscrape ingest --watch` is killed with SIGKILL at random moments
# (several seeds) while spool files keep arriving (written to a temporary name, then renamed, as
# the scraper does), and restarted each time. At the end every good spool file must be stored
# exactly once — no file lost, none twice, nothing else — with each scrape's counters exact;
# every corrupt file must be in quarantine with a log entry; and the spool must be empty.
set -euo pipefail

awscrape="${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}"
python=/usr/bin/python3
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_ingester() {
  "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --quiet --batch "$batch" \
    2>>"$work/ingest.log" &
  pid=$!
}
kill_ingester() {
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

# One spool file: its body names the call it belongs to, so a document stored under the wrong
# key is caught. Scrapes repeat each other's bodies (the store shares them).
drop_file() {  # scrape service operation region page
  local dir="$spool/$1" name="$2_$3_$4_None"
  [[ "$5" -gt 0 ]] && name+=".p$5"
  name+=".json"
  local region_json="\"$4\""
  [[ "$4" == "None" ]] && region_json=null
  mkdir -p "$dir"
  printf '{"service":"%s","region":%s,"profile":null,"operation":"%s","page":%d,"response":{"Items":[{"Call":"%s/%s/%s/%d"}],"ResponseMetadata":{"RequestId":"%s-%d"}}}' \
    "$2" "$region_json" "$3" "$5" "$2" "$3" "$4" "$5" "$1" "$RANDOM" >"$dir/.$name.$$.tmp"
  mv "$dir/.$name.$$.tmp" "$dir/$name"
  echo "$1 $2 $3 $4 $5" >>"$expected"
}

drop_corrupt() {  # scrape name contents
  mkdir -p "$spool/$1"
  printf '%s' "$3" >"$spool/$1/.$2.tmp"
  mv "$spool/$1/.$2.tmp" "$spool/$1/$2"
  echo "$1 $2" >>"$corrupt"
}

spool_files_left() {
  find "$spool" -path "$spool/.quarantine" -prune -o -type f ! -name '.*' -print | wc -l
}

for seed in 1 2 3; do
  RANDOM=$seed
  run="$work/seed$seed"
  spool="$run/spool" db="$run/awscrape.db" expected="$run/expected" corrupt="$run/corrupt"
  mkdir -p "$spool"
  : >"$expected"
  : >"$corrupt"
  batch=$((RANDOM % 40 + 1))
  kills=0
  start_ingester
  for scrape in scrape_20250809_173531_0000000$seed scrape_20250810_090000_1000000$seed \
                scrape_20250811_120000_2000000$seed; do
    for i in $(seq 1 60); do
      service=svc$((i % 7))
      region=$([[ $((i % 5)) -eq 0 ]] && echo None || echo "eu-west-$((i % 3 + 1))")
      pages=$((i % 4 == 0 ? 3 : 1))
      for ((page = 0; page < pages; page++)); do
        drop_file "$scrape" "$service" "ListThings$i" "$region" "$page"
      done
      if ((i == 17)); then
        drop_corrupt "$scrape" "ec2_DescribeBroken_us-east-1_None.json" '{"service":"ec2","regi'
      fi
      if ((RANDOM % 12 == 0)); then
        # Kill now, or after letting it work a few milliseconds.
        if ((RANDOM % 2)); then sleep "0.00$((RANDOM % 9 + 1))"; fi
        kill_ingester
        kills=$((kills + 1))
        start_ingester
      fi
    done
  done
  # One last crash, then a restart that must catch up with everything left.
  sleep "0.0$((RANDOM % 5))"
  kill_ingester
  "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --batch "$batch" >"$run/final.out" \
    2>>"$work/ingest.log" &
  pid=$!
  # SIGTERM is handled once the watcher says it is watching.
  for _ in $(seq 1 100); do
    grep -q '^watching' "$run/final.out" 2>/dev/null && break
    sleep 0.05
  done
  for _ in $(seq 1 600); do
    [[ $(spool_files_left) -eq 0 ]] && break
    sleep 0.1
  done
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  pid=""
  if [[ $status -ne 0 ]]; then
    echo "FAIL: seed $seed: ingest --watch exited $status after SIGTERM"
    cat "$work/ingest.log"
    exit 1
  fi
  # Nothing left for a drain either.
  "$awscrape" ingest --watch "$spool" --db "sqlite://$db" --once --quiet

  "$python" - "$db" "$expected" "$corrupt" "$spool" "$seed" "$kills" <<'PY'
import collections, json, os, sqlite3, sys
db, expected_path, corrupt_path, spool, seed, kills = sys.argv[1:7]

def fail(what):
    print(f"FAIL (seed {seed}): {what}")
    sys.exit(1)

expected = [line.split() for line in open(expected_path)]
corrupt = [line.split() for line in open(corrupt_path)]
con = sqlite3.connect(db)
rows = con.execute(
    "SELECT r.scrape_id, r.service, r.operation, r.region, r.page, b.body "
    "FROM aws_resources r JOIN response_bodies b ON b.id = r.body_id").fetchall()
stored = collections.Counter((s, sv, op, reg or "None", str(p)) for s, sv, op, reg, p, _ in rows)
want = collections.Counter(tuple(e) for e in expected)
if len(want) != len(expected):
    fail("the test dropped a file twice")
missing = want - stored
extra = stored - want
if missing:
    fail(f"{sum(missing.values())} files not stored, e.g. {list(missing)[:3]}")
if extra:
    fail(f"{sum(extra.values())} unexpected or duplicate documents, e.g. {list(extra)[:3]}")
for s, sv, op, reg, p, body in rows:
    call = json.loads(body)["Items"][0]["Call"]
    if call != f"{sv}/{op}/{reg or 'None'}/{p}":
        fail(f"document {s}/{sv}/{op}/{reg}/{p} holds the body of {call}")
# Counters advanced exactly once per stored page, crashes notwithstanding.
per_scrape = collections.Counter(e[0] for e in expected)
for scrape_id, files, resources in con.execute(
        "SELECT scrape_id, files_processed_to_mongo, total_resources_saved FROM scrapes"):
    if files != per_scrape[scrape_id] or resources != per_scrape[scrape_id]:
        fail(f"{scrape_id}: counters {files}/{resources}, want {per_scrape[scrape_id]}")
if con.execute("SELECT COUNT(*) FROM scrapes").fetchone()[0] != len(per_scrape):
    fail("wrong number of scrapes")
# Unchanged bodies are stored once: one per distinct call, not one per scrape.
bodies = con.execute("SELECT COUNT(*) FROM response_bodies").fetchone()[0]
distinct_calls = len({tuple(e[1:]) for e in expected})
if bodies != distinct_calls:
    fail(f"{bodies} bodies stored for {distinct_calls} distinct bodies")
# Each corrupt file: quarantined once, logged (a crash between log and move may log it twice).
logged = {row[0] for row in con.execute(
    "SELECT file_path FROM logs WHERE level = 'ERROR' AND component = 'FileWatcher'")}
for scrape_id, name in corrupt:
    path = os.path.join(spool, scrape_id, name)
    if path not in logged:
        fail(f"no log entry for corrupt {path}")
    q = os.path.join(spool, ".quarantine", scrape_id)
    if sorted(os.listdir(q)) != [name]:
        fail(f"quarantine of {scrape_id} holds {os.listdir(q)}")
if len(logged) != len(corrupt):
    fail(f"log entries for {logged}, expected only the corrupt files")
print(f"seed {seed}: {len(expected)} files stored exactly once, {len(corrupt)} quarantined, "
      f"{kills} crashes")
PY
done
echo "ingest crash test: OK"
