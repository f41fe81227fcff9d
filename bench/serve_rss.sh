#!/bin/sh
# serve_rss.sh BINARY DATA_DIR [SETTLE_SECONDS]: starts `BINARY serve` on
# DATA_DIR, times start-up to /readyz, waits SETTLE_SECONDS (default 20) for
# the rebuild's garbage to be collected and returned, and prints VmRSS.
# Run it once on an empty directory and once on the generated log
# (LATSAR_BENCH_LOG=DIR go test -run X -bench RebuildMemory ./bench keeps one).
set -eu
bin=$1 data=$2 settle=${3:-20}
port=$((18000 + $$ % 1000))
started=$(date +%s.%N)
LATSAR_ADMIN_TOKEN=rss-admin LATSAR_LOG_LEVEL=warn "$bin" serve -data "$data" -addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs -o /dev/null -H 'Authorization: Bearer rss-admin' "http://127.0.0.1:$port/readyz"; do
	kill -0 $pid || exit 1
	sleep 0.2
done
ready=$(date +%s.%N)
sleep "$settle"
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "ready_s=$(echo "$ready - $started" | bc) rss_kib=$rss"
