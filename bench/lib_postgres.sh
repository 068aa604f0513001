# Sourced by benchmarks: start_postgres DIR starts a throw-away PostgreSQL (Debian's package) in
# DIR on a free 127.0.0.1 port, as the `postgres` OS user when run as root (PostgreSQL refuses
# root), with fsync on (the default: figures are for a durable database). Sets $pg_url and
# registers stop_postgres; the caller's EXIT trap must call stop_postgres.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_dir=
pg_as() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  pg_dir=$1
  [[ -n $pg_bin ]] || { echo "no PostgreSQL server binaries (apt install postgresql)" >&2; return 1; }
  mkdir -p "$pg_dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$pg_dir"
  pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  pg_url="postgresql://postgres@127.0.0.1:$port/postgres"
}
stop_postgres() {
  [[ -n $pg_dir && -d $pg_dir/data ]] && pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
  return 0
}
