#!/usr/bin/env bash
# radius.sh — the app's RADIUS server vs FreeRADIUS 3 (Debian) on this machine, in one run, under the same
# load from udpload (../shared/bench/udpload: a closed-loop C client that encodes its own packets and costs
# less CPU per request than either server). Loopback only; every load bounded in count and time.
#
#   bench/radius.sh                      # ~2-3 minutes on 2 cores (RUNS=3, N=20000)
#   RUNS=1 N=2000 bench/radius.sh        # smoke check, ~30 s
#   ANCHOR=1 bench/radius.sh             # also FreeRADIUS's radclient anchor (~4-5 minutes more, see 4.)
#
# Both servers run for the whole section; every cell is measured on the app, then on FreeRADIUS, run after
# run, so the drift of a shared machine falls on both alike.
#   app         node dist/main/cli.cjs serve on 127.0.0.1:18220 (auth) / 18230 (acct), seeded like the anchor
#               config (bench/seed-radius.ts: router 127.0.0.1, users user0001..user1000 / pass0001..pass1000).
#               Accounting is durable: SQLite WAL, answered after the fdatasync of the WAL that covers it (group commit).
#   FreeRADIUS  the anchor config (../shared/bench/freeradius/setup-freeradius-conf.sh, recv_buff 1 MiB):
#               auth on 18120 (files module, the same 1,000 users), accounting on 18132 → SQLite WAL (rlm_sql,
#               synchronous=FULL, one commit per report).
# What is measured (server CPU: utime+stime of the server's PID, every thread, from /proc/PID/stat over the
# udpload run, divided by the requests sent):
#   1. Access-Request PAP: udpload auth N at 32 and 256 in flight, RUNS runs: req/s, server CPU per request.
#   2. Accounting Start / Interim x3 / Stop (a new Acct-Session-Id tag per run): the same at 32 and 256;
#      the app gets N reports a run, FreeRADIUS → SQLite N_SQL (it is ~5x slower; per-report figures).
#   3. Auth latency, RUNS runs: udpload auth at 1 in flight (LAT1_N) and at 50 (LAT_N), alone; then at 50 while a
#      second udpload sends accounting at 32 in flight (flat out), and again with it at 1 in flight (one report at a
#      time, about the same stream for both servers), sized to outlast the auth run (checked: overlap=yes).
#   4. ANCHOR=1: ../shared/bench/freeradius/run-freeradius-anchor.sh (radclient) after the servers stop:
#      FreeRADIUS's figures as ../shared/bench/README.md gives them (a calibration of this machine today),
#      plus accounting to a detail file and Disconnect round trips. Off by default: slow, and radclient
#      costs more CPU per request than the server it measures.
#   bench/summarize_radius.py: the issue 17 targets with app/FreeRADIUS ratios, met or not → $OUT/summary.md.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd)}
RUNS=${RUNS:-3}
N=${N:-20000}
N_SQL=${N_SQL:-$(( N / 5 ))}
PARS=${PARS:-"32 256"}
LAT_N=${LAT_N:-$N}
LAT1_N=${LAT1_N:-2000}
# Warm-up before the measured runs, the same for both servers. Access-Requests: 20,000, because 2,000 left
# V8 still compiling the app's hot path (its first measured run went at ~0.7x the later ones; a server that
# has run for hours is what a café has); accounting: WARM_ACCT_N, 2,000 (FreeRADIUS → SQLite takes ~1 s for them).
WARM_N=${WARM_N:-20000}
WARM_ACCT_N=${WARM_ACCT_N:-2000}
TIMEOUT_MS=${TIMEOUT_MS:-5000}
ANCHOR=${ANCHOR:-0}
SECRET=testing123
OUT=${OUT:-$ROOT/bench/results/radius-$(date +%Y%m%d-%H%M%S)}
WORK=$(mktemp -d /tmp/iwas-bench-radius.XXXXXX)
RUNS_TXT=$OUT/runs.txt
HZ=$(getconf CLK_TCK)
UDPLOAD=$WORK/udpload
declare -A PID=([app]="" [freeradius]="")
declare -A AUTH_PORT=([app]=18220 [freeradius]=18120)
declare -A ACCT_PORT=([app]=18230 [freeradius]=18132)
BG_PID=""
T0=$(date +%s)

