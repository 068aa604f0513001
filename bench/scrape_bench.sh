#!/usr/bin/env bash
# Scrape benchmark (SPEC §6): `awscrape scrape` of the simulator's account with injected latency,
# next to the latency-bound floor (requests x latency / parallel), with CPU seconds per 1,000
# calls and peak RSS (/usr/bin/time -v) — with --no-ingest: the scrape alone, pages left in the
# spool (the ingest benchmarks measure storing them); then the same calls made by boto3 with a
# thread pool of the same size against the same simulator (bench/scrape_boto3.py), and the ratios.
#
# CPU is compared like for like, both ways: WITH start-up (each process's whole CPU, /usr/bin/time:
# awscrape's process start, models and plan; boto3's interpreter, imports and client creation)
# and WITHOUT it (awscrape: the whole minus the `startup_cpu_seconds` its scrape summary reports,
# the CPU spent before the first planned call; boto3: its timed section). `awscrape plan` for the
# same services and regions is timed too, as a cross-check of awscrape's start-up.
#
# usage: bench/scrape_bench.sh [AWSCRAPE]   (default: build/awscrape, a Release build)
# env:   SIZES="small large"  LATENCY_MS=100  PARALLEL=32  PER_ENDPOINT=10
#        REGIONS=""  (empty: every region the account has enabled; a list narrows the scrape)
#        SERVICES=all  BOTO3=1 (0 skips the boto3 baseline)  OUT=bench/scrape_results.jsonl
#        SPOOL_BASE=""  (empty: a temporary directory; e.g. /dev/shm keeps file-system costs out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
awscrape=${1:-$here/../build/awscrape}
sizes=${SIZES:-small large}
latency=${LATENCY_MS:-100}
parallel=${PARALLEL:-32}
per_endpoint=${PER_ENDPOINT:-10}
regions=${REGIONS:-}
services=${SERVICES:-all}
out=${OUT:-$here/scrape_results.jsonl}
work=$(mktemp -d)
spool=$work/spool
[[ -n "${SPOOL_BASE:-}" ]] && spool=$(mktemp -d "$SPOOL_BASE/awscrape-bench.XXXXXX")
sim_pid=
cleanup() {
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work" "$spool"
}
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION || true

for size in $sizes; do
  rm -f "$work/sim.out"  # the previous size's URL must not be read as this one's
  "$awscrape" simulate --port 0 --size "$size" --latency-ms "$latency" --threads 2 \
    --max-seconds 3600 >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  for _ in $(seq 1 600); do [[ -s "$work/sim.out" ]] && break; sleep 0.1; done
  url=$(head -n 1 "$work/sim.out")

  region_args=()
  [[ -n "$regions" ]] && region_args=(--regions "$regions")
  /usr/bin/time -v "$awscrape" scrape --services "$services" "${region_args[@]}" \
    --endpoint-url "$url" --parallel "$parallel" --per-endpoint "$per_endpoint" \
    --spool-dir "$spool" --no-ingest --json >"$work/summary.json" 2>"$work/time.txt"
  dir=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["spool_directory"])' "$work/summary.json")
  scrape_regions=$(/usr/bin/python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["regions"]))' "$dir/_scrape.json")

  /usr/bin/time -v "$awscrape" plan --services "$services" --regions "$scrape_regions" --json \
    >"$work/plan.json" 2>"$work/plan_time.txt"
  boto='{}'
  if [[ "${BOTO3:-1}" == 1 ]]; then
    /usr/bin/time -v /usr/bin/python3 "$here/scrape_boto3.py" "$work/plan.json" "$url" \
      "$parallel" >"$work/boto3.json" 2>"$work/boto3_time.txt"
    boto=$(cat "$work/boto3.json")
  fi
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=

  /usr/bin/python3 - "$size" "$latency" "$parallel" "$work/summary.json" "$work/time.txt" \
    "$boto" "$work/boto3_time.txt" "$scrape_regions" "$work/plan_time.txt" <<'PY' | tee -a "$out"
import json, re, sys
size, latency, parallel = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
summary = json.load(open(sys.argv[4]))
def time_v(path):
    text = open(path).read()
    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", text)
        return m.group(1).strip() if m else "0"
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return {"wall": seconds, "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024}
ours = time_v(sys.argv[5])
calls, requests = summary["planned_calls"], summary["requests"]
floor = requests * latency / 1000 / parallel
row = {"size": size, "latency_ms": latency, "parallel": parallel, "regions": sys.argv[8],
       "calls": calls, "requests": requests, "pages": summary["pages"], "items": summary["items"],
       "outcomes": summary["outcomes"], "wall_seconds": round(ours["wall"], 2),
       "scheduler_seconds": round(summary["duration_seconds"], 2),
       "floor_seconds": round(floor, 2),
       "wall_over_floor": round(summary["duration_seconds"] / floor, 3) if floor else None,
       "cpu_seconds": round(ours["cpu"], 2),
       "cpu_seconds_per_1000_calls": round(ours["cpu"] / calls * 1000, 3),
       "peak_rss_mb": round(ours["rss_mb"], 1)}
ours_startup = summary.get("startup_cpu_seconds", 0.0)
row["startup_cpu_seconds"] = round(ours_startup, 3)
row["calls_cpu_seconds"] = round(ours["cpu"] - ours_startup, 3)
row["plan_cpu_seconds"] = round(time_v(sys.argv[9])["cpu"], 3)
boto = json.loads(sys.argv[6])
if boto:
    bt = time_v(sys.argv[7])
    row["boto3"] = {**boto, "process_cpu_seconds": round(bt["cpu"], 2),
                    "peak_rss_mb": round(bt["rss_mb"], 1)}
    row["boto3_wall_ratio"] = round(boto["wall_seconds"] / summary["duration_seconds"], 2)
    row["boto3_cpu_per_call_ratio"] = round(
        (boto["cpu_seconds"] / max(1, boto["calls"])) / (ours["cpu"] / calls), 1)
    # Like for like, per 1,000 calls: both with their start-up, both without it.
    def per_1000(cpu, n):
        return cpu / max(1, n) * 1000
    ours_with, ours_without = per_1000(ours["cpu"], calls), per_1000(ours["cpu"] - ours_startup, calls)
    boto_with, boto_without = per_1000(bt["cpu"], boto["calls"]), per_1000(boto["cpu_seconds"], boto["calls"])
    row["cpu_per_1000_calls"] = {
        "awscrape_with_startup": round(ours_with, 3), "awscrape_without_startup": round(ours_without, 3),
        "boto3_with_startup": round(boto_with, 3), "boto3_without_startup": round(boto_without, 3)}
    row["boto3_cpu_ratio_with_startup"] = round(boto_with / ours_with, 1)
    row["boto3_cpu_ratio_without_startup"] = round(boto_without / max(1e-9, ours_without), 1)
print(json.dumps(row))
PY
done
