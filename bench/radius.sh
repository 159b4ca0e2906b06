#!/usr/bin/env bash
# radius.sh — the app's RADIUS server vs FreeRADIUS 3 (Debian) on this machine, in one run,
# under the same load from FreeRADIUS's radclient. Loopback only; every load bounded in count and time.
#
#   bench/radius.sh                 # ~6-8 minutes on 2 cores (RUNS=3)
#   RUNS=1 bench/radius.sh          # quick look
#
# 1. The app (node dist/main/cli.cjs serve), seeded like the anchor's FreeRADIUS config: router 127.0.0.1,
#    users user0001..user1000 / pass0001..pass1000 (bench/seed-radius.ts). Accounting is durable
#    (SQLite WAL, synchronous=FULL, answered after commit; group commit).
#      - radclient, chunked driver (1,000 requests per process), -p 32 and -p 256, N requests, RUNS runs:
#        Access-Request PAP (gen_requests.py auth) and Accounting Start/Interim x3/Stop (gen_requests.py acct).
#      - latency: latency_probe.py (one in flight, pyrad) and bench/radius-load.ts (1 and 50 in flight).
# 2. FreeRADIUS with the anchor's config (recv_buff 1 MiB): bench/radius-load.ts at 1 and 50 in flight,
#    auth (files) and accounting to SQLite WAL, for the same latency comparison.
# 3. ../shared/bench/freeradius/run-freeradius-anchor.sh (copied to a scratch dir: ../shared is read-only).
# 4. bench/summarize_radius.py: one table with both, and the ratios.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$(cd "$ROOT/../shared/bench/freeradius" 2>/dev/null && pwd)}
RUNS=${RUNS:-3}
N=${N:-20000}
CHUNK=${CHUNK:-1000}
PARS=${PARS:-"32 256"}
LAT_N=${LAT_N:-2000}
AUTH_PORT=18220
ACCT_PORT=18230
SECRET=testing123
PY=/usr/bin/python3
OUT=${OUT:-$ROOT/bench/results/radius-$(date +%Y%m%d-%H%M%S)}
WORK=$(mktemp -d /tmp/iwas-bench.XXXXXX)
TSV=$OUT/app-runs.tsv
HZ=$(getconf CLK_TCK)
APP_PID=""; FR_PID=""; TARGET_PID=""
T0=$(date +%s)

log() { echo "[$(( $(date +%s) - T0 ))s] $*" >&2; }
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "$FR_PID" ] && kill "$FR_PID" 2>/dev/null && wait "$FR_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -n "$SHARED" ] && [ -f "$SHARED/run-freeradius-anchor.sh" ] || { echo "radius.sh: ../shared/bench/freeradius not found beside the project" >&2; exit 1; }
need=0
for c in freeradius radclient sqlite3; do command -v "$c" >/dev/null || need=1; done
$PY -c 'import pyrad' 2>/dev/null || need=1
if [ "$need" = 1 ]; then
  log "installing freeradius freeradius-utils python3-pyrad sqlite3"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq freeradius freeradius-utils python3-pyrad sqlite3 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq freeradius freeradius-utils python3-pyrad sqlite3 >/dev/null; } || exit 1
fi
# The Debian package starts a system freeradius on 1812/1813; the benchmark ports are separate, but stop it to free the CPU.
systemctl stop freeradius 2>/dev/null || true

mkdir -p "$OUT"
cp -r "$SHARED" "$WORK/anchor"
chmod -R u+w "$WORK/anchor"
REQ=$WORK/requests
mkdir -p "$REQ"
log "generating request files"
$PY "$WORK/anchor/gen_requests.py" auth --count "$N" --out "$REQ/auth.txt" --chunk "$CHUNK"
for p in $PARS; do for r in $(seq 1 "$RUNS"); do
  $PY "$WORK/anchor/gen_requests.py" acct --count "$N" --tag "app${p}r$r" --out "$REQ/acct-p$p-r$r.txt" --chunk "$CHUNK"
done; done

log "building the app and seeding its data directory"
(cd "$ROOT" && node scripts/build.mjs --quiet) || exit 1
DATA=$WORK/app-data
(cd "$ROOT" && node --import tsx bench/seed-radius.ts "$DATA") >&2 || exit 1

srv_ticks()   { awk '{print $14+$15}' "/proc/$TARGET_PID/stat"; }
child_ticks() { awk '{print $16+$17}' "/proc/$$/stat"; }
udp_drops()   { awk '/^Udp:/{n++; if (n==2) print $6}' /proc/net/snmp; }
printf 'phase\tworkload\tdriver\tp\trun\tn\twall_us\tserver_cpu_us\tclient_cpu_us\taccepted\tlost\tudp_drops\trc\n' > "$TSV"