log() { echo "[$(( $(date +%s) - T0 ))s] $*" >&2; }
die() { echo "radius.sh: $*" >&2; exit 1; }
stop() {   # PID — SIGTERM to a process this script started, then reap it; returns its exit status
  [ -n "$1" ] && kill "$1" 2>/dev/null || return 0
  wait "$1" 2>/dev/null
}
cleanup() {
  stop "$BG_PID"; stop "${PID[app]}"; stop "${PID[freeradius]}"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 0. tools, the app, FreeRADIUS
[ -f "$SHARED/udpload/udpload.c" ] && [ -f "$SHARED/freeradius/setup-freeradius-conf.sh" ] || die "../shared/bench (udpload/, freeradius/) not found beside the project"
pkgs=()
for c in freeradius radclient sqlite3; do command -v "$c" >/dev/null || pkgs+=(freeradius freeradius-utils sqlite3); done
{ command -v cc >/dev/null && [ -f /usr/include/openssl/md5.h ]; } || pkgs+=(gcc libc6-dev libssl-dev)
[ "$ANCHOR" = 1 ] && ! /usr/bin/python3 -c 'import pyrad' 2>/dev/null && pkgs+=(python3-pyrad)
if [ ${#pkgs[@]} -gt 0 ]; then
  log "installing ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { timeout 600 apt-get install -y -qq "${pkgs[@]}" >/dev/null 2>&1 \
    || { timeout 300 apt-get update -qq && timeout 600 apt-get install -y -qq "${pkgs[@]}" >/dev/null; }; } || die "could not install ${pkgs[*]}"
fi
# The Debian package starts a system freeradius on 1812/1813; the benchmark ports are separate, but stop it to free the CPU.
systemctl stop freeradius 2>/dev/null || true
for p in 18120 18125 18130 18131 18132 "${AUTH_PORT[app]}" "${ACCT_PORT[app]}"; do
  ss -Hlun "sport = :$p" | grep -q . && die "UDP port $p is already in use on this machine"
done

mkdir -p "$OUT"
: > "$RUNS_TXT"
cp -r "$SHARED/freeradius" "$WORK/anchor"
chmod -R u+w "$WORK/anchor"
cc -O2 -Wno-deprecated-declarations -o "$UDPLOAD" "$SHARED/udpload/udpload.c" -lcrypto || die "could not build udpload"

log "building the app and seeding its data directory"
(cd "$ROOT" && node scripts/build.mjs --quiet) || die "the build failed"
DATA=$WORK/app-data
(cd "$ROOT" && node --import tsx bench/seed-radius.ts "$DATA") >&2 || die "seeding failed"

log "starting the app and FreeRADIUS"
node "$ROOT/dist/main/cli.cjs" serve --data-dir "$DATA" --port 0 --token bench-token-000000 --log-level warn --no-backups \
  --radius-host 127.0.0.1 --radius-auth-port "${AUTH_PORT[app]}" --radius-acct-port "${ACCT_PORT[app]}" \
  --webhook-host 127.0.0.1 --webhook-port 0 > "$OUT/app.log" 2>&1 &
PID[app]=$!
(cd "$WORK/anchor" && RECV_BUFF=1048576 CONF=$WORK/fr-conf STATE=$WORK/fr-state ./setup-freeradius-conf.sh >/dev/null) || die "setup-freeradius-conf.sh failed"
freeradius -f -d "$WORK/fr-conf" -l stdout > "$OUT/freeradius.log" 2>&1 &
PID[freeradius]=$!
for _ in $(seq 1 150); do
  grep -q 'RADIUS 127.0.0.1' "$OUT/app.log" && grep -q 'Ready to process requests' "$OUT/freeradius.log" && break
  kill -0 "${PID[app]}" 2>/dev/null && kill -0 "${PID[freeradius]}" 2>/dev/null || break
  sleep 0.1
done
grep -q 'RADIUS 127.0.0.1' "$OUT/app.log" || die "the app did not start; see $OUT/app.log"
grep -q 'Ready to process requests' "$OUT/freeradius.log" || die "FreeRADIUS did not start; see $OUT/freeradius.log"
for s in app freeradius; do   # udpload does not look at reply codes: make sure both servers accept these users
  printf 'User-Name = "user0001", User-Password = "pass0001"\n' \
    | timeout 10 radclient -x -c 1 -r 1 -t 2 "127.0.0.1:${AUTH_PORT[$s]}" auth "$SECRET" 2>&1 | grep -q 'Access-Accept' \
    || die "$s does not answer user0001 with Access-Accept"
done

ticks() {   # SERVER — its CPU so far (utime+stime, clock ticks, every thread)
  kill -0 "${PID[$1]}" 2>/dev/null || die "$1 is no longer running; see $OUT/$1.log"
  awk '{print $14+$15}' "/proc/${PID[$1]}/stat"
}
udp_drops() { awk '/^Udp:/{n++; if (n==2) print $6}' /proc/net/snmp; }   # RcvbufErrors, whole machine
kv()        { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p"; }

# drive PHASE SERVER KIND INFLIGHT RUN COUNT TAG — one udpload run and the server's CPU over it; one line in runs.txt
drive() {
  local phase=$1 srv=$2 kind=$3 p=$4 run=$5 n=$6 tag=$7 port line c0 c1 d0 d1 warm=0
  [ "$phase" = latency ] && warm=500
  if [ "$kind" = auth ]; then port=${AUTH_PORT[$srv]}; else port=${ACCT_PORT[$srv]}; fi
  c0=$(ticks "$srv") || exit 1; d0=$(udp_drops)
  line=$(timeout 330 "$UDPLOAD" "$kind" "$port" "$n" "$p" "$tag" "$TIMEOUT_MS" "$warm")
  c1=$(ticks "$srv") || exit 1; d1=$(udp_drops)
  [ -n "$line" ] || die "udpload $kind against $srv gave no result"
  line="phase=$phase server=$srv run=$run sent=$(( n + warm )) $line server_cpu_us=$(( (c1 - c0) * 1000000 / HZ )) udp_drops=$(( d1 - d0 ))"
  echo "$line" >> "$RUNS_TXT"
  log "$srv $kind p=$p run=$run: $(echo "$line" | kv rps) req/s, p99 $(echo "$line" | kv p99_us) µs, lost $(echo "$line" | kv lost), server CPU $(( (c1 - c0) * 1000000 / HZ / (n + warm) )) µs/req"
}

# median PHASE SERVER KIND INFLIGHT FIELD — the median of FIELD over the matching lines of runs.txt
median() {
  grep "^phase=$1 server=$2 " "$RUNS_TXT" | grep " kind=$3 inflight=$4 " | kv "$5" | sort -n \
    | awk '{v[NR]=$1} END{if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2); else print 0}'
}

# with_accounting SERVER RUN ACCT_INFLIGHT — auth LAT_N at 50 in flight while udpload sends accounting alongside:
#   32 in flight: flat out (the app, answering reports ~10x faster, commits ~10x more of them than FreeRADIUS meanwhile);
#   1 in flight: one report at a time, as one router sends them, so both servers get about the same stream.
with_accounting() {
  local srv=$1 run=$2 p=$3 auth acct n line overlap=yes bg phase=with-acct
  auth=$(median throughput "$srv" auth 32 rps); acct=$(median throughput "$srv" acct 32 rps)
  # Four times as long as the auth run alone would take at these rates (at 1 in flight: ~1,500 reports/s at most); bounded.
  [ "$p" = 1 ] && { acct=1500; phase=with-acct1; }
  n=$(awk -v a="$auth" -v c="$acct" -v l="$LAT_N" 'BEGIN{n = a > 0 ? 4 * l * c / a : l; n = n < 1000 ? 1000 : n > 200000 ? 200000 : n; print int(n / 5 + 1) * 5}')
  bg=$WORK/bg-$srv.txt
  timeout 330 "$UDPLOAD" acct "${ACCT_PORT[$srv]}" "$n" "$p" "bg$p-$srv-r$run" "$TIMEOUT_MS" > "$bg" 2>&1 &
  BG_PID=$!
  sleep 0.3
  line=$(timeout 330 "$UDPLOAD" auth "${AUTH_PORT[$srv]}" "$LAT_N" 50 x "$TIMEOUT_MS" 500)
  kill -0 "$BG_PID" 2>/dev/null || overlap=no
  wait "$BG_PID"; BG_PID=""
  [ -n "$line" ] || die "udpload auth against $srv (with accounting) gave no result"
  line="phase=$phase server=$srv run=$run $line acct_inflight=$p acct_sent=$n acct_count=$(kv count < "$bg") acct_lost=$(kv lost < "$bg") acct_rps=$(kv rps < "$bg") overlap=$overlap"
  echo "$line" >> "$RUNS_TXT"
  log "$srv auth p=50 run=$run with accounting alongside at $p in flight ($(kv acct_rps <<< "$line") reports/s, overlap=$overlap): p99 $(kv p99_us <<< "$line") µs"
}

# ---------------------------------------------------------------- 1-2. throughput and CPU
log "warming up both servers ($WARM_N auth, $WARM_ACCT_N accounting each)"
for s in app freeradius; do
  drive warmup "$s" auth 32 0 "$WARM_N" x
  drive warmup "$s" acct 32 0 "$WARM_ACCT_N" "warm-$s"
done
for r in $(seq 1 "$RUNS"); do
  for p in $PARS; do
    for s in app freeradius; do drive throughput "$s" auth "$p" "$r" "$N" x; done
  done
  for p in $PARS; do
    drive throughput app acct "$p" "$r" "$N" "app-p$p-r$r"
    drive throughput freeradius acct "$p" "$r" "$N_SQL" "fr-p$p-r$r"
  done
done

# ---------------------------------------------------------------- 3. latency
for r in $(seq 1 "$RUNS"); do
  for s in app freeradius; do
    drive latency "$s" auth 1 "$r" "$LAT1_N" x
    drive latency "$s" auth 50 "$r" "$LAT_N" x
  done
  for s in app freeradius; do with_accounting "$s" "$r" 32; done
  for s in app freeradius; do with_accounting "$s" "$r" 1; done
done

stop "${PID[app]}"; rc=$?; PID[app]=""
[ "$rc" = 0 ] || log "the app exited $rc on SIGTERM (see $OUT/app.log)"
stop "${PID[freeradius]}"; PID[freeradius]=""
# Accounting sessions sent to SERVER (udpload acct: COUNT/5 sessions, Start / Interim x3 / Stop each).
acct_sessions() {
  awk -v s="server=$1" '$0 ~ " " s " " {for (i = 1; i <= NF; i++) {split($i, a, "="); if ((a[1] == "sent" && $0 ~ / kind=acct /) || a[1] == "acct_sent") n += int((a[2] + 4) / 5)}} END{print n + 0}' "$RUNS_TXT"
}
{
  echo "app: $(sqlite3 "$DATA/iwas.sqlite" "SELECT count(*) || ' connections recorded, ' || ifnull(sum(ended_at IS NULL), 0) || ' still open' FROM connections") ($(acct_sessions app) sessions sent)"
  echo "FreeRADIUS → SQLite WAL: $(sqlite3 "$WORK/fr-state/radacct-wal.sqlite" "SELECT count(*) || ' radacct rows, ' || ifnull(sum(acctstoptime IS NULL), 0) || ' still open' FROM radacct") ($(acct_sessions freeradius) sessions sent)"
  echo "UDP receive-buffer drops over the section (whole machine): $(awk '/ udp_drops=/{for(i=1;i<=NF;i++) if ($i ~ /^udp_drops=/) {split($i,a,"="); s+=a[2]}} END{print s+0}' "$RUNS_TXT")"
  grep -E ' ERROR |uncaught|unhandled' "$OUT/app.log" | head -3 | sed 's/^/app log: /'
} > "$OUT/sanity.txt"

# ---------------------------------------------------------------- 4. the radclient anchor (optional)
if [ "$ANCHOR" = 1 ]; then
  log "running the FreeRADIUS anchor (RUNS=$RUNS, radclient)"
  (cd "$WORK/anchor" && RUNS=$RUNS ./run-freeradius-anchor.sh) > "$OUT/anchor.txt" 2>"$OUT/anchor.log" || log "anchor exited non-zero (see anchor.log)"
  cp "$WORK"/anchor/results/*/runs.tsv "$OUT/anchor-runs.tsv" 2>/dev/null
fi

# ---------------------------------------------------------------- the table
python3 "$ROOT/bench/summarize_radius.py" "$OUT" | tee "$OUT/summary.md"
log "results in $OUT"
