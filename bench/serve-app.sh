# serve-app.sh — sourced by the bench sections that time the built app as a process:
# `start_app NAME AUTH_PORT ACCT_PORT LAN_PORT` builds it, starts `dist/main/cli.cjs serve` on
# 127.0.0.1 with a fresh data directory (removed on exit, the app stopped by its PID), waits for
# its banner and sets URL (the UI/API address), TOKEN, APP_PID and OUT (the results folder).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-token-000000
APP_PID=""
DATA=""
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; [ -n "$DATA" ] && rm -rf "$DATA"; }
trap cleanup EXIT

start_app() {
  local name=$1 auth=$2 acct=$3 lan=$4
  OUT=${OUT:-$ROOT/bench/results/$name-$(date +%Y%m%d-%H%M%S)}
  DATA=$(mktemp -d "/tmp/iwas-bench-$name.XXXXXX")
  mkdir -p "$OUT"
  (cd "$ROOT" && node scripts/build.mjs --quiet) || exit 1
  node "$ROOT/dist/main/cli.cjs" serve --data-dir "$DATA" --port 0 --token "$TOKEN" --admin-pin 1234 --log-level warn --no-backups \
    --radius-host 127.0.0.1 --radius-auth-port "$auth" --radius-acct-port "$acct" --webhook-host 127.0.0.1 --webhook-port "$lan" > "$OUT/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 100); do grep -qs 'PC sync http' "$OUT/app.log" && break; sleep 0.1; done
  URL=$(awk '/^  UI/{print $2}' "$OUT/app.log")
}
