#!/usr/bin/env bash
# `awscrape simulate` on loopback: the first stdout line is its URL; `awscrape call
# --endpoint-url` works against it for one operation per protocol; a wrong secret is rejected
# the way AWS does (exit 254 with the protocol's error code); an access-denied pattern and a
# disabled opt-in region answer as configured; and --max-seconds stops the server by itself.
set -euo pipefail
awscrape=${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}
work=$(mktemp -d)
sim_pid=
cleanup() {
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/scenario.json" <<'JSON'
{"seed": 3, "size": "small", "access_denied": ["iam:ListUsers"],
 "pinned": [{"service": "ec2", "operation": "DescribeInstances",
             "item": {"Instances": [{"InstanceId": "i-0feedfacecafe0001"}]}}]}
JSON
"$awscrape" simulate --port 0 --max-seconds 60 --scenario "$work/scenario.json" \
  --services ec2,iam,sts,dynamodb,lambda,s3 >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 200); do
  [[ -s "$work/sim.out" ]] && break
  sleep 0.1
done
url=$(head -n 1 "$work/sim.out")
[[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || { echo "bad first line: $url" >&2; cat "$work/sim.err" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN || true

call() { "$awscrape" call "$@" --endpoint-url "$url"; }
call ec2 DescribeVpcs --region eu-west-1 | grep '"IsDefault": true' >/dev/null      # ec2
call iam ListRoles | grep '"Roles"' >/dev/null                                       # query
call dynamodb ListTables | grep '"TableNames"' >/dev/null                            # json
call lambda ListFunctions | grep '"Functions"' >/dev/null                            # rest-json
call s3 ListBuckets | grep '"Buckets"' >/dev/null                                    # rest-xml
call sts GetCallerIdentity | grep '"Account": "123456789012"' >/dev/null
call ec2 DescribeInstances | grep 'i-0feedfacecafe0001' >/dev/null                   # pinned

expect_error() {  # expected-code, then the call
  local code=$1; shift
  set +e
  "$@" >"$work/err.out" 2>"$work/err.txt"
  local rc=$?
  set -e
  if [[ $rc -ne 254 ]] || ! grep -q "($code)" "$work/err.txt"; then
    echo "expected $code (exit 254), got exit $rc: $(cat "$work/err.txt")" >&2
    exit 1
  fi
}
expect_error SignatureDoesNotMatch env AWS_SECRET_ACCESS_KEY=wrong "$awscrape" call iam ListRoles --endpoint-url "$url"
expect_error InvalidSignatureException env AWS_SECRET_ACCESS_KEY=wrong "$awscrape" call dynamodb ListTables --endpoint-url "$url"
expect_error AccessDenied call iam ListUsers
expect_error AuthFailure call ec2 DescribeVpcs --region me-south-1

# Stopping: SIGTERM ends it promptly with status 0.
kill -TERM "$sim_pid"
for _ in $(seq 1 50); do
  kill -0 "$sim_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$sim_pid" 2>/dev/null; then echo "simulator ignored SIGTERM" >&2; exit 1; fi
wait "$sim_pid"
sim_pid=

# --max-seconds: stops by itself.
start=$(date +%s)
"$awscrape" simulate --max-seconds 1 --services sts >"$work/sim2.out"
(( $(date +%s) - start < 30 )) || { echo "--max-seconds did not stop the server" >&2; exit 1; }
echo "simulator e2e: ok"
