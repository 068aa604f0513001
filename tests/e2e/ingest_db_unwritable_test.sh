#!/usr/bin/env bash
# A database that stops accepting writes mid-ingest (here: a file-size limit, as a full disk
# would) must lose nothing: `ingest --once` fails with a clear error, every spool file is still
# there and none is quarantined (the files are fine, the database is not), and the next run,
# with room again, stores each file exactly once and empties the spool.
set -euo pipefail

awscrape="${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}"
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
db="$work/awscrape.db"
scrape=scrape_20260101_000000_0000abcd
files=300

fail() {
  echo "FAIL: $*"
  exit 1
}

sql() { "$python" -c 'import sqlite3,sys; print("\n".join("|".join("" if v is None else str(v) for v in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$db" "$1"; }

# ~12 KB per file, 3.6 MB in all: more than the limit below.
mkdir -p "spool/$scrape" empty
"$python" - "spool/$scrape" "$files" <<'PY'
import json, sys
for i in range(int(sys.argv[2])):
    items = [{"Id": f"item-{i}-{j}", "Payload": "x" * 200 + str(i * j)} for j in range(40)]
    doc = {"service": "svc", "region": "us-east-1", "profile": None,
           "operation": f"ListThings{i}",
           "response": {"Items": items, "ResponseMetadata": {"RequestId": f"r{i}"}}}
    with open(f"{sys.argv[1]}/svc_ListThings{i}_us-east-1_None.json", "w") as f:
        json.dump(doc, f)
PY

# The schema first, so that only the documents need room.
"$awscrape" ingest --watch empty --once --db "sqlite://$db" >/dev/null

# Writes beyond 1 MiB fail (SIGXFSZ ignored, so write() returns EFBIG as on a full disk).
status=0
(
  trap '' XFSZ
  ulimit -f 1024
  exec "$awscrape" ingest --watch spool --once --db "sqlite://$db"
) >full.out 2>full.err || status=$?
[[ $status -ne 0 ]] || fail "ingest into an unwritable database exited 0: $(cat full.out)"
grep -q "Unavailable" full.err || fail "no clear error: $(cat full.err)"
# Each file is either in a committed batch or still in the spool (with this spool's single
# batch: all of them still there).
left=$(find spool -name '*.json' | wc -l)
stored=$(sql "SELECT COUNT(*) FROM aws_resources")
((left > 0)) || fail "the spool was drained although the database refused writes"
((stored + left == files)) || fail "$stored stored + $left left in the spool != $files files"
[[ ! -d .quarantine && ! -d spool/.quarantine ]] || fail "files quarantined for a database error"

# Room again: everything stored once, the spool drained.
"$awscrape" ingest --watch spool --once --db "sqlite://$db" >again.out 2>again.err ||
  fail "second ingest failed: $(cat again.err)"
[[ $(sql "SELECT COUNT(*), COUNT(DISTINCT operation) FROM aws_resources") == "$files|$files" ]] ||
  fail "after the retry: $(sql "SELECT COUNT(*), COUNT(DISTINCT operation) FROM aws_resources")"
[[ $(find spool -name '*.json' | wc -l) -eq 0 ]] || fail "spool not drained after the retry"
[[ $(sql "SELECT files_processed_to_mongo FROM scrapes WHERE scrape_id = '$scrape'") -eq $files ]] ||
  fail "scrape counters: $(sql "SELECT * FROM scrapes")"
echo "ingest into an unwritable database: OK"
