#!/usr/bin/env bash
# Runs the suite with the machine's clock set to other dates (Debian's faketime), to show that no
# test depends on today's date (issue 19). Each date runs the jest suite on its own; the build,
# typecheck and lint steps of `npm test` do not read the clock and run once, before.
#
#   bash scripts/test-on-dates.sh                       # the sample below: every holiday of 2026 and 2027
#   bash scripts/test-on-dates.sh 2027-02-05 2027-10-01 # chosen dates (10:00 UTC each)
#   JEST_ARGS='test/workflow test/api' bash scripts/test-on-dates.sh 2026-12-31
#
# Exits non-zero if any date fails; prints one line per date.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is not installed: apt-get install faketime" >&2; exit 2; }
export PATH="$PWD/node_modules/.bin:$PATH"

# Around each holiday of 2026 (official calendar) and 2027 (fallback, or a loaded year): the day
# before, the holiday, a 调休 working weekend day, and the turn of each year.
DEFAULT_DATES=(
  2026-01-01 2026-01-04 2026-02-13 2026-02-20 2026-02-28 2026-04-03 2026-04-06 2026-04-30
  2026-05-09 2026-06-19 2026-09-20 2026-09-25 2026-10-01 2026-10-10 2026-12-03 2026-12-31
  2027-01-01 2027-02-05 2027-02-10 2027-04-05 2027-05-01 2027-06-09 2027-09-15 2027-10-01
  2027-10-08 2027-12-31
)
dates=("$@")
[ ${#dates[@]} -eq 0 ] && dates=("${DEFAULT_DATES[@]}")

npm run build:web -- --if-stale >/dev/null
failed=0
for d in "${dates[@]}"; do
  log="/tmp/minyi-test-on-$d.log"
  start=$(date +%s)
  # shellcheck disable=SC2086 # JEST_ARGS is a list of paths
  if faketime "$d 10:00:00" npx jest ${JEST_ARGS:-} >"$log" 2>&1; then verdict=passed; else verdict=FAILED; failed=1; fi
  summary=$(grep -E '^Tests:' "$log" | tail -1)
  echo "$d: $verdict in $(( $(date +%s) - start )) s ($summary) log: $log"
done
exit $failed
