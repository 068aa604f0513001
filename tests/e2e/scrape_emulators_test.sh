#!/usr/bin/env bash
# `awscrape scrape` restricted to dynamodb, kinesis and s3, each sent to its own npm emulator with
# `--endpoint-url SERVICE=URL` (dynalite, kinesalite, s3rver), finds the tables, streams and
# buckets awscli created there; every planned call gets one ledger line, and the operations an
# emulator does not implement are recorded with an outcome instead of stopping the scrape.
# --no-ingest: these tests read the spool and ledger, which a storing scrape removes.
set -euo pipefail
source "$(dirname "$0")/lib/emulators.sh"
work=$(mktemp -d)
trap 'stop_emulators; rm -rf "$work"' EXIT

start_emulators_with_resources "$work"

# No STS or ec2 here: --skip-discovery. One region, so every call goes to a local emulator.
"$AWSCRAPE" scrape --no-ingest --services dynamodb,kinesis,s3 --regions us-east-1 --skip-discovery \
  --endpoint-url "dynamodb=$dynamo" --endpoint-url "kinesis=$kinesis" \
  --endpoint-url "s3=$s3" --spool-dir "$work/spool" --max-attempts 1 --transient-retries 0 \
  --json >"$work/summary.json" 2>"$work/scrape.err" || {
  echo "scrape failed:" >&2
  cat "$work/scrape.err" >&2
  exit 1
}
"$AWSCRAPE" plan --services dynamodb,kinesis,s3 --regions us-east-1 --json >"$work/plan.json"

/usr/bin/python3 - "$work/summary.json" "$work/plan.json" <<'PY'
import json, os, sys
summary = json.load(open(sys.argv[1]))
plan = json.load(open(sys.argv[2]))
d = summary["spool_directory"]
ledger = [json.loads(l) for l in open(os.path.join(d, "_ledger.jsonl"))]
assert len(ledger) == len(plan["calls"]) == summary["finished_calls"], (len(ledger), len(plan["calls"]))
keys = {(l["service"], l["operation"], l["region"]) for l in ledger}
assert len(keys) == len(ledger), "a call recorded twice"

def listed(name, member):
    doc = json.load(open(os.path.join(d, name)))
    return doc["response"][member]

tables = listed("dynamodb_ListTables_us-east-1_None.json", "TableNames")
assert sorted(tables) == ["audit-log", "customers", "orders"], tables
streams = listed("kinesis_ListStreams_us-east-1_None.json", "StreamNames")
assert sorted(streams) == ["clicks", "payments"], streams
buckets = [b["Name"] for b in listed("s3_ListBuckets_None_None.json", "Buckets")]
assert sorted(buckets) == ["assets-bucket", "logs-bucket"], buckets
by_op = {(l["service"], l["operation"]): l for l in ledger}
for op, n in [(("dynamodb", "ListTables"), 3), (("kinesis", "ListStreams"), 2), (("s3", "ListBuckets"), 2)]:
    assert by_op[op]["outcome"] == "ok" and by_op[op]["items"] == n, by_op[op]
counts = {}
for l in ledger:
    counts[l["outcome"]] = counts.get(l["outcome"], 0) + 1
print("ok:", len(ledger), "calls", counts)
for l in ledger:
    if l["outcome"] not in ("ok", "empty"):
        print("  ", l["service"], l["operation"], l["outcome"], l["error_code"], l["http_status"])
PY
echo "scrape_emulators_test: all checks passed"
