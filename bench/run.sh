#!/usr/bin/env bash
# npm run bench [-- section ...] — every benchmark, or the named sections, one after another
# (never in parallel: they share the machine's two cores), then one table of the DESIGN.md
# section 10 targets with the ratios (bench/summarize_all.py).
#   sections: radius webhook ui startup cards payments eventloop
# Results: bench/results/run-<time>/<section>/ and bench/results/run-<time>/summary.md.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(radius webhook ui startup cards payments eventloop)
RUN=${RUN:-$HERE/results/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RUN"
status=0
for s in "${sections[@]}"; do
  case "$s" in
    radius|webhook|ui|startup|cards|payments|eventloop) OUT="$RUN/$s" "$HERE/$s.sh" || { echo "bench: $s failed" >&2; status=1; } ;;
    *) echo "bench: unknown section '$s' (known: radius webhook ui startup cards payments eventloop)" >&2; exit 2 ;;
  esac
done
echo
python3 "$HERE/summarize_all.py" "$RUN" | tee "$RUN/summary.md"
echo "results in $RUN"
exit $status
