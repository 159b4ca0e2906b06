#!/usr/bin/env bash
# webhook.sh — PC-sync webhook received → Disconnect-Request on the wire, p50/p99 over 1,000 events
# (bench/webhook-latency.ts against `node dist/main/cli.cjs serve`, loopback only).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${COUNT:-1000}
OUT=${OUT:-$ROOT/bench/results/webhook-$(date +%Y%m%d-%H%M%S)}
DATA=$(mktemp -d /tmp/iwas-bench-webhook.XXXXXX)
APP_PID=""
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
mkdir -p "$OUT"
(cd "$ROOT" && node scripts/build.mjs --quiet) || exit 1
node "$ROOT/dist/main/cli.cjs" serve --data-dir "$DATA" --port 0 --token bench-token-000000 --admin-pin 1234 --log-level warn --no-backups \
  --radius-host 127.0.0.1 --radius-auth-port 18240 --radius-acct-port 18241 --webhook-host 127.0.0.1 --webhook-port 18250 > "$OUT/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do grep -q 'PC sync http' "$OUT/app.log" && break; sleep 0.1; done
URL=$(awk '/^  UI/{print $2}' "$OUT/app.log")
(cd "$ROOT" && timeout 300 node --import tsx bench/webhook-latency.ts --api "$URL" --token bench-token-000000 --webhook 18250 --acct 18241 --count "$COUNT") | tee "$OUT/latency.txt"
{
  echo "## Webhook → Disconnect-Request on the wire (target p99 < 10 ms)"
  echo
  echo "| events | p50 µs | p90 µs | p99 µs | max µs | met |"
  echo "|---:|---:|---:|---:|---:|---|"
  awk '{for(i=1;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]}} END{printf "| %s | %s | %s | %s | %s | %s |\n", v["count"], v["p50_us"], v["p90_us"], v["p99_us"], v["max_us"], (v["p99_us"] < 10000 ? "met" : "not met")}' "$OUT/latency.txt"
} | tee "$OUT/summary.md"
