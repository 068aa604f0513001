#!/usr/bin/env bash
# `awscrape call` returns the same listings as awscli from the same AWS-compatible servers:
# dynalite (DynamoDB, json 1.0), kinesalite (Kinesis, json 1.1) and s3rver (S3, rest-xml).
set -euo pipefail
source "$(dirname "$0")/lib/emulators.sh"
work=$(mktemp -d)
trap 'stop_emulators; rm -rf "$work"' EXIT

start_emulators_with_resources "$work"
echo hello | aws --endpoint-url "$s3" s3 cp - s3://assets-bucket/dir/hello.txt >/dev/null
echo world | aws --endpoint-url "$s3" s3 cp - s3://assets-bucket/top.txt >/dev/null

failures=0
# compare ENDPOINT SERVICE OPERATION AWSCLI-ARGS -- AWSCRAPE-ARGS
compare() {
  local endpoint=$1 service=$2 operation=$3
  shift 3
  local cli_args=() ours_args=()
  while (($#)) && [[ $1 != -- ]]; do cli_args+=("$1"); shift; done
  (($#)) && shift
  ours_args=("$@")
  local cli_op cli_service=$service
  [[ $service == s3 ]] && cli_service=s3api  # awscli's name for the S3 API commands
  cli_op=$(echo "$operation" | sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' | tr 'A-Z' 'a-z')
  aws --endpoint-url "$endpoint" --output json "$cli_service" "$cli_op" --no-paginate \
    "${cli_args[@]}" >"$work/cli.json"
  "$AWSCRAPE" call "$service" "$operation" --endpoint-url "$endpoint" "${ours_args[@]}" \
    >"$work/ours.json"
  if json_equal "$work/cli.json" "$work/ours.json"; then
    echo "ok   $service $operation ${ours_args[*]}"
  else
    echo "FAIL $service $operation ${ours_args[*]}"
    failures=$((failures + 1))
  fi
}

compare "$dynamo" dynamodb ListTables
compare "$dynamo" dynamodb ListTables --limit 2 -- --param Limit=2
compare "$dynamo" dynamodb DescribeTable --table-name orders -- --param TableName=orders
compare "$kinesis" kinesis ListStreams
compare "$kinesis" kinesis DescribeStreamSummary --stream-name clicks -- --param StreamName=clicks
compare "$s3" s3 ListBuckets
compare "$s3" s3 ListObjectsV2 --bucket assets-bucket -- --param Bucket=assets-bucket
compare "$s3" s3 ListObjectsV2 --bucket assets-bucket --prefix dir/ \
  -- --param Bucket=assets-bucket --param Prefix=dir/

# An AWS error comes back as a non-zero exit with the error code, not as output.
if "$AWSCRAPE" call dynamodb DescribeTable --param TableName=missing \
     --endpoint-url "$dynamo" >"$work/out" 2>"$work/err"; then
  echo "FAIL DescribeTable on a missing table succeeded"; failures=$((failures + 1))
elif ! grep -q ResourceNotFoundException "$work/err"; then
  echo "FAIL missing table error lacks the AWS code:"; cat "$work/err"; failures=$((failures + 1))
else
  echo "ok   dynamodb DescribeTable missing table -> ResourceNotFoundException"
fi
# A server that refuses connections is a clear error, not a hang.
if "$AWSCRAPE" call dynamodb ListTables --endpoint-url http://127.0.0.1:1 2>"$work/err"; then
  echo "FAIL call to a closed port succeeded"; failures=$((failures + 1))
else
  echo "ok   closed port -> $(head -c 200 "$work/err")"
fi

total=10
echo "$((total - failures)) passed, $failures failed"
((failures == 0))
