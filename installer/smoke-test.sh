#!/usr/bin/env bash
# Smoke test of the built .deb (run by .ci/run after `./mvnw -B -Pinstaller package -DskipTests`):
#   installer/smoke-test.sh [package.deb]
# Unpacks the package into a scratch root (dpkg-deb -x, nothing is installed) and, with a PATH that has no java and
# JAVA_HOME unset, runs the packaged `qodex --version`, a sign-up on the embedded database, the desktop launcher until
# its sign-in form is usable (needs DISPLAY), and checks the layout: the Linux Playwright driver, the completion
# script, the postinst that links /usr/bin/qodex, and that the class-data-sharing archives map at /opt/qodex-operator.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
deb=${1:-$(ls "$here"/target/qodex-operator_*.deb 2>/dev/null | head -n1)}
started=$(date +%s)

fail() {
  echo "SMOKE TEST FAILED: $*" >&2
  exit 1
}
[ -f "$deb" ] || fail "no package: build it with ./mvnw -B -Pinstaller package -DskipTests"
[ -n "${DISPLAY:-}" ] || fail "DISPLAY is not set: the desktop launcher needs a display (Xvfb)"

scratch=$(mktemp -d)
app=$scratch/root/opt/qodex-operator
cleanup() {
  if [ -x "$app/bin/qodex" ]; then
    env -u JAVA_HOME PATH="$scratch/bin" QODEX_HOME="$scratch/home" "$app/bin/qodex" db stop >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
echo "smoke test: $deb ($(du -m "$deb" | cut -f1) MB)"
dpkg-deb -x "$deb" "$scratch/root"
dpkg-deb -e "$deb" "$scratch/control"

# the layout
[ -x "$app/bin/qodex" ] && [ -x "$app/bin/qodex-operator" ] || fail "the launchers bin/qodex and bin/qodex-operator are missing"
[ -x "$app/lib/runtime/bin/java" ] || fail "the bundled runtime is missing"
ls "$app"/lib/app/lib/driver-bundle-*.jar >/dev/null 2>&1 && fail "the all-platform Playwright driver-bundle jar was packaged"
"$app/lib/app/playwright-driver/node" --version >/dev/null || fail "the packaged Playwright driver's node does not run"
[ -f "$app/lib/app/playwright-driver/package/cli.js" ] || fail "the packaged Playwright driver has no package/cli.js"
grep -q 'playwright.cli.dir=$APPDIR/playwright-driver' "$app/lib/app/qodex.cfg" || fail "qodex.cfg does not point Playwright at the driver"
bash -c "source '$app/lib/app/completion/qodex' && complete -p qodex" >/dev/null || fail "the bash completion script does not load"
grep -q 'ln -sf /opt/qodex-operator/bin/qodex /usr/bin/qodex' "$scratch/control/postinst" || fail "postinst does not link /usr/bin/qodex"
grep -q 'Exec=/opt/qodex-operator/bin/qodex-operator' "$app/lib/qodex-operator-qodex-operator.desktop" \
  || fail "the desktop entry does not start bin/qodex-operator"
for launcher in qodex qodex-operator; do
  [ -f "$app/lib/app/$launcher.jsa" ] || fail "the class-data-sharing archive $launcher.jsa is missing"
done

# a PATH without java: every command of /usr/bin and /bin except the ones of an installed JDK
mkdir -p "$scratch/bin" "$scratch/home"
for command in /usr/bin/* /bin/*; do
  case "$(readlink -f "$command")" in /usr/lib/jvm/*) continue ;; esac
  [ -e "$scratch/bin/$(basename "$command")" ] || ln -s "$command" "$scratch/bin/$(basename "$command")"
done
run() {
  env -u JAVA_HOME -u JDK_HOME -u JAVA_TOOL_OPTIONS -u _JAVA_OPTIONS -u QODEX_DB_URL -u QODEX_EMAIL \
    PATH="$scratch/bin:/usr/sbin:/sbin" QODEX_HOME="$scratch/home" "$@"
}
run bash -c '! command -v java >/dev/null' || fail "java is still on the PATH of the test"

version=$(run "$app/bin/qodex" --version 2>&1) || fail "qodex --version failed: $version"
[[ "$version" =~ ^Qodex\ Operator\ [0-9][^\ ]*\ \(commit\ [0-9a-f]+\)$ ]] || fail "qodex --version printed: $version"
echo "smoke test: $version"

signup=$(run env QODEX_PASSWORD="Packaged-$RANDOM-Check-$RANDOM" "$app/bin/qodex" signup --email smoke@example.com 2>&1) \
  || fail "qodex signup on the embedded database failed: $signup"
grep -q 'Signed up smoke@example.com' <<<"$signup" || fail "qodex signup printed: $signup"
echo "smoke test: sign-up on the embedded database: ok"

report=$scratch/startup.txt
run env QODEX_STARTUP_REPORT="$report" QODEX_EXIT_WHEN_READY=1 timeout 180 "$app/bin/qodex-operator" \
  >"$scratch/desktop.log" 2>&1 || { cat "$scratch/desktop.log" >&2; fail "the desktop launcher did not start and close"; }
grep -q '^sign-in-usable-ms=' "$report" 2>/dev/null \
  || { cat "$scratch/desktop.log" >&2; fail "the desktop launcher never showed a usable sign-in form"; }
echo "smoke test: desktop window: $(tr '\n' ' ' <"$report")"

# The archives were made for the installed path: mounted there (a private mount namespace), they must map.
# a mount namespace as root; else (or where a container withholds that) one inside a user namespace
namespace=(unshare --mount --propagation private)
"${namespace[@]}" true 2>/dev/null || namespace=(unshare --user --map-root-user --mount --propagation private)
mapped=$("${namespace[@]}" bash -c 'mount -t tmpfs tmpfs /opt && mkdir /opt/qodex-operator &&
  mount --bind "$1" /opt/qodex-operator &&
  JAVA_TOOL_OPTIONS="-Xshare:on" QODEX_HOME="$2" /opt/qodex-operator/bin/qodex --version' smoke "$app" "$scratch/home" 2>&1) \
  || fail "the class-data-sharing archive does not map at /opt/qodex-operator: $mapped"

echo "smoke test: OK in $(( $(date +%s) - started )) s"
