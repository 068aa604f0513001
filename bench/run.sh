#!/usr/bin/env bash
# Runs awscrape's benchmarks next to botocore's and prints the comparison (ours vs botocore, ratio).
#
#   bench/run.sh                  build what is needed in build/ (the release preset), run all
#   BUILD_DIR=build-x bench/run.sh   another release build directory
#   REPETITIONS=5 bench/run.sh    more repetitions (default 3; the tables show the median)
#   SKIP_BUILD=1 bench/run.sh     run the binaries already built (the tree may be mid-edit)
#
# Every benchmark runs REPETITIONS times and the tables report the median: the machine has 2
# cores that other work may share. Raw results stay in $BUILD_DIR/bench/results/. A full run
# takes about 2-3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
REPETITIONS=${REPETITIONS:-3}
JOBS=${JOBS:-2}
PYTHON=/usr/bin/python3  # Debian's interpreter: it has python3-botocore
export CCACHE_NOHASHDIR=1

# --- build -----------------------------------------------------------------------------------
build() {  # configure if needed, then build what the benchmarks use
  launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    if [[ $BUILD_DIR == build ]]; then
      cmake --preset release "${launcher[@]}" >/dev/null
    else
      cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAWSCRAPE_BUILD_BENCH=ON \
        "${launcher[@]}" >/dev/null
    fi
  elif ! grep -q '^AWSCRAPE_BUILD_BENCH:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    cmake -S . -B "$BUILD_DIR" -DAWSCRAPE_BUILD_BENCH=ON >/dev/null
  fi
  if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release' "$BUILD_DIR/CMakeCache.txt"; then
    echo "bench/run.sh: warning: $BUILD_DIR is not a Release build; figures will be pessimistic" >&2
  fi
  build_log=$BUILD_DIR/bench-build.log
  if ! cmake --build "$BUILD_DIR" -j "$JOBS" --target awscrape bench_data parse_throughput_bench \
    call_cost_bench catalogue_startup_bench >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    echo "bench/run.sh: the build failed (full log: $build_log)" >&2
    exit 1
  fi
}
if [[ ${SKIP_BUILD:-0} == 1 ]]; then
  echo "bench/run.sh: SKIP_BUILD=1: using the binaries in $BUILD_DIR as they are" >&2
else
  build
fi

bench_bin=$BUILD_DIR/bench
data=$bench_bin/data
results=$bench_bin/results
mkdir -p "$results"
rm -f "$results"/*.json
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$results/load.txt"

# --- awscrape --------------------------------------------------------------------------------
phase() { echo "[${SECONDS}s] $*" >&2; }
gbench() {  # gbench NAME MIN_TIME: one Google Benchmark binary, JSON into results/
  phase "running $1"
  "$bench_bin/$1" --benchmark_repetitions="$REPETITIONS" --benchmark_min_time="$2" \
    --benchmark_out="$results/$1.json" --benchmark_out_format=json \
    --benchmark_format=console >"$results/$1.txt" 2>"$results/$1.log" ||
    { cat "$results/$1.log" >&2; echo "bench/run.sh: $1 failed" >&2; exit 1; }
  grep -h "disagree\|ERROR" "$results/$1.log" "$results/$1.txt" >&2 || true
}
gbench parse_throughput_bench 0.5
gbench call_cost_bench 0.3
gbench catalogue_startup_bench 0.3

# --- botocore --------------------------------------------------------------------------------
phase "running bench/botocore_bench.py"
"$PYTHON" bench/botocore_bench.py "$data" --repetitions "$REPETITIONS" --min-time 0.2 \
  >"$results/botocore.json" 2>"$results/botocore.txt" ||
  { tail -n 20 "$results/botocore.txt" >&2; echo "bench/run.sh: botocore_bench.py failed" >&2
    exit 1; }

# --- process wall time to the first request: awscrape call vs aws (awscli) --------------------
# Both send one request to a closed loopback port (connection refused at once) and exit
# non-zero; what is timed is start-up: models, endpoint, credentials, serialise, sign, connect.
port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/EXAMPLE
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_EC2_METADATA_DISABLED=true
export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_PAGER="" AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWSCRAPE_MODELS_DIR
endpoint=http://127.0.0.1:$port
# Debian's awscli (/usr/bin/aws), not whichever `aws` comes first on PATH.
aws_cli=/usr/bin/aws
[[ -x $aws_cli ]] || aws_cli=$(command -v aws || true)
if [[ -n $aws_cli ]]; then have_aws=1; else have_aws=0; fi
((have_aws)) && "$aws_cli" --version >"$results/aws_version.txt" 2>&1
# "awscrape call" arguments | the same call's aws CLI arguments
wall_cases=("ec2 DescribeVpcs|ec2 describe-vpcs" "sts GetCallerIdentity|sts get-caller-identity")
where="--region us-east-1 --endpoint-url $endpoint"
for entry in "${wall_cases[@]}"; do
  IFS='|' read -r label aws_args <<<"$entry"
  ours="$BUILD_DIR/awscrape call $label $where --max-attempts 1"
  theirs="$aws_cli $aws_args $where"
  slug=${label// /_}
  phase "timing process wall time: $label"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -i --warmup 3 --runs 30 --export-json "$results/wall_ours_$slug.json" \
      "$ours" >/dev/null 2>&1
    if ((have_aws)); then
      hyperfine -N -i --warmup 1 --runs 6 --export-json "$results/wall_aws_$slug.json" \
        "$theirs" >/dev/null 2>&1
    fi
  else  # a plain loop: wall seconds of each run, as hyperfine's JSON shape
    for side in ours aws; do
      cmd=$ours
      [[ $side == aws ]] && { ((have_aws)) || continue; cmd=$theirs; }
      times=()
      for _ in 1 2 3 4 5 6; do
        start=$(date +%s%N)
        $cmd >/dev/null 2>&1 || true
        times+=("$((($(date +%s%N) - start)))")
      done
      printf '{"results": [{"command": "%s", "times": [%s]}]}\n' "$cmd" \
        "$(printf '%s\n' "${times[@]}" | awk '{printf "%s%.6f", (NR > 1 ? "," : ""), $1 / 1e9}')" \
        >"$results/wall_${side}_$slug.json"
    done
  fi
done

phase "done"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/load.txt"
echo
"$PYTHON" bench/report.py "$results"
