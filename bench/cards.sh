#!/usr/bin/env bash
# cards.sh — voucher card batches: generating 2,000 cards (batches.create) beside 2,000 counter
# sales in the same run, and the 2,000-card A4 print preview in Debian's Chromium beside a
# 40-card one (bench/cards.ts: serve-mode cores on real SQLite files in temp directories).
# RUNS (default 5) core runs, UI_RUNS (default 5) browser runs; NO_UI=1 skips the browser.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/bench/results/cards-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
cd "$ROOT" && timeout 900 node --import tsx bench/cards.ts --runs "${RUNS:-5}" --ui-runs "${UI_RUNS:-5}" ${NO_UI:+--no-ui} --out "$OUT" | tee "$OUT/run.log"
exit "${PIPESTATUS[0]}"
