#!/usr/bin/env bash
# Creates the class-data-sharing archives (AppCDS, JDK 17 dynamic archives) of both launchers by running them once:
#   train-archives.sh <app image, mounted at its install path /opt/qodex-operator>
# The CLI signs up on a new embedded database (picocli, logging, Flyway, JDBC, crypto: what most commands load); the
# desktop app starts until its sign-in form is usable, then closes itself (QODEX_EXIT_WHEN_READY). Needs a display
# (DISPLAY). Called by build-package.sh inside a private mount namespace; see docs/decisions/0027.
set -euo pipefail

app=${1:?usage: train-archives.sh <app image at its install path>}
home=$(mktemp -d)
export QODEX_HOME=$home/home
export QODEX_PASSWORD=training-Passw0rd-$RANDOM$RANDOM
unset QODEX_DB_URL QODEX_EMAIL JAVA_TOOL_OPTIONS

stop_database() {
  "$app/bin/qodex" db stop >/dev/null 2>&1 || true
}
trap 'stop_database; rm -rf "$home"' EXIT

JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$app/lib/app/qodex.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
  "$app/bin/qodex" signup --email packaging@example.com >"$home/cli.log" 2>&1 \
  || { cat "$home/cli.log" >&2; echo "train-archives: the CLI sign-up failed" >&2; exit 1; }

JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$app/lib/app/qodex-operator.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
  QODEX_STARTUP_REPORT="$home/startup.txt" QODEX_EXIT_WHEN_READY=1 \
  timeout 180 "$app/bin/qodex-operator" >"$home/desktop.log" 2>&1 \
  || { cat "$home/desktop.log" >&2; echo "train-archives: the desktop app did not start and close" >&2; exit 1; }
grep -q '^sign-in-usable-ms=' "$home/startup.txt" 2>/dev/null \
  || { cat "$home/desktop.log" >&2; echo "train-archives: the desktop app never showed a usable sign-in form" >&2; exit 1; }

ls -l "$app/lib/app/qodex.jsa" "$app/lib/app/qodex-operator.jsa"
