#!/usr/bin/env bash
# payments.sh — a coin slot's payment event → the device's gate open (the Access-Accept for its MAC
# reaching the simulated Hotspot), p50/p99 over 1,000 new devices, beside the POST's own 200 in the
# same run (bench/payments.ts against `node dist/main/cli.cjs serve`, loopback only).
set -uo pipefail
COUNT=${COUNT:-1000}
# shellcheck source=serve-app.sh
source "$(dirname "$0")/serve-app.sh"
start_app payments 18260 18261 18270
(cd "$ROOT" && timeout 300 node --import tsx bench/payments.ts --api "$URL" --token "$TOKEN" --lan 18270 --auth 18260 --acct 18261 --count "$COUNT") | tee "$OUT/latency.txt"
status=${PIPESTATUS[0]}
{
  echo "## Payment event → gate open (Access-Accept at the Hotspot), beside the POST's 200, same run"
  echo
  echo "| events | measured from just before the POST to | p50 µs | p90 µs | p99 µs | max µs |"
  echo "|---:|---|---:|---:|---:|---:|"
  awk '{for(i=1;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]}}
    END{
      printf "| %s | the Access-Accept for its MAC at the Hotspot | %s | %s | %s | %s |\n", v["count"], v["gate_p50_us"], v["gate_p90_us"], v["gate_p99_us"], v["gate_max_us"];
      printf "| %s | its 200 (sale committed) | %s | %s | %s | %s |\n", v["count"], v["post_p50_us"], v["post_p90_us"], v["post_p99_us"], v["post_max_us"];
      printf "| %s | the Access-Request leaving the router (gate opened over the API) | %s | %s | %s | %s |\n", v["count"], v["request_p50_us"], v["request_p90_us"], v["request_p99_us"], v["request_max_us"];
      printf "| %s | (Access-Request → Access-Accept alone) | %s | %s | %s | %s |\n", v["count"], v["radius_p50_us"], v["radius_p90_us"], v["radius_p99_us"], v["radius_max_us"];
      printf "\nGate open ÷ 200, same run: %s× at p50, %s× at p99.\n", v["ratio_p50"], v["ratio_p99"];
    }' "$OUT/latency.txt"
} | tee "$OUT/summary.md"
grep -E ' ERROR |uncaught|unhandled' "$OUT/app.log" && { echo "payments: the app logged errors (see $OUT/app.log)" >&2; status=1; }
exit "$status"
