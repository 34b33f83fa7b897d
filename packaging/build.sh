#!/usr/bin/env bash
# Builds what harden ships, outside the default Maven build (so `mvn test` stays fast):
#   target/dist/harden-VERSION.tar.gz   bin/harden (launcher) + lib/harden.jar + lib/jvm-options; needs
#                                         Java 17+ on the host
#   target/dist/harden_VERSION_amd64.deb jpackage with a jlink'd runtime (no JDK needed on the host),
#                                         installed in /opt/harden, with /usr/bin/harden linked to it
# Usage: packaging/build.sh [tarball|deb|all]   (default: all)
# The jar records the commit it is built from (harden --version); from sources without Git
# history it says "unknown commit". jpackage needs fakeroot and dpkg-deb, and jlink the JDK's
# jmods: they are installed from Debian's packages when missing (as root).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# a build folder of its own: target/classes, which tests running meanwhile load, is left alone
build="$here/target/package"
what=${1:-all}
log() { printf '[package] %s\n' "$*" >&2; }

java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"; return; fi
  dirname "$(dirname "$(readlink -f "$(command -v javac)")")"
}

build_jar() {
  log "mvn package into target/package (tests skipped: run them with mvn test)"
  (cd "$here" && mvn -q -B -DskipTests -Dharden.build.directory="$build" package)
  version=$(sed -n 's/^git.build.version=//p' "$build/classes/dev/harden/cli/build-commit.properties")
  version=${version:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$here/pom.xml" | head -n 1)}
  mkdir -p "$here/target/dist"
}

tarball() {
  local name="harden-$version" stage="$here/target/dist/stage-tarball"
  rm -rf "$stage" && mkdir -p "$stage/$name/bin" "$stage/$name/lib"
  cp "$build/harden.jar" "$stage/$name/lib/harden.jar"
  install -m 0755 "$here/packaging/tarball/harden" "$stage/$name/bin/harden"
  cp "$here/packaging/jvm-options" "$stage/$name/lib/jvm-options"
  cp "$here/README.md" "$stage/$name/"
  tar -C "$stage" -czf "$here/target/dist/$name.tar.gz" "$name"
  rm -rf "$stage"
  log "ready: target/dist/$name.tar.gz"
}

deb_tools() {
  local missing=() jdk
  jdk=$(java_home)
  command -v fakeroot >/dev/null || missing+=(fakeroot)
  command -v dpkg-deb >/dev/null || missing+=(dpkg-dev)
  command -v jdeps >/dev/null || missing+=(openjdk-17-jdk-headless)
  [ -d "$jdk/jmods" ] || missing+=(openjdk-17-jmods)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

deb() {
  deb_tools
  local jdk work modules app_version
  jdk=$(java_home)
  work="$here/target/jpackage"
  rm -rf "$work" && mkdir -p "$work/input"
  cp "$build/harden.jar" "$work/input/harden.jar"
  # what the jar uses, plus what is only loaded as a service: EC keys, JGit's and MINA's Unsafe use
  modules=$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps "$work/input/harden.jar")
  modules="$modules,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.localedata"
  log "jlink runtime: $modules"
  "$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --include-locales en \
    --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive \
    --output "$work/runtime"
  # java.desktop comes in for java.beans (FreeMarker's bean introspection), with native libraries
  # for windows, fonts, images and sound that a command-line tool never loads: jpackage would make
  # the package depend on X11, ALSA, freetype... Without them it installs on a minimal server.
  local lib
  for lib in libawt_xawt libjawt libfontmanager libjavajpeg libjsound liblcms libsplashscreen; do
    rm -f "$work/runtime/lib/$lib.so"
  done
  # deb versions start with a digit: 0.1.0-SNAPSHOT becomes 0.1.0
  app_version=${version%%-*}
  local java_options=() option
  for option in $(cat "$here/packaging/jvm-options"); do java_options+=(--java-options "$option"); done
  log "jpackage --type deb (version $app_version)"
  rm -f "$here"/target/dist/harden_*.deb
  "$jdk/bin/jpackage" --type deb --name harden --app-version "$app_version" \
    --description "Declarative server hardening: desired state in Git, planned and applied over SSH" \
    --vendor "harden" --linux-package-name harden --linux-deb-maintainer "harden maintainers <harden@localhost>" \
    --linux-app-category admin --install-dir /opt \
    --input "$work/input" --main-jar harden.jar --main-class dev.harden.cli.Main \
    --runtime-image "$work/runtime" --resource-dir "$here/packaging/deb" \
    "${java_options[@]}" \
    --dest "$here/target/dist"
  log "ready: $(ls "$here"/target/dist/harden_*.deb)"
}

build_jar
case "$what" in
  tarball) tarball ;;
  deb) deb ;;
  all) tarball; deb ;;
  *) echo "usage: $0 [tarball|deb|all]" >&2; exit 2 ;;
esac
