#!/usr/bin/env bash
# Documents/s into SQLite and PostgreSQL (bench/store_ingest_bench.cc), first scrape and unchanged
# second scrape, by batch size and response size, through the store alone and through spool
# files the way `awscrape ingest --once` takes them (SpoolWatcher::DrainOnce: scan, then the
# Ingester's pipeline reads, parses, stores and deletes); bytes on disk after each scrape.
#   bench/ingest_bench.sh [build-dir]   (default: build, the release preset; builds the target)
#   DOCS=20000 bench/ingest_bench.sh    documents per scrape (default 20000)
#   REPEAT=3 bench/ingest_bench.sh      runs per configuration; the table shows medians
#   PATHS="store drain ingest"          paths to time (ingest: the Ingester alone, no scan)
#   BACKENDS="sqlite"                   skip PostgreSQL
# Prints one JSON line per run and a Markdown table at the end, with the CPU time per document
# and how many cores other processes used meanwhile (the machine is shared: > ~0.2 disturbed).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
docs=${DOCS:-20000}
repeat=${REPEAT:-1}
paths=${PATHS:-store drain}
backends=${BACKENDS:-sqlite postgresql}
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

if [[ $backends == *postgresql* ]]; then start_postgres "$work/pg"; fi
results=$work/results.jsonl
run=0
for backend in $backends; do
  for path in $paths; do
    for batch in 500 2000 10000; do
      for body in 660 3500; do
        for _ in $(seq "$repeat"); do
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
done

/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault((r["backend"], r["path"], r["batch"], r["body_bytes"]), []).append(r)
med = lambda rs, k: statistics.median(r.get(k, 0) for r in rs)
print("\n| backend | path | batch | body B | runs | first docs/s | unchanged docs/s "
      "| CPU µs/doc (1st/2nd) | other cores | MB first | MB added by 2nd (%) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (backend, path, batch, body), rs in runs.items():
    first, second = med(rs, "bytes_first"), med(rs, "bytes_second")
    added = second - first
    print(f"| {backend} | {path} | {batch} | {body} | {len(rs)} | "
          f"{med(rs, 'first_docs_per_s'):,.0f} | {med(rs, 'second_docs_per_s'):,.0f} | "
          f"{med(rs, 'first_cpu_us_per_doc'):.1f} / {med(rs, 'second_cpu_us_per_doc'):.1f} | "
          f"{max(max(r.get('first_other_cores', 0), r.get('second_other_cores', 0)) for r in rs):.2f} | "
          f"{first / 1e6:.1f} | {added / 1e6:.1f} ({100 * added / first:.0f}%) |")
PY
