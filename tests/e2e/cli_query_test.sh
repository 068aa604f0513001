#!/usr/bin/env bash
# The seed's query commands against a database filled by `awscrape import` of hand-written
# aws-list-all files: list, show, query, compare, delete and stats — tables, --json that equals
# the API's documents, the database from --db or AWSCRAPE_DATABASE_URL, clear errors with
# non-zero exit codes, and filters that delete exactly what they name.
set -euo pipefail
awscrape=${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export AWSCRAPE_DATABASE_URL="sqlite://$work/awscrape.db"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
json() { "$py" -c "import json,sys; d=json.load(sys.stdin); print(($1))"; }
write_listing() {  # dir service operation region body
  local region_json="\"$4\""
  [[ "$4" == "None" ]] && region_json=null
  printf '{"service":"%s","region":%s,"profile":null,"operation":"%s","response":%s}' \
    "$2" "$region_json" "$3" "$5" >"$1/$2_$3_$4_None.json"
}
expect_fail() {  # expected-exit-code message-regex command...
  local want=$1 pattern=$2
  shift 2
  set +e
  "$@" >out.txt 2>err.txt
  local rc=$?
  set -e
  [[ $rc -eq $want ]] || fail "$* exited $rc, not $want: $(cat err.txt)"
  grep -Eq "$pattern" err.txt || fail "$*: message '$(cat err.txt)' does not match /$pattern/"
}

mkdir one two
write_listing one ec2 DescribeVpcs us-east-1 '{"Vpcs":[{"VpcId":"vpc-1"}]}'
write_listing one iam ListRoles None '{"Roles":[{"RoleName":"r"}]}'
write_listing two ec2 DescribeVpcs us-east-1 '{"Vpcs":[{"VpcId":"vpc-1"},{"VpcId":"vpc-2"}]}'
write_listing two ec2 DescribeVpcs eu-west-1 '{"Vpcs":[]}'
first=$("$awscrape" import one | head -1)
sleep 1.1  # distinct start times, so "newest first" is well defined
second=$("$awscrape" import two | head -1)

# list
"$awscrape" list >list.txt
grep -q "^SCRAPE ID" list.txt || fail "list has no table header: $(cat list.txt)"
[[ $(grep -c '^scrape_' list.txt) -eq 2 ]] || fail "list: $(cat list.txt)"
[[ $("$awscrape" list --json | json 'd["scrapes"][0]["scrape_id"]') == "$second" ]] ||
  fail "list is not newest first"
[[ $("$awscrape" list --limit 1 --json | json 'len(d["scrapes"]), d["total"]') == "(1, 2)" ]] ||
  fail "list --limit"
[[ $("$awscrape" list --success-only --json | json 'd["total"]') == 2 ]] || fail "--success-only"
expect_fail 2 "limit" "$awscrape" list --limit 0

# show
"$awscrape" show "$first" >show.txt
grep -q "^total_resources_saved *2" show.txt || fail "show: $(cat show.txt)"
[[ $("$awscrape" show "$first" --json | json 'd["scrape_id"], d["success"]') == "('$first', True)" ]] ||
  fail "show --json"
expect_fail 2 "malformed scrape id" "$awscrape" show not_a_scrape
expect_fail 2 "NotFound" "$awscrape" show scrape_20990101_000000_00000000

# query
"$awscrape" query --scrape-id "$second" --region us-east-1 >query.txt
[[ $(grep -c "DescribeVpcs" query.txt) -eq 1 ]] || fail "query --region: $(cat query.txt)"
[[ $("$awscrape" query --scrape-id "$first" --region global --json |
  json 'd["total"], d["resources"][0]["operation"]') == "(1, 'ListRoles')" ]] || fail "query global"
[[ $("$awscrape" query --service ec2 --json | json 'd["total"]') == 3 ]] || fail "query across scrapes"
expect_fail 2 "invalid service" "$awscrape" query --service "ec2' OR '1'='1"
expect_fail 2 "invalid region" "$awscrape" query --region '%'
expect_fail 2 "malformed scrape id" "$awscrape" query --scrape-id '../../etc'

# compare
"$awscrape" compare --service ec2 --region us-east-1 --operation DescribeVpcs >compare.txt
grep -q "$second .* 2 *+1$" compare.txt || fail "compare change column: $(cat compare.txt)"
[[ $("$awscrape" compare --service ec2 --region us-east-1 --operation DescribeVpcs --limit 1 --json |
  json 'len(d["scrapes"])') == 1 ]] || fail "compare --limit"
expect_fail 106 "required" "$awscrape" compare --service ec2 --region us-east-1
expect_fail 2 "limit" "$awscrape" compare --service ec2 --region us-east-1 --operation DescribeVpcs --limit 0

# stats
"$awscrape" stats >stats.txt
grep -q "^total_scrapes *2" stats.txt || fail "stats: $(cat stats.txt)"
[[ $("$awscrape" stats --json | json 'd["total_resources"], d["services_discovered"]') == "(4, ['ec2', 'iam'])" ]] ||
  fail "stats --json"

# delete: filtered, then whole; --db beats the environment
expect_fail 2 "invalid region" "$awscrape" delete --scrape-id "$second" --region "x' OR 1=1"
[[ $("$awscrape" stats --json | json 'd["total_resources"]') == 4 ]] || fail "a refused delete deleted"
out=$("$awscrape" delete --scrape-id "$second" --region eu-west-1)
grep -q "deleted 1 documents" <<<"$out" || fail "filtered delete"
[[ $("$awscrape" query --scrape-id "$second" --json | json 'd["total"]') == 1 ]] || fail "after delete"
"$awscrape" delete --scrape-id "$first" --json | json 'd["deleted"]["documents"]' | grep -qx 2 ||
  fail "whole delete"
expect_fail 2 "NotFound" "$awscrape" delete --scrape-id "$first"
[[ $("$awscrape" list --json | json 'd["total"]') == 1 ]] || fail "the other scrape went too"
[[ $("$awscrape" list --db "sqlite://$work/other.db" --json | json 'd["total"]') == 0 ]] ||
  fail "--db ignored"
expect_fail 1 "." env AWSCRAPE_DATABASE_URL=sqlite:///nonexistent/dir/x.db "$awscrape" stats

# --help shows examples
for cmd in list show query compare delete stats serve; do
  help=$("$awscrape" "$cmd" --help)  # whole output first: grep -q would close the pipe early
  grep -q "Examples:" <<<"$help" || fail "$cmd --help has no examples"
done
echo "cli query commands: ok"
