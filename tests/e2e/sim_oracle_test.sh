#!/usr/bin/env bash
# The differential oracle for the simulator: every candidate operation (List*/Describe*/Get*
# with no required input) of every service, in all five protocols, is called through awscrape's
# client (serialiser, signer, parser) into the simulator in-process; botocore 1.29.27 parses the
# same raw responses (tests/oracles/sim_parse_oracle.py) and the two parses must be equal. Run on
# a small and a medium account (more items, more variety). A tampered parse must be caught, so
# the comparison is known to bite.
set -euo pipefail
source_dir=${AWSCRAPE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
awscrape=${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}
python=/usr/bin/python3  # Debian's interpreter, the one with python3-botocore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in small medium; do
  echo "{\"size\": \"$size\", \"seed\": 42}" >"$work/$size.json"
  "$awscrape" simulate --scenario "$work/$size.json" --oracle-dump "$work/$size.jsonl" \
    --oracle-region eu-west-1
  "$python" "$source_dir/tests/oracles/sim_parse_oracle.py" "$work/$size.jsonl" | tee "$work/out.txt"
  last=$(tail -n 1 "$work/out.txt")
  calls=$(wc -l <"$work/$size.jsonl")
  if [[ "$calls" -lt 1500 || "$last" != "$calls passed, 0 failed" ]]; then
    echo "expected \"$calls passed, 0 failed\" over >= 1500 calls, got \"$last\"" >&2
    exit 1
  fi
  # Every protocol took part.
  for protocol in ec2 query json rest-json rest-xml; do
    grep -q "\"protocol\":\"$protocol\"" "$work/$size.jsonl" || { echo "no $protocol calls" >&2; exit 1; }
  done
done

# Negative control: change one value of our parse and drop a member of another.
"$python" - "$work/small.jsonl" "$work/tampered.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
done = 0
for record in lines:
    ours = record.get("ours") or {}
    keys = [k for k in ours if k != "ResponseMetadata"]
    if keys and done < 2:
        if done == 0:
            ours[keys[0]] = "tampered"
        else:
            del ours[keys[0]]
        done += 1
with open(sys.argv[2], "w") as out:
    for record in lines:
        out.write(json.dumps(record) + "\n")
PY
if "$python" "$source_dir/tests/oracles/sim_parse_oracle.py" "$work/tampered.jsonl" >"$work/neg.txt"; then
  echo "the oracle accepted a tampered parse" >&2
  exit 1
fi
grep -q ", 2 failed" "$work/neg.txt" || { cat "$work/neg.txt" >&2; exit 1; }
echo "negative control caught: $(tail -n 1 "$work/neg.txt")"
