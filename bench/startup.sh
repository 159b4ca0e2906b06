#!/usr/bin/env bash
# startup.sh — core ready (ports bound) with 100,000 past sessions in the database, beside
# `node -e ''` and an empty data directory (bench/startup.ts against `node dist/main/cli.cjs serve`,
# loopback only). RUNS (default 10) per case; SESSIONS (default 100000) to seed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-10}
SESSIONS=${SESSIONS:-100000}
OUT=${OUT:-$ROOT/bench/results/startup-$(date +%Y%m%d-%H%M%S)}
SEEDED=$(mktemp -d /tmp/iwas-bench-startup.XXXXXX)
trap 'rm -rf "$SEEDED"' EXIT
mkdir -p "$OUT"
(cd "$ROOT" && node scripts/build.mjs --quiet) || exit 1
# Seeded once; startup.ts runs each start-up on its own copy of it.
(cd "$ROOT" && timeout 300 node --import tsx bench/seed-history.ts "$SEEDED/data" --sessions "$SESSIONS") | tee "$OUT/seed.txt" || exit 1
(cd "$ROOT" && timeout 900 node --import tsx bench/startup.ts --seeded "$SEEDED/data" --runs "$RUNS" --out "$OUT") || exit 1
echo
cat "$OUT/summary.md"
