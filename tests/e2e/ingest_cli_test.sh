#!/usr/bin/env bash
# `awscrape import`, `awscrape ingest --once` and `awscrape maintenance` end to end on SQLite:
# an aws-list-all output directory becomes a scrape (directory untouched, bad files reported),
# re-importing unchanged output shares the stored bodies, the spool is drained with corrupt
# files quarantined, retention removes exactly the old scrape, the database URL comes from
# --db or AWSCRAPE_DATABASE_URL, and bad databases fail with a message naming the problem.
set -euo pipefail

awscrape="${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}"
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
db="$work/awscrape.db"

fail() {
  echo "FAIL: $*"
  exit 1
}

sql() { "$python" -c 'import sqlite3,sys; print("\n".join("|".join("" if v is None else str(v) for v in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$db" "$1"; }

write_listing() {  # dir service operation region body
  local region_json="\"$4\""
  [[ "$4" == "None" ]] && region_json=null
  printf '{"service":"%s","region":%s,"profile":null,"operation":"%s","response":%s}' \
    "$2" "$region_json" "$3" "$5" >"$1/$2_$3_$4_None.json"
}

# --- import -------------------------------------------------------------------------------
mkdir alla
write_listing alla ec2 DescribeVpcs us-east-1 \
  '{"Vpcs":[{"VpcId":"vpc-1"},{"VpcId":"vpc-2"}],"ResponseMetadata":{"RequestId":"a"}}'
write_listing alla iam ListRoles None '{"Roles":[{"RoleName":"r"}],"ResponseMetadata":{"RequestId":"b"}}'
write_listing alla s3 ListBuckets None '{"Buckets":[],"Owner":{"ID":"o"}}'
"$awscrape" import alla --db "sqlite://$db" >import1.out
first=$(head -1 import1.out)
[[ "$first" =~ ^scrape_[0-9]{8}_[0-9]{6}_[0-9a-f]{8}$ ]] || fail "import printed '$first', not a scrape id"
[[ $(ls alla | wc -l) -eq 3 ]] || fail "import changed the directory"
[[ $(sql "SELECT COUNT(*) FROM aws_resources WHERE scrape_id = '$first'") -eq 3 ]] ||
  fail "import stored $(sql "SELECT COUNT(*) FROM aws_resources") documents"
[[ $(sql "SELECT success, return_code, scraped_files_count, files_processed_to_mongo, total_resources_saved, services, regions FROM scrapes WHERE scrape_id = '$first'") == '1|0|3|3|3|["ec2","iam","s3"]|["us-east-1"]' ]] ||
  fail "import scrape metadata: $(sql "SELECT * FROM scrapes")"

# Unchanged output imported again: a second scrape, but no second copy of any body.
bodies=$(sql "SELECT COUNT(*) FROM response_bodies")
AWSCRAPE_DATABASE_URL="sqlite://$db" "$awscrape" import alla >import2.out
second=$(head -1 import2.out)
[[ "$second" != "$first" ]] || fail "second import reused the scrape id"
[[ $(sql "SELECT COUNT(*) FROM aws_resources") -eq 6 ]] || fail "second import not stored"
[[ $(sql "SELECT COUNT(*) FROM response_bodies") -eq "$bodies" ]] ||
  fail "unchanged bodies stored twice ($bodies before, $(sql "SELECT COUNT(*) FROM response_bodies") after)"

# A directory with a corrupt file: the rest is stored, the bad file reported and logged.
mkdir broken
write_listing broken ec2 DescribeVpcs eu-west-1 '{"Vpcs":[]}'
printf '{"service":"ec2","region":"eu-west-1","profile":null,"operation":"DescribeSub' \
  >broken/ec2_DescribeSubnets_eu-west-1_None.json
status=0
"$awscrape" import broken --db "sqlite://$db" >import3.out 2>import3.err || status=$?
[[ $status -eq 1 ]] || fail "import of a broken directory exited $status"
grep -q "could not be ingested" import3.err || fail "no report of the bad file"
third=$(head -1 import3.out)
[[ $(sql "SELECT success, return_code FROM scrapes WHERE scrape_id = '$third'") == "0|1" ]] ||
  fail "broken import not marked failed"
[[ $(sql "SELECT COUNT(*) FROM logs WHERE scrape_id = '$third' AND file_path LIKE '%ec2_DescribeSubnets_eu-west-1_None.json'") -eq 1 ]] ||
  fail "no log entry for the bad file"
[[ -f broken/ec2_DescribeSubnets_eu-west-1_None.json ]] || fail "import moved the bad file"

# --- ingest --once --------------------------------------------------------------------------
old=scrape_20200101_000000_0000abcd
now=scrape_$(date -u +%Y%m%d_%H%M%S)_0000beef
mkdir -p spool/$old spool/$now
write_listing spool/$old ec2 DescribeVpcs us-east-1 '{"Vpcs":[{"VpcId":"vpc-old"}]}'
write_listing spool/$now ec2 DescribeVpcs us-east-1 '{"Vpcs":[{"VpcId":"vpc-new"}]}'
write_listing spool/$now iam ListUsers None '{"Users":[]}'
printf '\x00\x01binary' >spool/$now/sqs_ListQueues_us-east-1_None.json
"$awscrape" ingest --watch spool --once --db "sqlite://$db" >ingest.out
grep -q "stored 3 files (3 new documents, 0 unchanged)" ingest.out || fail "ingest: $(cat ingest.out)"
grep -q "quarantined 1" ingest.out || fail "ingest did not quarantine: $(cat ingest.out)"
[[ -z $(find spool -path spool/.quarantine -prune -o -type f -print) ]] || fail "spool not drained"
[[ -f spool/.quarantine/$now/sqs_ListQueues_us-east-1_None.json ]] || fail "bad file not quarantined"
[[ $(sql "SELECT COUNT(*) FROM logs WHERE scrape_id = '$now' AND component = 'FileWatcher'") -eq 1 ]] ||
  fail "no FileWatcher log entry"

# --- maintenance ----------------------------------------------------------------------------
"$awscrape" maintenance --cleanup-old-scrapes --days 30 --db "sqlite://$db" >maint.out
grep -q "^deleted 1 scrapes" maint.out || fail "maintenance: $(cat maint.out)"
grep -q "1 documents" maint.out || fail "maintenance: $(cat maint.out)"
[[ $(sql "SELECT COUNT(*) FROM scrapes WHERE scrape_id = '$old'") -eq 0 ]] || fail "old scrape kept"
[[ $(sql "SELECT COUNT(*) FROM aws_resources WHERE scrape_id = '$old'") -eq 0 ]] || fail "old documents kept"
[[ $(sql "SELECT COUNT(*) FROM scrapes") -eq 4 ]] || fail "recent scrapes deleted"
[[ $(sql "SELECT COUNT(*) FROM aws_resources") -eq 9 ]] || fail "recent documents deleted"
status=0
"$awscrape" maintenance --cleanup-old-scrapes --db "sqlite://$db" 2>maint.err || status=$?
[[ $status -eq 2 ]] && grep -q -- "--days" maint.err || fail "maintenance without --days exited $status"

# --- bad databases --------------------------------------------------------------------------
status=0
"$awscrape" import alla --db "sqlite://$work/no/such/dir/x.db" 2>bad.err || status=$?
[[ $status -eq 1 ]] && grep -q "no/such/dir/x.db" bad.err || fail "unopenable database: $status $(cat bad.err)"
status=0
# A PostgreSQL server that is not there: a clear "unavailable" error, and the spool untouched.
before=$(find spool -type f | wc -l)
"$awscrape" ingest --watch spool --once --db "postgresql://127.0.0.1:1/db" 2>pg.err || status=$?
[[ $status -ne 0 ]] && grep -qi "unavailable" pg.err || fail "postgresql down: $status $(cat pg.err)"
[[ $(find spool -type f | wc -l) -eq $before ]] || fail "postgresql down: the spool changed"
status=0
# A MongoDB server that is not there: the same, within the URL's server selection timeout.
"$awscrape" ingest --watch spool --once --db "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500" 2>mongo.err || status=$?
[[ $status -ne 0 ]] && grep -qi "unavailable" mongo.err || fail "mongodb down: $status $(cat mongo.err)"
[[ $(find spool -type f | wc -l) -eq $before ]] || fail "mongodb down: the spool changed"
# ...and leaves nothing behind even when killed while it waits: libmongoc's default keeps a
# counters file per process in /dev/shm that only a clean exit removes.
"$awscrape" ingest --watch spool --once --db "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=5000" 2>/dev/null &
mongo_pid=$!
sleep 1
kill -9 "$mongo_pid" 2>/dev/null || true
wait "$mongo_pid" 2>/dev/null || true
if [[ -e /dev/shm/mongoc-$mongo_pid ]]; then
  rm -f "/dev/shm/mongoc-$mongo_pid"
  fail "a killed MongoDB client left /dev/shm/mongoc-$mongo_pid"
fi
status=0
"$awscrape" ingest --watch spool --once --db "mysql://h/db" 2>my.err || status=$?
[[ $status -eq 2 ]] && grep -q "unsupported database URL" my.err || fail "mysql: $status $(cat my.err)"

echo "ingest CLI test: OK"