# measure WORKLOAD P RUN N PORT TYPE FILE — chunked: FILE.d/*.txt in sequence, as the anchor does
measure() {
  local wl=$1 p=$2 run=$3 n=$4 port=$5 type=$6 src=$7
  local out="$OUT/radclient-app-$wl-p$p-r$run.txt" rc=0 f
  : > "$out"
  local c0 d0 k0 t0 c1 d1 k1 t1
  c0=$(srv_ticks); d0=$(udp_drops); k0=$(child_ticks); t0=$(date +%s%N)
  for f in "$src".d/*.txt; do
    timeout 120 radclient -q -s -c 1 -p "$p" -t 2 -r 3 -f "$f" "127.0.0.1:$port" "$type" "$SECRET" >> "$out" 2>&1 || rc=$?
  done
  t1=$(date +%s%N); k1=$(child_ticks); d1=$(udp_drops); c1=$(srv_ticks)
  local acc lost
  acc=$(awk '/Accepted/{s+=$3} END{print s+0}' "$out"); lost=$(awk '/Lost/{s+=$3} END{print s+0}' "$out")
  printf 'app\t%s\tchunked\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$wl" "$p" "$run" "$n" \
    $(( (t1 - t0) / 1000 )) $(( (c1 - c0) * 1000000 / HZ )) $(( (k1 - k0) * 1000000 / HZ )) "$acc" "$lost" $(( d1 - d0 )) "$rc" >> "$TSV"
  log "app $wl p=$p run=$run: $n req in $(( (t1 - t0) / 1000000 )) ms, lost=$lost drops=$(( d1 - d0 )) server CPU $(( (c1 - c0) * 1000000 / HZ / n )) µs/req"
}

load() {   # LABEL KIND PORT INFLIGHT TAG — bench/radius-load.ts, one line into latency.txt
  local line
  line=$(cd "$ROOT" && timeout 150 node --import tsx bench/radius-load.ts "$2" --port "$3" --count "$LAT_N" --inflight "$4" --tag "$5")
  echo "server=$1 $line" | tee -a "$OUT/latency.txt" >&2
}

# ---------------------------------------------------------------- 1. the app
log "starting the app"
node "$ROOT/dist/main/cli.cjs" serve --data-dir "$DATA" --port 0 --token bench-token-000000 --log-level warn --no-backups \
  --radius-host 127.0.0.1 --radius-auth-port $AUTH_PORT --radius-acct-port $ACCT_PORT > "$OUT/app.log" 2>&1 &
APP_PID=$!; TARGET_PID=$APP_PID
for _ in $(seq 1 100); do grep -q 'RADIUS 127.0.0.1' "$OUT/app.log" && break; kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
grep -q 'RADIUS 127.0.0.1' "$OUT/app.log" || { echo "the app did not start; see $OUT/app.log" >&2; exit 1; }

for r in $(seq 1 "$RUNS"); do
  for p in $PARS; do
    measure auth "$p" "$r" "$N" $AUTH_PORT auth "$REQ/auth.txt"
    measure acct-durable "$p" "$r" "$N" $ACCT_PORT acct "$REQ/acct-p$p-r$r.txt"
  done
done
timeout 60 $PY "$WORK/anchor/latency_probe.py" auth --port $AUTH_PORT --count 1000 --tag lat | sed 's/^/server=app /' | tee -a "$OUT/latency.txt" >&2
timeout 60 $PY "$WORK/anchor/latency_probe.py" acct --port $ACCT_PORT --count 1000 --tag applat | sed 's/^/server=app /' | tee -a "$OUT/latency.txt" >&2
for inflight in 1 50; do
  load app auth $AUTH_PORT "$inflight" x
  load app acct $ACCT_PORT "$inflight" "appload$inflight"
done
kill -TERM "$APP_PID"; wait "$APP_PID"; log "app stopped (exit $?)"; APP_PID=""

# ---------------------------------------------------------------- 2. FreeRADIUS, same latency loads
log "starting FreeRADIUS for the latency comparison"
FRCONF=$WORK/fr-conf; FRSTATE=$WORK/fr-state
(cd "$WORK/anchor" && RECV_BUFF=1048576 CONF=$FRCONF STATE=$FRSTATE ./setup-freeradius-conf.sh >/dev/null) || exit 1
freeradius -f -d "$FRCONF" -l stdout > "$OUT/freeradius.log" 2>&1 &
FR_PID=$!
for _ in $(seq 1 100); do grep -q 'Ready to process requests' "$OUT/freeradius.log" && break; sleep 0.1; done
for inflight in 1 50; do
  load freeradius auth 18120 "$inflight" x
  load freeradius-sqlite-wal acct 18132 "$inflight" "frload$inflight"
done
kill "$FR_PID"; wait "$FR_PID" 2>/dev/null; FR_PID=""

# ---------------------------------------------------------------- 3. the anchor
log "running the FreeRADIUS anchor (RUNS=$RUNS)"
(cd "$WORK/anchor" && RUNS=$RUNS ./run-freeradius-anchor.sh) > "$OUT/anchor.txt" 2>"$OUT/anchor.log" || log "anchor exited non-zero (see anchor.log)"
cp "$WORK"/anchor/results/*/runs.tsv "$OUT/anchor-runs.tsv" 2>/dev/null

# ---------------------------------------------------------------- 4. the table
$PY "$ROOT/bench/summarize_radius.py" "$TSV" "$OUT/anchor-runs.tsv" "$OUT/latency.txt" | tee "$OUT/summary.md"
log "results in $OUT"
