#!/usr/bin/env bash
# awscrape's SigV4 signer signs exactly as botocore does: tests/oracles/sigv4_oracle.py signs a
# set of requests with botocore's SigV4Auth / S3SigV4Auth / SigV4QueryAuth / S3SigV4QueryAuth at
# a fixed time, and `sigv4_conformance --oracle` signs the same requests with ours and compares
# every step. A tampered copy of the oracle output must fail, so the comparison is known to bite.
set -euo pipefail
source_dir=${AWSCRAPE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
runner=${AWSCRAPE_BUILD_DIR:?AWSCRAPE_BUILD_DIR must point at the build directory}/sigv4_conformance
python=/usr/bin/python3  # Debian's interpreter, the one with python3-botocore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" "$source_dir/tests/oracles/sigv4_oracle.py" >"$work/oracle.json"
cases=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' \
  "$work/oracle.json")

"$runner" --oracle "$work/oracle.json" | tee "$work/out.txt"
last=$(tail -n 1 "$work/out.txt")
if [[ "$last" != "$cases passed, 0 failed" ]]; then
  echo "expected \"$cases passed, 0 failed\", got \"$last\"" >&2
  exit 1
fi

# Negative control: one wrong signature and one wrong presigned-URL parameter must be caught.
"$python" - "$work/oracle.json" "$work/tampered.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["cases"][0]["expected"]["signature"] = "0" * 64
presigned = [c for c in doc["cases"] if c["signer"].endswith("QueryAuth")]
presigned[0]["expected"]["url"] += "&extra=1"
json.dump(doc, open(sys.argv[2], "w"))
EOF
if "$runner" --oracle "$work/tampered.json" >"$work/tampered.txt"; then
  echo "the runner accepted a tampered oracle file" >&2
  exit 1
fi
if [[ "$(tail -n 1 "$work/tampered.txt")" != "$((cases - 2)) passed, 2 failed" ]]; then
  echo "unexpected result on the tampered file:" >&2
  cat "$work/tampered.txt" >&2
  exit 1
fi
echo "sigv4 oracle: $cases cases identical to botocore; tampered copy rejected"
