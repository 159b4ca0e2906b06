#!/usr/bin/env bash
# eventloop.sh — serve mode's event loop delay at idle with 5,000 customers online (one open connection
# each), beside the same core with none, same run (bench/event-loop.ts: the core in-process on a real
# SQLite file, its scheduler at the real intervals, the customers logged in over real UDP by a simulated
# Hotspot; loopback only). Target: p99 < 2 ms.
#   CONNECTIONS (default 5000), IDLE_S (seconds per window, default 30; keep >= 30 so the stale sweep runs).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-5000}
IDLE_S=${IDLE_S:-30}
OUT=${OUT:-$ROOT/bench/results/eventloop-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
(cd "$ROOT" && timeout 600 node --import tsx bench/event-loop.ts --connections "$CONNECTIONS" --seconds "$IDLE_S") | tee "$OUT/eventloop.txt"
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || echo "eventloop: bench/event-loop.ts failed (exit $status)" >&2
{
  echo "## Event loop delay at idle (monitorEventLoopDelay, resolution 10 ms; target p99 < 2 ms with $CONNECTIONS open connections)"
  echo
  echo "| open connections | live sessions | window | samples | p50 ms | p99 ms | max ms | loop busy ms/s | CPU ms/s | target | met |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  awk '/^eventloop /{delete v; for (i = 2; i <= NF; i++) {split($i, a, "="); v[a[1]] = a[2]}
    ref = v["connections"] == 0; if (ref) busy = v["p99_ms"] >= 2
    printf "| %s | %s | %s s | %s | %s | %s | %s | %s | %s | %s | %s |\n", v["connections"], v["live_sessions"], v["seconds"], v["samples"], v["p50_ms"], v["p99_ms"], v["max_ms"],
      v["busy_ms_per_s"], v["cpu_ms_per_s"], ref ? "reference" : "p99 < 2 ms", ref ? "–" : (v["p99_ms"] < 2 ? "**met**" : "**not met**")}
    END{if (busy) print "\nThe reference itself is at or over 2 ms: other work on this machine delayed the loop; run again on a quiet machine."}' "$OUT/eventloop.txt"
  echo
  echo "Each periodic task run alone before the window (scheduler.runNow, median of 5), ms:"
  echo
  echo "| open connections | status (1 s) | outbox (2 s) | expiry (3 s) | stale sweep (30 s) |"
  echo "|---:|---:|---:|---:|---:|"
  awk '/^eventloop-tasks /{delete v; for (i = 2; i <= NF; i++) {split($i, a, "="); v[a[1]] = a[2]}
    printf "| %s | %s | %s | %s | %s |\n", v["connections"], v["status_ms"], v["outbox_ms"], v["expiry_ms"], v["stale_sweep_ms"]}' "$OUT/eventloop.txt"
} | tee "$OUT/summary.md"
exit "$status"
