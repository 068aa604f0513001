# Shared by end-to-end tests: start npm's AWS emulators on loopback and stop them on exit.
# Each emulator reads its stdin from a FIFO whose only writer is this shell: when the shell ends,
# however it ends, the FIFO closes and the emulator exits by itself.

emulators_dir="${AWSCRAPE_SOURCE_DIR:?}/tests/emulators"
declare -a emulator_pids=()

stop_emulators() {
  local pid
  for pid in "${emulator_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}

# start_emulator KIND VAR [DIR]: starts it and stores its port in $VAR.
start_emulator() {
  local kind=$1 var=$2 dir=${3:-} out fifo fd
  out=$(mktemp)
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  EMULATOR_MAX_SECONDS=900 node "$emulators_dir/start.js" "$kind" "$dir" <"$fifo" >"$out" 2>&1 &
  emulator_pids+=("$!")
  exec {fd}>"$fifo"  # the writer end stays open in this shell only
  rm -f "$fifo"
  local i
  for i in $(seq 1 100); do
    if grep -q '^listening ' "$out"; then
      printf -v "$var" '%s' "$(awk '/^listening /{print $2; exit}' "$out")"
      return 0
    fi
    sleep 0.1
  done
  echo "emulator $kind did not start:" >&2
  cat "$out" >&2
  return 1
}

# Credentials the emulators accept (s3rver knows only S3RVER); nothing here reaches AWS.
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN
# awscli prints timestamps as isoformat() with this, which is botocore's parsed form and ours.
emulator_aws_config=$(mktemp)
printf '[default]\ncli_timestamp_format = iso8601\n' >"$emulator_aws_config"
export AWS_CONFIG_FILE=$emulator_aws_config AWS_SHARED_CREDENTIALS_FILE=/dev/null

# json_equal A B: structural JSON equality (order of object keys ignored), with a diff on failure.
json_equal() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.loads(open(p).read()) for p in sys.argv[1:3])
if a != b:
    print("--- awscli\n" + json.dumps(a, indent=1, sort_keys=True)[:4000])
    print("--- awscrape\n" + json.dumps(b, indent=1, sort_keys=True)[:4000])
    sys.exit(1)
PY
}

# start_emulators_with_resources WORKDIR: dynalite, kinesalite and s3rver (its files under
# WORKDIR/s3), their URLs in $dynamo, $kinesis and $s3, and the resources the tests look for,
# created with awscli: tables orders, customers, audit-log; streams clicks, payments; buckets
# logs-bucket, assets-bucket.
start_emulators_with_resources() {
  local work=$1 t s b
  start_emulator dynalite dynamo_port
  start_emulator kinesalite kinesis_port
  mkdir -p "$work/s3"
  start_emulator s3rver s3_port "$work/s3"
  dynamo=http://127.0.0.1:$dynamo_port kinesis=http://127.0.0.1:$kinesis_port
  s3=http://127.0.0.1:$s3_port
  for t in orders customers audit-log; do
    aws --endpoint-url "$dynamo" dynamodb create-table --table-name "$t" \
      --attribute-definitions AttributeName=id,AttributeType=S \
      --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST >/dev/null
  done
  for s in clicks payments; do
    aws --endpoint-url "$kinesis" kinesis create-stream --stream-name "$s" --shard-count 1
  done
  for b in logs-bucket assets-bucket; do
    aws --endpoint-url "$s3" s3api create-bucket --bucket "$b" >/dev/null
  done
}
