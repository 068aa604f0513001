#!/usr/bin/env bash
# The seed's workflow around a scrape: pages are stored as they land, the ledger and metadata
# follow and the spool directory is removed. With the database unavailable the scrape still
# completes, keeps its spool and exits 3; `awscrape ingest` stores it later, exactly once — its
# pages, its ledger and its final metadata — and removes the directory, with --once and while
# watching a scrape that is still running.
set -euo pipefail
awscrape=${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}
work=$(mktemp -d)
sim_pid=
ingest_pid=
trap '[[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null; [[ -n "$ingest_pid" ]] && kill "$ingest_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$awscrape" simulate --port 0 --size small --max-seconds 300 \
  --services ec2,iam,s3,dynamodb,lambda,sts >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 300); do [[ -s "$work/sim.out" ]] && break; sleep 0.1; done
url=$(head -n 1 "$work/sim.out")
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null FILE_WATCHER_TIMEOUT=3
unset AWS_PROFILE AWS_SESSION_TOKEN

failures=0
check() {  # description, command...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}
sql() { sqlite3 "$work/awscrape.db" "$1"; }

scrape() {  # db-url, then extra args
  local db=$1; shift
  "$awscrape" scrape --endpoint-url "$url" --services ec2,iam,s3,dynamodb,lambda \
    --regions us-east-1,eu-west-1 --spool-dir "${spool_dir:-$work/spool}" --db "$db" "$@"
}

set +e
scrape "sqlite://$work/awscrape.db" >"$work/first.out" 2>&1
first_rc=$?
set -e
cat "$work/first.out"
id1=$(awk '/^Scrape scrape_/{print $2; exit}' "$work/first.out")
check "first scrape exits 0" test "$first_rc" -eq 0
check "its spool directory is removed" test ! -e "$work/spool/$id1"
planned=$(sql "select count(*) from call_outcomes where scrape_id='$id1'")
check "every call's outcome is stored ($planned)" test "$planned" -gt 100
pages=$(sql "select sum(pages) from call_outcomes where scrape_id='$id1'")
docs=$(sql "select count(*) from aws_resources where scrape_id='$id1'")
check "every page is a document ($pages pages, $docs documents)" test "$pages" -eq "$docs"
check "the models that planned it are recorded" test "$(sql "select models_version from scrapes where scrape_id='$id1'")" = "botocore 1.29.27"
check "metadata finalised" test "$(sql "select success, return_code, files_processed_to_mongo = $docs, temp_files_cleaned from scrapes where scrape_id='$id1'")" = "1|0|1|1"

# The database is unavailable (its directory does not exist): the scrape spools and says so.
set +e
scrape "sqlite://$work/missing-dir/awscrape.db" >"$work/second.out" 2>&1
second_rc=$?
set -e
cat "$work/second.out"
id2=$(awk '/^Scrape scrape_/{print $2; exit}' "$work/second.out")
check "scrape without a database exits 3" test "$second_rc" -eq 3
kept=$(find "$work/spool/$id2" -name '*.json' ! -name '_*' | wc -l)
check "its pages stay in the spool ($kept)" test "$kept" -gt 100
ledger2=$(wc -l <"$work/spool/$id2/_ledger.jsonl")
"$awscrape" ingest --watch "$work/spool" --once --db "sqlite://$work/awscrape.db" >"$work/ingest.out"
cat "$work/ingest.out"
docs2=$(sql "select count(*) from aws_resources where scrape_id='$id2'")
check "ingest --once stores the kept pages exactly once ($docs2)" test "$docs2" -eq "$kept"
check "and the scrape's ledger ($ledger2 calls)" \
  test "$(sql "select count(*) from call_outcomes where scrape_id='$id2'")" -eq "$ledger2"
check "and its final metadata" test "$(sql "select success, return_code, end_time is not null, files_processed_to_mongo = $docs2, temp_files_cleaned from scrapes where scrape_id='$id2'")" = "1|0|1|1|1"
check "then removes its spool directory" test ! -e "$work/spool/$id2"
check "and says so" grep -q "^finished $id2: $ledger2 outcomes" "$work/ingest.out"
"$awscrape" ingest --watch "$work/spool" --once --db "sqlite://$work/awscrape.db" --quiet
check "a second ingest changes nothing" test "$(sql "select count(*) from aws_resources where scrape_id='$id2'")" -eq "$kept"

# `ingest --watch` follows a scrape that cannot reach its own database, live, and finishes it.
mkdir -p "$work/spool3"
"$awscrape" ingest --watch "$work/spool3" --db "sqlite://$work/awscrape.db" >"$work/watch.out" 2>&1 &
ingest_pid=$!
for _ in $(seq 1 100); do grep -q '^watching' "$work/watch.out" && break; sleep 0.05; done
set +e
spool_dir="$work/spool3" scrape "sqlite://$work/missing-dir/awscrape.db" >"$work/third.out" 2>&1
third_rc=$?
set -e
id3=$(awk '/^Scrape scrape_/{print $2; exit}' "$work/third.out")
check "a scrape without its database exits 3 while ingest watches" test "$third_rc" -eq 3
for _ in $(seq 1 100); do [[ -e "$work/spool3/$id3" ]] || break; sleep 0.1; done
check "the watcher finishes it and removes its directory" test ! -e "$work/spool3/$id3"
kill -TERM "$ingest_pid"
wait "$ingest_pid" || true
ingest_pid=
cat "$work/watch.out"
pages3=$(sql "select sum(pages) from call_outcomes where scrape_id='$id3'")
check "every call of it has an outcome" test "$(sql "select count(*) from call_outcomes where scrape_id='$id3'")" -eq "$planned"
check "every page of it is a document ($pages3)" test "$(sql "select count(*) from aws_resources where scrape_id='$id3'")" -eq "$pages3"
check "its metadata is final" test "$(sql "select success, temp_files_cleaned from scrapes where scrape_id='$id3'")" = "1|1"

# Retention: a scrape from 2020 goes when a scrape runs with a retention setting.
old=scrape_20200101_000000_0000abcd
mkdir -p "$work/old/$old"
printf '{"service":"ec2","region":"us-east-1","profile":null,"operation":"DescribeVpcs","response":{"Vpcs":[]}}' \
  >"$work/old/$old/ec2_DescribeVpcs_us-east-1_None.json"
"$awscrape" ingest --watch "$work/old" --once --quiet --db "sqlite://$work/awscrape.db"
check "an old scrape is stored" test "$(sql "select count(*) from scrapes where scrape_id='$old'")" -eq 1
set +e
AWSCRAPE_RETENTION_DAYS=soon scrape "sqlite://$work/awscrape.db" >"$work/bad.out" 2>&1
bad_rc=$?
set -e
check "a malformed retention setting is refused before scraping (exit $bad_rc)" test "$bad_rc" -eq 2
check "and named" grep -q AWSCRAPE_RETENTION_DAYS "$work/bad.out"
scrape "sqlite://$work/awscrape.db" --retention-days 30 >"$work/retention.out" 2>&1
check "scrape --retention-days 30 deletes it" test "$(sql "select count(*) from scrapes where scrape_id='$old'")" -eq 0
check "with its documents" test "$(sql "select count(*) from aws_resources where scrape_id='$old'")" -eq 0
check "and says so" grep -q "retention (30 days) deleted 1 scrapes" "$work/retention.out"
check "recent scrapes stay" test "$(sql "select count(*) from scrapes")" -eq 4
# `serve` applies the environment's setting when it starts.
mkdir -p "$work/old/$old"
printf '{"service":"ec2","region":"us-east-1","profile":null,"operation":"DescribeVpcs","response":{"Vpcs":[]}}' \
  >"$work/old/$old/ec2_DescribeVpcs_us-east-1_None.json"
"$awscrape" ingest --watch "$work/old" --once --quiet --db "sqlite://$work/awscrape.db"
AWSCRAPE_RETENTION_DAYS=30 "$awscrape" serve --port 0 --max-seconds 20 \
  --db "sqlite://$work/awscrape.db" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 100); do grep -q retention "$work/serve.err" && break; sleep 0.1; done
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
check "serve with AWSCRAPE_RETENTION_DAYS=30 deletes it at start" \
  test "$(sql "select count(*) from scrapes where scrape_id='$old'")" -eq 0

echo "$((29 - failures)) passed, $failures failed"
((failures == 0))
