#!/usr/bin/env bash
# webhook.sh — PC-sync webhook received → Disconnect-Request on the wire, p50/p99 over 1,000 events
# (bench/webhook-latency.ts against `node dist/main/cli.cjs serve`, loopback only).
set -uo pipefail
COUNT=${COUNT:-1000}
# shellcheck source=serve-app.sh
source "$(dirname "$0")/serve-app.sh"
start_app webhook 18240 18241 18250
(cd "$ROOT" && timeout 300 node --import tsx bench/webhook-latency.ts --api "$URL" --token "$TOKEN" --webhook 18250 --acct 18241 --count "$COUNT") | tee "$OUT/latency.txt"
{
  echo "## Webhook → Disconnect-Request on the wire (target p99 < 10 ms)"
  echo
  echo "| events | p50 µs | p90 µs | p99 µs | max µs | met |"
  echo "|---:|---:|---:|---:|---:|---|"
  awk '{for(i=1;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]}} END{printf "| %s | %s | %s | %s | %s | %s |\n", v["count"], v["p50_us"], v["p90_us"], v["p99_us"], v["max_us"], (v["p99_us"] < 10000 ? "met" : "not met")}' "$OUT/latency.txt"
} | tee "$OUT/summary.md"
