#!/usr/bin/env bash
# Builds the Linux app image and the .deb of Qodex Operator with jlink and jpackage (see README.md in this folder).
# Run by `./mvnw -B -Pinstaller package -DskipTests` at the repository root (after the app module is packaged):
#   installer/build-package.sh <project version>
# Output: installer/target/qodex-operator_<v>-1_amd64.deb and, as it installs, installer/target/package-root/ (the
# app image with its class-data-sharing archives is package-root/opt/qodex-operator).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
pom_version=${1:?usage: build-package.sh <project version>}
version=${pom_version%-SNAPSHOT} # jpackage and dpkg want a numeric version
jdk=${QODEX_PACKAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
app_target=$root/app/target
out=$here/target
work=$out/work
image_parent=$out/app-image
image=$image_parent/qodex-operator
package_root=$out/package-root
install_dir=/opt/qodex-operator
name=qodex-operator

fail() {
  echo "build-package: $*" >&2
  exit 1
}
step() {
  echo "build-package: $* ($(date +%T))"
}

[ -x "$jdk/bin/jpackage" ] && [ -x "$jdk/bin/jlink" ] && [ -d "$jdk/jmods" ] \
  || fail "$jdk has no jpackage, jlink or jmods (set QODEX_PACKAGE_JDK to a full JDK 17)"
[ -f "$app_target/qodex.jar" ] && [ -d "$app_target/lib" ] || fail "app/target/qodex.jar is missing: package the app module first"
command -v unzip >/dev/null || fail "unzip is needed"

# jlink and jpackage refuse an output folder that exists
rm -rf "$work" "$image_parent" "$package_root" "$out"/*.deb
mkdir -p "$work/input/lib" "$image_parent"

step "Application jars"
cp "$app_target/qodex.jar" "$work/input/"
for jar in "$app_target"/lib/*.jar; do
  case "$(basename "$jar")" in
    # JavaFX is linked into the runtime as modules; the Playwright driver is unpacked for Linux below instead of the
    # 202 MB bundle holding Node.js for five platforms.
    javafx-*.jar | driver-bundle-*.jar) ;;
    *) cp "$jar" "$work/input/lib/" ;;
  esac
done

# stored, not deflated: the .deb's xz compresses the class files far better than each jar's deflate
"$jdk/bin/java" "$here/linux/StoreJars.java" "$work/input/lib"
"$jdk/bin/java" "$here/linux/StoreJars.java" "$work/input"

step "Runtime (jlink, JDK $("$jdk/bin/java" -version 2>&1 | head -n1 | cut -d'"' -f2) + JavaFX)"
fx_jars=$(find "$app_target/lib" -name 'javafx-*-linux.jar' | sort | tr '\n' ':')
[ -n "$fx_jars" ] || fail "no JavaFX Linux jars in app/target/lib"
modules=java.se,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.net
modules+=,jdk.naming.dns,jdk.security.auth,jdk.security.jgss,jdk.management,jdk.xml.dom,jdk.jsobject
modules+=,javafx.base,javafx.graphics,javafx.controls,javafx.swing
# --compress=0: the .deb's xz packs the uncompressed modules to 18 MB, the zip-compressed ones only to 40 MB
"$jdk/bin/jlink" --module-path "$jdk/jmods:$fx_jars" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=0 --generate-cds-archive \
  --output "$work/runtime"
# JavaFX loads its native libraries from the runtime's lib folder; jpackage then derives the .deb's dependencies
# (libgtk-3-0 …) from them.
for jar in $(echo "$fx_jars" | tr ':' ' '); do
  unzip -q -o -j "$jar" '*.so' -d "$work/runtime/lib" 2>/dev/null || true
done
ls "$work/runtime/lib/libglass.so" >/dev/null || fail "the JavaFX native libraries were not copied into the runtime"

step "Playwright driver for Linux"
bundle=$(find "$app_target/lib" -name 'driver-bundle-*.jar' | head -n1)
driver_jar=$(find "$app_target/lib" -name 'driver-[0-9]*.jar' | head -n1)
[ -n "$bundle" ] && [ -n "$driver_jar" ] || fail "the Playwright driver jars are not in app/target/lib"
driver=$work/input/playwright-driver
mkdir -p "$driver"
unzip -q "$bundle" 'driver/linux/*' -d "$work/driver-unpack"
unzip -q "$driver_jar" 'driver/package/*' -d "$work/driver-unpack"
mv "$work/driver-unpack/driver/linux/"* "$driver/"
mv "$work/driver-unpack/driver/package" "$driver/package"
rm -rf "$work/driver-unpack"
chmod 755 "$driver/node"
[ -f "$driver/package/cli.js" ] || fail "the Playwright driver has no package/cli.js"

step "App image (jpackage)"
"$jdk/bin/jpackage" --type app-image --dest "$image_parent" --name "$name" --app-version "$version" \
  --vendor "Qodex" --description "Qodex Operator: run your Qodex projects from the desktop or the command line." \
  --input "$work/input" --main-jar qodex.jar --main-class io.qodex.app.Launcher \
  --runtime-image "$work/runtime" --icon "$here/linux/$name.png" \
  --java-options "$(cat "$here/linux/desktop.java-options")" \
  --add-launcher "qodex=$here/linux/qodex.properties"
chmod 755 "$image/lib/app/playwright-driver/node"

step "Bash completion"
completion_home=$(mktemp -d)
mkdir -p "$image/lib/app/completion"
QODEX_HOME=$completion_home "$image/bin/qodex" completion >"$image/lib/app/completion/qodex" \
  || fail "bin/qodex completion failed"
rm -rf "$completion_home"
grep -q 'complete -F _complete_qodex' "$image/lib/app/completion/qodex" || fail "the completion script looks wrong"

step "Debian package (jpackage, fakeroot), uncompressed, then unpacked"
command -v fakeroot >/dev/null || fail "fakeroot is needed for the .deb (apt-get install fakeroot)"
# jpackage copies the image with new file times: the archives are made on the package's own files (below), which
# dpkg installs with the times they have in the package.
DPKG_DEB_COMPRESSOR_TYPE=none "$jdk/bin/jpackage" --type deb --dest "$work/deb" --app-image "$image" --name "$name" \
  --app-version "$version" --vendor "Qodex" \
  --description "Qodex Operator: run your Qodex projects from the desktop or the command line." \
  --icon "$here/linux/$name.png" --install-dir /opt --resource-dir "$here/linux/resources" \
  --linux-package-name "$name" --linux-shortcut --linux-menu-group "Development" --linux-app-category devel \
  --linux-deb-maintainer "packaging@qodex.io" --copyright "Qodex"
dpkg-deb -R "$work/deb/"*.deb "$package_root"
[ -x "$package_root$install_dir/bin/qodex" ] || fail "the package does not hold $install_dir/bin/qodex"

step "Class-data-sharing archives (each launcher run once at $install_dir)"
# A JDK 17 archive maps only when the class path is exactly the one it was created with (docs/decisions/0027):
# the package's files are mounted at $install_dir in a private mount namespace, so nothing outside this build sees it.
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || fail "the desktop launcher's archive needs a display: set DISPLAY or install xvfb"
  display_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    [ -s "$display_file" ] && break
    sleep 0.1
  done
  [ -s "$display_file" ] || fail "Xvfb did not start"
  export DISPLAY=":$(head -n1 "$display_file")"
  rm -f "$display_file"
fi
# a mount namespace as root; else (or where a container withholds that) one inside a user namespace
namespace=(unshare --mount --propagation private)
"${namespace[@]}" true 2>/dev/null || namespace=(unshare --user --map-root-user --mount --propagation private)
"${namespace[@]}" bash -c 'set -e
  mount -t tmpfs tmpfs "$(dirname "$2")"
  mkdir "$2"
  mount --bind "$1" "$2"
  "$3" "$2"' train "$package_root$install_dir" "$install_dir" "$here/linux/train-archives.sh" \
  || fail "creating the class-data-sharing archives failed (see above)"
# Elsewhere (unpacked with dpkg-deb -x) the archives do not map and JDK 17 would say so on standard output, in the
# middle of a command's output: the cds log is off.
for launcher in "$name" qodex; do
  printf 'java-options=%s\n' "-XX:SharedArchiveFile=\$APPDIR/$launcher.jsa" "-Xlog:cds*=off" \
    >>"$package_root$install_dir/lib/app/$launcher.cfg"
done

step "Debian package (xz)"
deb_name=$(basename "$(ls "$work/deb/"*.deb)")
dpkg-deb --root-owner-group -Zxz -b "$package_root" "$out/$deb_name" >/dev/null
rm -rf "$work/deb"
echo "build-package: $out/$deb_name: $(du -m "$out/$deb_name" | cut -f1) MB; installed $(du -sm "$package_root" | cut -f1) MB"
