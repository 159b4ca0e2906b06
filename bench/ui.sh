#!/usr/bin/env bash
# ui.sh — the Sessions screen with 5,000 live sessions, one update batch per second:
# time to apply and paint a batch, JS heap (bench/ui-sessions.ts, Debian's Chromium).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/bench/results/ui-$(date +%Y%m%d-%H%M%S)}
cd "$ROOT" && timeout 600 node --import tsx bench/ui-sessions.ts --sessions "${SESSIONS:-5000}" --seconds "${SECONDS_EACH:-30}" --out "$OUT"
