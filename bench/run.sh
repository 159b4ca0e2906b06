#!/usr/bin/env bash
# npm run bench [-- section ...] — every benchmark, or the named sections, one after another
# (never in parallel: they share the machine's two cores). Results: bench/results/<section>-<time>/.
#   sections: radius webhook ui
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(radius webhook ui)
status=0
for s in "${sections[@]}"; do
  case "$s" in
    radius) "$HERE/radius.sh" || status=1 ;;
    webhook) "$HERE/webhook.sh" || status=1 ;;
    ui) "$HERE/ui.sh" || status=1 ;;
    *) echo "bench: unknown section '$s' (known: radius webhook ui)" >&2; exit 2 ;;
  esac
done
exit $status
