#!/usr/bin/env bash
# Start-up of the installed package with and without its class-data-sharing archives (docs/benchmarks.md):
#   installer/bench-startup.sh <runs> <installed app dir> <the same package unpacked elsewhere>
# e.g. installer/bench-startup.sh 7 /opt/qodex-operator /tmp/scratch/opt/qodex-operator
# The archives map only at the installed path (docs/decisions/0027), so the unpacked copy runs without them. Runs
# alternate between the two. Needs DISPLAY; uses its own QODEX_HOME with an embedded database made by a sign-up.
set -euo pipefail

runs=${1:?runs}
with=${2:?installed app dir}
without=${3:?unpacked app dir}
[ -n "${DISPLAY:-}" ] || { echo "DISPLAY is not set" >&2; exit 1; }
work=$(mktemp -d)
export QODEX_HOME=$work/home
trap '"$with/bin/qodex" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
QODEX_PASSWORD="Startup-$RANDOM-Secret-$RANDOM" "$with/bin/qodex" signup --email bench@example.com >/dev/null
"$with/bin/qodex" db stop >/dev/null

median() {
  sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

for i in $(seq 1 "$runs"); do
  for variant in with without; do
    dir=${!variant}
    # the desktop app, database stopped (it starts it), until its sign-in form is usable; then it closes itself
    rm -f "$work/report"
    /usr/bin/time -o "$work/time" -f "%e %U %S" env QODEX_STARTUP_REPORT="$work/report" QODEX_EXIT_WHEN_READY=1 \
      "$dir/bin/qodex-operator" >/dev/null 2>&1
    grep '^window-painted-ms=' "$work/report" | cut -d= -f2 >>"$work/$variant.window"
    grep '^sign-in-usable-ms=' "$work/report" | cut -d= -f2 >>"$work/$variant.signin"
    # the CLI
    /usr/bin/time -o "$work/time" -f "%e %U %S" "$dir/bin/qodex" --version >/dev/null
    awk '{print $1 * 1000}' "$work/time" >>"$work/$variant.version"
    awk '{print ($2 + $3) * 1000}' "$work/time" >>"$work/$variant.version-cpu"
  done
done

echo "median of $runs runs (ms): with archive | without"
for measure in window signin version version-cpu; do
  printf '%-12s %6s | %6s\n' "$measure" "$(median <"$work/with.$measure")" "$(median <"$work/without.$measure")"
done
