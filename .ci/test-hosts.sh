#!/usr/bin/env bash
# Prepares real test hosts for the integration tests, idempotently:
#   1. installs Docker's engine and debootstrap from Debian's packages (when missing), and the
#      signing tools the signed-commit tests use (ssh-keygen, gpg),
#   2. starts dockerd in the background (when `docker info` does not answer),
#   3. builds the test-host images from Debian's mirror (no registry is reachable here),
#      skipping every image whose recipe hash already exists.
# Images built (see src/test/hosts/):
#   harden-test-host:debian12            Debian 12 (OpenSSH 9.2), systemd + sshd, user ops, ufw (inactive)
#   harden-test-host:debian12-plain      Debian 12 without a host firewall
#   harden-test-host:debian12-firewalld  debian12-plain plus firewalld (running)
#   harden-test-host:debian13            Debian 13 (OpenSSH 10), systemd + sshd, user ops, ssh-audit,
#                                        no host firewall installed
#   harden-test-host:debian12-sshd       debian12 running sshd alone (no systemd): starts in a second,
#                                        for plan and check at scale (bench/run.sh)
#   harden-test-host:debian12-ping       debian12 plus ping (the WireGuard tests ping across tunnels)
# It also raises fs.inotify.max_user_instances to 1024 (each systemd container takes about 6 of
# the default 128; past about 20 containers new ones exit at once): tests run many hosts.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
hosts_dir="$here/src/test/hosts"
log() { printf '[test-hosts] %s\n' "$*" >&2; }

# The mirror the machine's own apt uses; debootstrap and images use the same one.
mirror() {
  local uri
  uri=$(grep -hoE '^(URIs:|deb) +[a-z]+://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | grep -v security | head -n 1 | awk '{print $2}')
  echo "${uri:?no Debian mirror found in the machine apt sources}"
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  # the signed-commit tests sign with the git CLI through ssh-keygen and gpg
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  command -v gpg >/dev/null || missing+=(gnupg)
  command -v git >/dev/null || missing+=(git)
  # the GitOps tests: a real Git server over smart HTTP (nginx, fcgiwrap, git-http-backend)
  # and Prometheus' promtool to check /metrics
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v fcgiwrap >/dev/null || missing+=(fcgiwrap)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  # the operator-experience tests: progress in a real pseudo-terminal (tmux), the HTML report
  # rendered by a real browser (headless chromium, file:// only)
  command -v tmux >/dev/null || missing+=(tmux)
  command -v chromium >/dev/null || missing+=(chromium)
  # the benchmark (bench/run.sh) measures the controller with GNU time, sums with bc and pins keys
  # with ssh-keyscan; the .deb build (packaging/build.sh, run by DebPackageIT) needs fakeroot and
  # dpkg-deb
  [ -x /usr/bin/time ] || missing+=(time)
  command -v bc >/dev/null || missing+=(bc)
  command -v fakeroot >/dev/null || missing+=(fakeroot)
  command -v dpkg-deb >/dev/null || missing+=(dpkg-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    # --no-install-recommends: promtool comes with the prometheus package, not a server to run
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then return; fi
  log "starting dockerd (log: /tmp/harden-dockerd.log)"
  nohup dockerd >/tmp/harden-dockerd.log 2>&1 &
  echo $! >/tmp/harden-dockerd.pid
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  log "dockerd did not answer within 60 s; see /tmp/harden-dockerd.log"
  exit 1
}

# Packages of every test host's root file system (debootstrap --include).
BASE_PACKAGES=systemd,systemd-sysv,dbus,openssh-server,sudo,iproute2,procps,ca-certificates,netcat-openbsd,python3

base_image() { # suite extra_packages -> prints image name
  local suite=$1 extra=$2 hash name dir
  hash=$(printf '%s|%s|%s' "$suite" "$BASE_PACKAGES" "$extra" | sha256sum | cut -c1-12)
  name="harden-test-base:$suite-$hash"
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    dir=$(mktemp -d /tmp/harden-rootfs-XXXX)
    log "debootstrap $suite into $dir (about a minute)"
    debootstrap --variant=minbase --include="$BASE_PACKAGES${extra:+,$extra}" "$suite" "$dir" "$(mirror)" \
      >"/tmp/harden-debootstrap-$suite.log" 2>&1 \
      || { log "debootstrap failed; see /tmp/harden-debootstrap-$suite.log"; exit 1; }
    tar -C "$dir" -c . | docker import - "$name" >/dev/null
    rm -rf "$dir"
  fi
  echo "$name"
}

build_image() { # from_image recipe_dir tag: a Dockerfile on top of an image, cached by recipe hash
  local from=$1 dir=$2 tag=$3 hash name
  hash=$( (docker image inspect -f '{{.Id}}' "$from"; cat "$dir/Dockerfile") | sha256sum | cut -c1-12)
  name="harden-test-host:$tag-$hash"
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    log "building $name"
    docker build -q --build-arg "BASE=$from" -t "$name" "$dir" >/dev/null
  fi
  docker tag "$name" "harden-test-host:$tag"
  log "ready: harden-test-host:$tag"
}

host_image() { # suite extra_packages tag: a debootstrap root plus the test-host recipe
  build_image "$(base_image "$1" "$2")" "$hosts_dir" "$3"
}

layer_image() { # from_tag recipe_dir tag: one more recipe on top of a test-host image
  build_image "harden-test-host:$1" "$hosts_dir/$2" "$3"
}

raise_inotify() {
  local current
  current=$(sysctl -n fs.inotify.max_user_instances 2>/dev/null || echo 0)
  if [ "$current" -lt 1024 ]; then
    log "raising fs.inotify.max_user_instances from $current to 1024 (systemd test hosts need about 6 each)"
    sysctl -q -w fs.inotify.max_user_instances=1024 || log "could not raise it; more than about 20 hosts will fail"
  fi
}

install_packages
raise_inotify
start_dockerd
host_image bookworm ufw debian12
host_image bookworm "" debian12-plain
layer_image debian12-plain firewalld debian12-firewalld
host_image trixie ssh-audit debian13
layer_image debian12 sshd debian12-sshd
layer_image debian12 ping debian12-ping
