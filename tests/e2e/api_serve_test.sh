#!/usr/bin/env bash
# `awscrape serve` end to end on an ephemeral loopback port: a database pre-filled with
# `awscrape import`, every route over real HTTP, a scrape started with POST /api/scrapes that
# runs `awscrape scrape` against `awscrape simulate` and is ingested while it runs (followed on
# the WebSocket stream from queued to finished by a real client), hostile
# input (malformed requests, huge bodies, path traversal, injection in every filter parameter)
# that leaves the server serving and the data untouched, no AWS secret in any answer, and a
# clean stop on SIGTERM.
set -euo pipefail
awscrape=${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}
py=/usr/bin/python3
work=$(mktemp -d)
sim_pid=
serve_pid=
ws_pid=
cleanup() {
  [[ -n "$ws_pid" ]] && kill "$ws_pid" 2>/dev/null || true
  [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null || true
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
db="sqlite://$work/api.db"
token=e2e-token-0123456789

fail() {
  echo "FAIL: $*" >&2
  [[ -f serve.err ]] && tail -20 serve.err >&2
  exit 1
}
wait_url() {  # file -> prints the first line once it is there
  for _ in $(seq 1 300); do
    [[ -s "$1" ]] && break
    sleep 0.1
  done
  head -n 1 "$1"
}
# http METHOD PATH [BODY] [TOKEN] -> body in resp.json, status printed
http() {
  local args=(-s -o resp.json -w '%{http_code}' -X "$1" --max-time 20)
  [[ -n "${3:-}" ]] && args+=(--data-binary "$3")
  [[ -n "${4:-}" ]] && args+=(-H "Authorization: Bearer $4")
  curl "${args[@]}" "$url$2"
}
expect() {  # status METHOD PATH [BODY] [TOKEN]
  local want=$1
  shift
  local got
  got=$(http "$@")
  [[ "$got" == "$want" ]] || fail "$1 $2 answered $got, not $want: $(head -c 400 resp.json)"
  if [[ "$want" -ge 400 ]]; then
    "$py" -c 'import json,sys; e=json.load(open("resp.json"))["error"]; assert e["code"] and e["message"]' ||
      fail "$1 $2: error body is not {\"error\": {code, message}}: $(cat resp.json)"
  fi
}
field() { "$py" -c "import json; d=json.load(open('resp.json')); print(($1))"; }

# A database with one imported scrape.
mkdir listing
printf '{"service":"ec2","region":"us-east-1","profile":null,"operation":"DescribeVpcs","response":{"Vpcs":[{"VpcId":"vpc-1"}]}}' \
  >listing/ec2_DescribeVpcs_us-east-1_None.json
printf '{"service":"iam","region":null,"profile":null,"operation":"ListRoles","response":{"Roles":[]}}' \
  >listing/iam_ListRoles_None_None.json
imported=$("$awscrape" import listing --db "$db" | head -1)

# The simulated account and the server.
"$awscrape" simulate --port 0 --max-seconds 300 --services ec2,iam,sts,dynamodb \
  >sim.out 2>sim.err &
sim_pid=$!
sim_url=$(wait_url sim.out)
[[ "$sim_url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "simulator: $sim_url $(cat sim.err)"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN || true
AWSCRAPE_API_TOKEN=$token "$awscrape" serve --port 0 --db "$db" --max-seconds 280 \
  --spool-dir "$work/spool" --max-concurrent-scrapes 1 --request-timeout 2 \
  --scrape-arg=--endpoint-url="$sim_url" --scrape-arg=--skip-discovery >serve.out 2>serve.err &
serve_pid=$!
url=$(wait_url serve.out)
[[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "serve printed '$url' first"

# Reads.
expect 200 GET /healthz
expect 200 GET "/api/scrapes?limit=10&offset=0"
[[ $(field 'd["total"], d["scrapes"][0]["scrape_id"]') == "(1, '$imported')" ]] || fail "list: $(cat resp.json)"
expect 200 GET "/api/scrapes?success=true"
expect 200 GET "/api/scrapes/$imported"
[[ $(field 'd["status"], d["total_resources_saved"]') == "('succeeded', 1)" ]] || fail "get: $(cat resp.json)"
expect 200 GET "/api/scrapes/$imported/resources"
[[ $(field 'd["total"]') == 2 ]] || fail "resources: $(cat resp.json)"
expect 200 GET "/api/scrapes/$imported/resources?service=ec2&region=us-east-1&operation=DescribeVpcs"
[[ $(field 'd["resources"][0]["response"]["Vpcs"][0]["VpcId"]') == vpc-1 ]] || fail "filter"
expect 200 GET "/api/scrapes/$imported/calls"
expect 200 GET "/api/resources/compare?service=ec2&region=us-east-1&operation=DescribeVpcs&limit=10"
expect 200 GET /api/stats
[[ $(field 'sorted(d)') == "['last_scrape', 'regions_scanned', 'services_discovered', 'successful_scrapes', 'total_resources', 'total_scrapes']" ]] ||
  fail "stats fields: $(cat resp.json)"
expect 200 GET /api/stats/services
expect 200 GET /api/stats/regions
expect 200 GET "/api/stats/timeline?days=7"
[[ $(field 'len(d)') == 7 ]] || fail "timeline days"
expect 200 GET /api/openapi.json
[[ $(field '"/api/scrapes/{id}/resources" in d["paths"]') == True ]] || fail "openapi"
# Read the whole page first: with pipefail, `curl | grep -q` fails when grep stops reading early.
metrics=$(curl -sf "$url/metrics")
grep -Eq '^awscrape_http_requests_total\{method="GET",route="/api/stats",status="200"\} [1-9][0-9]*$' <<<"$metrics" ||
  fail "metrics"

# Errors.
expect 400 GET "/api/scrapes/not_a_scrape"
expect 404 GET "/api/scrapes/scrape_20990101_000000_00000000"
expect 400 GET "/api/scrapes?limit=100000"
expect 404 GET "/api/nothing"
expect 405 PUT "/api/scrapes"
expect 401 DELETE "/api/scrapes/$imported"
expect 403 DELETE "/api/scrapes/$imported" "" wrong-token
expect 401 POST /api/scrapes '{"services":["ec2"]}'
expect 400 POST /api/scrapes '{"services":["nosuchservice"]}' "$token"
expect 400 POST /api/scrapes '{"services":["ec2"],"regions":["us-east-1; rm -rf /"]}' "$token"
expect 400 POST /api/scrapes 'not json' "$token"

# Hostile input: injection in every filter parameter, traversal, raw protocol abuse.
for param in service region operation; do
  for attack in "x'%20OR%20'1'%3D'1" "%25" "*" "%00" "..%2F..%2Fetc%2Fpasswd" "%7B%22%24ne%22%3A1%7D"; do
    expect 400 GET "/api/scrapes/$imported/resources?$param=$attack"
    expect 400 DELETE "/api/scrapes/$imported/resources?$param=$attack" "" "$token"
    expect 400 GET "/api/scrapes/$imported/calls?$param=$attack"
  done
done
for path in "/../../etc/passwd" "/api/scrapes/..%2F..%2Fetc%2Fpasswd" "/api/%2e%2e/%2e%2e/etc/passwd"; do
  code=$(curl -s --path-as-is -o resp.json -w '%{http_code}' "$url$path")
  [[ "$code" == 404 || "$code" == 400 ]] || fail "$path answered $code"
  grep -q "root:" resp.json && fail "$path leaked a file"
done
"$py" - "${url#http://}" <<'PY' || fail "raw protocol abuse"
import socket, sys, time
host, port = sys.argv[1].split(":")
def exchange(data, wait=3.0):
    s = socket.create_connection((host, int(port)), timeout=wait)
    try:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    s.close()
    return out
assert exchange(b"NONSENSE\r\n\r\n").startswith(b"HTTP/1.1 400"), "bad request line"
assert exchange(b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100000 + b"\r\n\r\n").startswith(b"HTTP/1.1 431")
big = b"x" * (2 << 20)
r = exchange(b"POST /api/scrapes HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(big) + big)
assert r.startswith(b"HTTP/1.1 413") or r.startswith(b"HTTP/1.1 401"), r[:80]
# A slow client is cut off (request timeout 2 s) while others are served.
slow = socket.create_connection((host, int(port)))
slow.sendall(b"GET /api/st")
assert exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200")
slow.settimeout(10)
start = time.time()
assert slow.recv(100) == b"", "slow client not cut off"
assert time.time() - start < 5
PY
expect 200 GET "/api/scrapes/$imported/resources"
[[ $(field 'd["total"]') == 2 ]] || fail "hostile requests changed the data"

# A scrape through the API, against the simulator, ingested while it runs, followed live on the
# WebSocket stream from queued to finished.
/usr/bin/python3 "$AWSCRAPE_SOURCE_DIR/tests/e2e/lib/ws_follow.py" "$url" /api/ws "$token" \
  scrape.finished 120 >ws.jsonl 2>ws.err &
ws_pid=$!
for _ in $(seq 1 100); do grep -q connected ws.err && break; sleep 0.05; done
grep -q connected ws.err || fail "WebSocket: $(cat ws.err)"
expect 202 POST /api/scrapes '{"services":["ec2","iam","dynamodb"],"regions":["us-east-1","eu-west-1"]}' "$token"
scrape=$(field 'd["scrape_id"]')
[[ "$scrape" =~ ^scrape_[0-9]{8}_[0-9]{6}_[0-9a-f]{8}$ ]] || fail "POST answered $(cat resp.json)"
status=
for _ in $(seq 1 600); do
  http GET "/api/scrapes/$scrape" >/dev/null
  status=$(field 'd["status"]')
  [[ "$status" == succeeded || "$status" == failed ]] && break
  sleep 0.2
done
[[ "$status" == succeeded ]] || fail "scrape ended '$status': $(cat resp.json) $(cat spool/.logs/*.log)"
wait "$ws_pid" || fail "WebSocket follower: $(cat ws.err)"
ws_pid=
/usr/bin/python3 - "$scrape" ws.jsonl <<'PY' || fail "WebSocket events: $(head -c 2000 ws.jsonl)"
import json, sys
scrape, path = sys.argv[1], sys.argv[2]
events = [json.loads(line) for line in open(path)]
mine = [e for e in events if e.get("scrape_id") == scrape]
types = [e["type"] for e in mine]
# In order: queued, started, progress..., finished; ingestion progress in between.
assert types[:2] == ["scrape.queued", "scrape.started"], types[:5]
assert types[-1] == "scrape.finished", types[-3:]
assert types.count("scrape.finished") == 1, types
assert set(types) <= {"scrape.queued", "scrape.started", "scrape.progress", "scrape.ingest",
                      "scrape.finished"}, set(types)
progress = [e for e in mine if e["type"] == "scrape.progress"]
assert progress, "no progress events"
last = progress[-1]
planned = last["planned"]
done = sum(last["by_outcome"].values())
assert planned > 0 and done == planned, (planned, last["by_outcome"])
dones = [sum(e["by_outcome"].values()) for e in progress]
assert dones == sorted(dones), "calls done went backwards"
assert any(e["type"] == "scrape.ingest" for e in mine), "no ingestion progress"
assert mine[-1]["success"] is True, mine[-1]
print(f"WebSocket: {len(mine)} events, {len(progress)} progress, {planned} calls")
PY
[[ $(field 'd["temp_files_cleaned"] and d["files_processed_to_mongo"] > 0 and d["total_resources_saved"] > 0') == True ]] ||
  fail "scrape record: $(cat resp.json)"
expect 200 GET "/api/scrapes/$scrape/resources?service=ec2&region=eu-west-1"
[[ $(field 'd["total"] > 0') == True ]] || fail "no ec2 documents: $(head -c 300 resp.json)"
expect 200 GET "/api/scrapes/$scrape/calls?limit=1"
[[ $(field 'd["total"] > 0 and d["counts"]["ok"] > 0') == True ]] || fail "ledger: $(cat resp.json)"
[[ -z $(ls "$work/spool" | grep scrape_ || true) ]] || fail "spool not cleaned: $(ls -R spool)"
metrics=$(curl -sf "$url/metrics")
grep -Eq '^awscrape_scrape_calls_total\{outcome="ok"\} [1-9]' <<<"$metrics" || fail "call metrics"
[[ -e "$work/awscrape.db" ]] && fail "the scrape wrote to ./awscrape.db, not the server's database"

# No secret anywhere in what the server says.
for path in "/api/scrapes/$scrape" "/api/scrapes/$scrape/resources" "/api/scrapes?limit=100" /api/stats /metrics; do
  page=$(curl -s "$url$path")
  grep -q "$AWS_SECRET_ACCESS_KEY" <<<"$page" && fail "$path shows the secret key"
done

# Deleting: the imported scrape goes, the new one stays.
expect 200 DELETE "/api/scrapes/$imported/resources?service=iam" "" "$token"
[[ $(field 'd["deleted"]') == 1 ]] || fail "filtered delete"
expect 200 DELETE "/api/scrapes/$imported" "" "$token"
expect 404 GET "/api/scrapes/$imported"
expect 200 GET "/api/scrapes/$scrape"

# SIGTERM stops the server cleanly.
kill -TERM "$serve_pid"
for _ in $(seq 1 100); do
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$serve_pid" 2>/dev/null && fail "serve did not stop on SIGTERM"
wait "$serve_pid" || fail "serve exited non-zero"
serve_pid=
echo "api serve: ok"
