#!/usr/bin/env bash
# Ingest of a real spool (SPEC §6, >= 50k documents/s into SQLite): what `awscrape scrape
# --no-ingest` wrote for the simulator's account (every region it has enabled), drained by
# `awscrape ingest --once` into a new database (SQLite, or BACKEND=postgresql: a throw-away
# server from Debian's package, fsync on), RUNS times from fresh copies.
#
# Per run it prints the whole command (wall, CPU, peak RSS: process start, every document, the
# scrape's outcome ledger and metadata, closing the database) and, from the command's own output,
# the drain alone (scan, read, parse, store, delete: "stored N files ... in S s") and the ledger
# ("finished ... (S s)"). SYNC=1 flushes the copy to disk first: on ext4 mounted with `discard`
# deleting a file whose blocks reached the disk waits for the device (a spool ingested long after
# its scrape); SYNC=0 drains files still in the page cache (ingest keeping up with a scrape).
#
# GROW=N then ingests the spool N more times into one database, each time as a new scrape (the
# directory renamed, its bookkeeping files left out): how the drain slows as the database grows
# (same bodies, so only the per-document rows and their indexes grow).
#
# usage: bench/real_spool_ingest.sh [AWSCRAPE]   (default: build/awscrape, a Release build)
# env:   SIZE=small  RUNS=5  SYNC=0  BACKEND=sqlite  GROW=0  WORK=/var/tmp/awscrape-real-spool (kept
#        between runs: the spool is scraped once per SIZE and reused)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
awscrape=${1:-$here/../build/awscrape}
size=${SIZE:-small}
runs=${RUNS:-5}
sync_first=${SYNC:-0}
work=${WORK:-/var/tmp/awscrape-real-spool}
backend=${BACKEND:-sqlite}
orig=$work/$size.spool
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
mkdir -p "$work"

if [[ ! -d $orig ]]; then
  "$awscrape" simulate --port 0 --size "$size" --threads 2 --max-seconds 600 \
    >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  trap 'kill $sim_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do [[ -s "$work/sim.out" ]] && break; sleep 0.1; done
  url=$(head -n 1 "$work/sim.out")
  mkdir -p "$orig.partial"
  "$awscrape" scrape --endpoint-url "$url" --no-ingest --no-progress \
    --spool-dir "$orig.partial" >"$work/scrape.out"
  kill "$sim_pid" 2>/dev/null || true
  mv "$orig.partial" "$orig"
fi
files=$(find "$orig" -type f -name '*.json' ! -name '_*' | wc -l)
bytes=$(find "$orig" -type f -name '*.json' ! -name '_*' -printf '%s\n' |
  awk '{ s += $1 } END { print s }')
echo "spool: $size account, $files documents, $((bytes / 1024 / 1024)) MiB, sync first: $sync_first," \
  "into $backend"
if [[ $backend == postgresql ]]; then
  source "$here/lib_postgres.sh"
  rm -rf "$work/pg"
  trap 'stop_postgres; rm -rf "$work/pg"' EXIT
  start_postgres "$work/pg"
fi
# A new, empty database for each run.
fresh_database() {
  if [[ $backend == postgresql ]]; then
    local admin=${pg_url%/postgres}
    PGOPTIONS='--client-min-messages=warning' pg_as "$pg_bin/psql" -q "$admin/postgres" \
      -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'
    db_url=$admin/bench
  else
    rm -f "$work"/db.sqlite*
    db_url=sqlite://$work/db.sqlite
  fi
}

run=$work/run
for i in $(seq 1 "$runs"); do
  rm -rf "$run"
  fresh_database
  cp -a "$orig" "$run"
  if [[ $sync_first == 1 ]]; then sync; sleep 1; fi
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" \
    "$awscrape" ingest --watch "$run" --once --db "$db_url" >"$work/ingest.out"
  read -r wall user sys rss <"$work/time.out"
  drain=$(sed -n 's/^stored .* batches, \([0-9.]*\) s .*/\1/p' "$work/ingest.out")
  ledger=$(sed -n 's/^finished .*(\([0-9.]*\) s)$/\1/p' "$work/ingest.out")
  awk -v i="$i" -v n="$files" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    -v d="$drain" -v l="${ledger:-0}" 'BEGIN {
      printf "run %d: whole command %.2f s = %.1fk documents/s (CPU %.2f s, RSS %d MB); ", i, w,
        n / w / 1000, u + s, r / 1024
      printf "drain %.3f s = %.1fk documents/s; ledger %.3f s\n", d, n / d / 1000, l }'
done

grow=${GROW:-0}
if ((grow > 0)); then
  fresh_database
  scrape_dir=$(basename "$(ls -d "$orig"/scrape_*)")
  for k in $(seq 1 "$grow"); do
    rm -rf "$run"
    mkdir -p "$run"
    id=$(printf 'scrape_20260101_%06d_0000beef' "$k")
    cp -a "$orig/$scrape_dir" "$run/$id"
    rm -f "$run/$id/_scrape.json" "$run/$id/_ledger.jsonl"
    "$awscrape" ingest --watch "$run" --once --db "$db_url" >"$work/ingest.out"
    drain=$(sed -n 's/^stored .* batches, \([0-9.]*\) s .*/\1/p' "$work/ingest.out")
    awk -v k="$k" -v n="$files" -v d="$drain" 'BEGIN {
      printf "scrape %d into one database (%d documents before): drain %.3f s = %.1fk documents/s\n",
        k, (k - 1) * n, d, n / d / 1000 }'
  done
fi
rm -rf "$run" "$work"/db.sqlite*
