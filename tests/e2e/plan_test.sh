#!/usr/bin/env bash
# `awscrape plan` end to end: the JSON plan parses and is self-consistent, global services are
# planned once, overrides and skip lists show, the IAM policy is valid JSON with exactly the
# planned calls' actions, the binary works from any directory (data files embedded), and bad
# input fails with exit status 2 and a message naming the problem.
set -euo pipefail

awscrape="${AWSCRAPE:?AWSCRAPE must point at the awscrape binary}"
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"  # not the source tree: the data files must come from the binary

"$awscrape" plan --services ec2,iam,s3 --regions eu-west-1,us-east-1 --json >plan.json
"$awscrape" plan --services ec2,iam,s3 --regions eu-west-1,us-east-1 --policy >policy.json
"$python" - plan.json policy.json <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
policy = json.load(open(sys.argv[2]))
calls = plan["calls"]

def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)

check(plan["total_calls"] == len(calls) > 0, "total_calls is the number of calls")
check(sum(plan["calls_per_service"].values()) == len(calls), "per-service counts add up")
check({c["service"] for c in calls} == {"ec2", "iam", "s3"}, "only the selected services")
keys = [(c["service"], c["operation"], c["spool_region"]) for c in calls]
check(len(keys) == len(set(keys)), "no call planned twice")
for c in calls:
    if c["service"] == "ec2":
        check(c["region"] in ("eu-west-1", "us-east-1") and not c["global"], "ec2 is regional")
    else:
        check(c["global"] and c["spool_region"] == "None" and c["region"] == "us-east-1",
              c["service"] + " is global, called in us-east-1")
by_op = {(c["service"], c["operation"]): c for c in calls}
check(("ec2", "DescribeInstances") in by_op, "ec2 DescribeInstances planned")
check(("ec2", "DescribeInstanceTypes") not in by_op, "ec2 DescribeInstanceTypes skipped")
check(by_op[("ec2", "DescribeImages")]["params"] == {"Owners": ["self"]}, "DescribeImages override")
check(by_op[("iam", "ListPolicies")]["params"] == {"Scope": "Local"}, "ListPolicies override")
check(by_op[("ec2", "DescribeInstances")]["paginator"]["result_key"] == ["Reservations"],
      "paginator of DescribeInstances")
skipped = {(s["service"], s["operation"]): s for s in plan["skipped"]}
check(skipped[("ec2", "DescribeInstanceTypes")]["category"] == "catalogue", "skip category")
check(skipped[("ec2", "DescribeInstanceTypes")]["reason"], "skip reason")
check(plan["estimate"]["seconds"] > 0, "an estimate")

check(policy == plan["iam_policy"], "--policy prints the JSON plan's policy")
check(policy["Version"] == "2012-10-17", "policy version")
actions = policy["Statement"][0]["Action"]
check(actions == sorted(set(c["iam_action"] for c in calls)), "policy allows exactly the calls")
for needed in ("ec2:DescribeInstances", "iam:ListUsers", "s3:ListAllMyBuckets"):
    check(needed in actions, needed + " in the policy")
check("ec2:DescribeInstanceTypes" not in actions, "no skipped call in the policy")
check(all(s["Effect"] == "Allow" and s["Resource"] == "*" for s in policy["Statement"]),
      "allow statements on *")
print("plan: %d calls, %d actions" % (len(calls), len(actions)))
PY

# The text form: calls, counts, total, estimate and policy.
"$awscrape" plan --services s3,iam --show-skipped >plan.txt
grep -q '^s3 .*us-east-1 (global) .*ListBuckets' plan.txt
grep -q '^Total: ' plan.txt
grep -q '^Estimate: ' plan.txt
grep -q 'iam:GetAccountSummary \[not_resource\]' plan.txt
grep -q '"s3:ListAllMyBuckets"' plan.txt

# --parallel changes the estimate the way the model says (global bound dominates here).
"$python" - "$awscrape" <<'PY'
import json, subprocess, sys
def seconds(parallel):
    out = subprocess.run([sys.argv[1], "plan", "--services", "ec2", "--json",
                          "--parallel", str(parallel), "--latency-ms", "100"],
                         check=True, capture_output=True, text=True).stdout
    plan = json.loads(out)
    return plan["estimate"]["seconds"], plan["total_calls"]
s1, n = seconds(1)
s32, _ = seconds(32)
assert abs(s1 - n * 0.1) < 1e-6, (s1, n)
assert s32 < s1, (s32, s1)
PY

# Bad input: exit status 2 and a message naming the problem.
expect_failure() {
  local needle=$1
  shift
  local status=0
  "$awscrape" plan "$@" >out.txt 2>err.txt || status=$?
  if [[ $status -ne 2 ]] || ! grep -qF -- "$needle" err.txt; then
    echo "FAIL: awscrape plan $* exited $status; stderr:" >&2
    cat err.txt >&2
    exit 1
  fi
}
expect_failure 'unknown service "nosuchservice"' --services nosuchservice
expect_failure 'unknown region "mars-north-1"' --services ec2 --regions mars-north-1
expect_failure 'DescribeUnicorns' --services ec2 --operations DescribeUnicorns
mkdir data
printf '{"rules": [{"match": "ec2:DescribeVpcs", "category": "paid"}]}' >data/skip_operations.json
expect_failure "data/skip_operations.json: rules[0]: needs a non-empty string \"reason\"" \
  --services ec2 --data-dir data
printf '{"rules": [' >data/skip_operations.json
AWSCRAPE_DATA_DIR=data expect_failure "data/skip_operations.json" --services ec2

echo "PASS"
