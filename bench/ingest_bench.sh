#!/usr/bin/env bash
# Documents/s into SQLite and PostgreSQL (bench/store_ingest_bench.cc), first scrape and unchanged
# second scrape, by batch size and response size, through the store alone and through the
# Ingester (spool files read, parsed, stored, deleted); bytes on disk after each scrape.
#   bench/ingest_bench.sh [build-dir]   (default: build, the release preset; builds the target)
#   DOCS=20000 bench/ingest_bench.sh    documents per scrape (default 20000)
# Prints one JSON line per run and a Markdown table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
docs=${DOCS:-20000}
work=$(mktemp -d /var/tmp/awscrape-ingest-bench.XXXXXX)
chmod 755 "$work"
source bench/lib_postgres.sh
trap 'stop_postgres; rm -rf "$work"' EXIT

if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake --preset release >/dev/null
fi
grep -q '^AWSCRAPE_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt" ||
  cmake -S . -B "$build" -DAWSCRAPE_BUILD_BENCH=ON >/dev/null
CCACHE_NOHASHDIR=1 cmake --build "$build" -j2 --target store_ingest_bench >/dev/null
bench=$build/bench/store_ingest_bench

start_postgres "$work/pg"
results=$work/results.jsonl
run=0
for backend in sqlite postgresql; do
  for path in store ingest; do
    for batch in 500 2000 10000; do
      for body in 660 3500; do
        run=$((run + 1))
        if [[ $backend == sqlite ]]; then
          db="sqlite://$work/run$run.db"
        else
          psql "$pg_url" -q -c "CREATE DATABASE run$run" >/dev/null
          db="${pg_url%/postgres}/run$run"
        fi
        "$bench" --db "$db" --path "$path" --docs "$docs" --batch "$batch" --body-bytes "$body" \
          --spool "$work/spool$run" | tee -a "$results"
        rm -rf "$work/run$run.db"* "$work/spool$run"
      done
    done
  done
done

/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n| backend | path | batch | body B | first docs/s | unchanged docs/s | MB first | MB added by 2nd (%) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    added = r["bytes_second"] - r["bytes_first"]
    print(f"| {r['backend']} | {r['path']} | {r['batch']} | {r['body_bytes']} | "
          f"{r['first_docs_per_s']:,.0f} | {r['second_docs_per_s']:,.0f} | "
          f"{r['bytes_first'] / 1e6:.1f} | {added / 1e6:.1f} ({100 * added / r['bytes_first']:.0f}%) |")
PY
