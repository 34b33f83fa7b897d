#!/usr/bin/env bash
# The fleet-scale benchmark (not a timed test): starts cheap test hosts on this machine, runs the
# real CLI (./harden) against them and prints a table: wall time, controller CPU seconds
# (user + system), the hosts' CPU seconds (their containers' cgroups: sshd, sudo, the probe),
# controller peak RSS (GNU time's "Maximum resident set size") and SSH logins per host (sshd's
# "Accepted publickey" lines before and after each run). The hosts share the controller's cores,
# so (controller + hosts CPU) / cores is the least wall time a run can take here. For comparison,
# one row per size logs in to every host with OpenSSH's client and runs "sudo -n true" (16 at a
# time): the cost of a login alone, which harden cannot go below.
#
#   bench/run.sh [PLAN_HOSTS...]        default: 30 100
#
# For each PLAN_HOSTS: that many plain sshd containers (harden-test-host:debian12-sshd, no
# systemd, start in about a second): plan and check. Then APPLY_HOSTS (default 30) systemd hosts
# (harden-test-host:debian12): plan, a first apply, a second (idempotent) apply and check. The
# policy is the shipped baseline for sshd, sudo and the firewall (ufw, installed but inactive on
# these hosts); automatic upgrades and AppArmor are off (they would install packages from the
# network).
# Each number is the median of RUNS (default 3) runs; the first apply runs once.
# Needs the images of .ci/test-hosts.sh and root (more inotify instances for the systemd hosts:
# fs.inotify.max_user_instances is raised to 1024 when lower). Containers are named harden-bench-*
# and removed at the end. Environment: APPLY_HOSTS, RUNS, HARDEN (the launcher), HARDEN_JAVA_OPTS;
# PROFILE=1 adds one profiled run of each plan and apply (bench/profile.sh: where the CPU goes).
# The "load" column is the machine's 1-minute load average when that run started: other work on
# the machine (these are shared) stretches wall time, not the controller's CPU seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
harden=${HARDEN:-$here/harden}
runs=${RUNS:-3}
apply_hosts=${APPLY_HOSTS:-30}
plan_sizes=("$@")
[ ${#plan_sizes[@]} -gt 0 ] || plan_sizes=(30 100)
work=$(mktemp -d /tmp/harden-bench-XXXXXX)
log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "name=^harden-bench-" 2>/dev/null || true)
  if [ -n "$ids" ]; then docker rm -f $ids >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
cleanup

ssh-keygen -q -t ed25519 -N '' -C harden-bench -f "$work/id_ed25519"
chmod 0644 "$work/id_ed25519.pub"
results="$work/results.md"
printf '| run | hosts | wall s | CPU s | hosts CPU s | peak RSS MB | SSH logins per host | load |\n'"\
"'|---|---:|---:|---:|---:|---:|---:|---:|\n' >"$results"

hosts_cpu() { # CPU seconds of all containers so far (cgroup v1 or v2)
  if [ -r /sys/fs/cgroup/cpuacct/docker/cpuacct.usage ]; then
    echo "scale=3; $(cat /sys/fs/cgroup/cpuacct/docker/cpuacct.usage) / 1000000000" | bc
    return
  fi
  local f total=0 v
  for f in /sys/fs/cgroup/system.slice/docker-*.scope/cpu.stat /sys/fs/cgroup/docker/*/cpu.stat; do
    [ -r "$f" ] || continue
    v=$(awk '/^usage_usec/ {print $2}' "$f")
    total=$((total + v))
  done
  echo "scale=3; $total / 1000000" | bc
}

start_hosts() { # kind count: starts harden-bench-KIND-1..count, prints nothing
  local kind=$1 count=$2 i
  for i in $(seq 1 "$count"); do
    if [ "$kind" = sshd ]; then
      docker run -d --name "harden-bench-sshd-$i" -p 127.0.0.1::22 \
        -v "$work/id_ed25519.pub:/home/ops/.ssh/authorized_keys:ro" harden-test-host:debian12-sshd >/dev/null
    else
      docker run -d --name "harden-bench-systemd-$i" -p 127.0.0.1::22 \
        --cap-add SYS_ADMIN --cap-add NET_ADMIN --security-opt seccomp=unconfined --cgroupns=host \
        -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
        -v "$work/id_ed25519.pub:/home/ops/.ssh/authorized_keys:ro" harden-test-host:debian12 >/dev/null
    fi
  done
}

port_of() { docker port "$1" 22/tcp | head -n 1 | sed 's/.*://'; }

pin_hosts() { # kind count repo: waits for each sshd, writes the inventory and known_hosts
  local kind=$1 count=$2 repo=$3 i port line
  mkdir -p "$repo/inventory" "$repo/policies"
  printf 'defaults:\n  user: ops\n  identity: %s\nhosts:\n' "$work/id_ed25519" >"$repo/inventory/hosts.yaml"
  : >"$repo/inventory/known_hosts"
  : >"$work/ports-$kind"
  for i in $(seq 1 "$count"); do
    port=$(port_of "harden-bench-$kind-$i")
    echo "$port" >>"$work/ports-$kind"
    line=''
    for _ in $(seq 1 120); do
      line=$(ssh-keyscan -t ed25519 -p "$port" 127.0.0.1 2>/dev/null || true)
      [ -n "$line" ] && break
      sleep 0.5
    done
    [ -n "$line" ] || { log "harden-bench-$kind-$i: sshd did not answer"; exit 1; }
    echo "$line" >>"$repo/inventory/known_hosts"
    printf '  %s-%03d:\n    address: 127.0.0.1\n    port: %s\n' "$kind" "$i" "$port" >>"$repo/inventory/hosts.yaml"
  done
  printf 'upgrades:\n  enabled: false\napparmor:\n  enabled: false\n' >"$repo/policies/baseline.yaml"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -q -m "bench: $count $kind hosts"
}

logins() { # kind count: total "Accepted publickey" lines of those hosts
  local kind=$1 count=$2 i total=0 n
  for i in $(seq 1 "$count"); do
    if [ "$kind" = sshd ]; then
      n=$(docker logs "harden-bench-sshd-$i" 2>&1 | grep -c 'Accepted publickey' || true)
    else
      n=$(docker exec "harden-bench-systemd-$i" journalctl -u ssh --no-pager -q 2>/dev/null \
          | grep -c 'Accepted publickey' || true)
    fi
    total=$((total + n))
  done
  echo "$total"
}

measure() { # label kind count times -- command: runs it `times` times, records the median
  local label=$1 kind=$2 count=$3 times=$4 i before after out load cpu0 cpu1
  shift 5
  : >"$work/samples"
  for i in $(seq 1 "$times"); do
    before=$(logins "$kind" "$count")
    load=$(cut -d ' ' -f 1 /proc/loadavg)
    out="$work/$(echo "$label" | tr ' /()' '____')-$i.log"
    cpu0=$(hosts_cpu)
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$out" 2>&1
    local code=$?
    set -e
    cpu1=$(hosts_cpu)
    if [ $code -ne 0 ] && [ $code -ne 2 ]; then
      log "$label: exited $code; see $out"; tail -n 5 "$out" >&2; exit 1
    fi
    after=$(logins "$kind" "$count")
    read -r wall user sys rss < <(tail -n 1 "$work/time")
    local per=-
    [ "$count" -eq 0 ] || per=$(echo "scale=2; ($after - $before) / $count" | bc)
    echo "$wall $(echo "$user + $sys" | bc) $(echo "$cpu1 - $cpu0" | bc) $((rss / 1024)) $per $load" >>"$work/samples"
  done
  sort -n "$work/samples" | sed -n "$(( (times + 1) / 2 ))p" | {
    read -r wall cpu hcpu rss per load
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$count" "$wall" "$cpu" "$hcpu" "$rss" "$per" "$load" \
      | tee -a "$results"
  }
}

# ssh-logins.sh KIND: OpenSSH's client logs in to each host (ports written by pin_hosts) and runs
# sudo -n true, 16 at a time
cat >"$work/ssh-logins.sh" <<EOF
xargs -P 16 -I '{}' ssh -q -i "$work/id_ed25519" -p '{}' -o BatchMode=yes -o StrictHostKeyChecking=no \\
  -o UserKnownHostsFile=/dev/null ops@127.0.0.1 sudo -n true < "$work/ports-\$1"
EOF

profile() { # label -- harden args: one run under Java Flight Recorder, its CPU by phase
  local label=$1
  shift 2
  [ -n "${PROFILE:-}" ] || return 0
  local file="$work/$(echo "$label" | tr -c 'A-Za-z0-9\n' '_').jfr"
  { echo; echo "profile: $label (controller CPU samples by phase, bench/profile.sh)"; echo '```'
    HARDEN="$harden" bash "$here/bench/profile.sh" "$file" -- "$@" || echo "(no profile)"; echo '```'; } >>"$work/profiles.md"
}

log "work folder: $work; launcher: $harden"
"$harden" --version >/dev/null  # builds the jar (and its class-data archive) when needed
measure "harden --version (JVM start)" sshd 0 "$runs" -- "$harden" --version

for n in "${plan_sizes[@]}"; do
  log "starting $n plain sshd hosts"
  start_hosts sshd "$n"
  pin_hosts sshd "$n" "$work/plan-$n"
  measure "ssh + sudo -n true (OpenSSH client)" sshd "$n" "$runs" -- bash "$work/ssh-logins.sh" sshd
  measure "plan" sshd "$n" "$runs" -- "$harden" plan --repo "$work/plan-$n"
  profile "plan, $n hosts" -- plan --repo "$work/plan-$n"
  measure "check" sshd "$n" "$runs" -- "$harden" check --repo "$work/plan-$n"
  cleanup
done

if [ "$apply_hosts" -gt 0 ]; then
  if [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
    log "raising fs.inotify.max_user_instances to 1024 (each systemd host takes about 6)"
    sysctl -q -w fs.inotify.max_user_instances=1024
  fi
  log "starting $apply_hosts systemd hosts"
  start_hosts systemd "$apply_hosts"
  for i in $(seq 1 "$apply_hosts"); do
    for _ in $(seq 1 120); do
      docker exec "harden-bench-systemd-$i" systemctl is-active -q ssh 2>/dev/null && break
      sleep 0.5
    done
  done
  pin_hosts systemd "$apply_hosts" "$work/apply"
  measure "ssh + sudo -n true (OpenSSH client), systemd hosts" systemd "$apply_hosts" "$runs" -- bash "$work/ssh-logins.sh" systemd
  measure "plan (systemd hosts)" systemd "$apply_hosts" "$runs" -- "$harden" plan --repo "$work/apply"
  measure "first apply" systemd "$apply_hosts" 1 -- "$harden" apply --repo "$work/apply" --auto-approve
  measure "idempotent apply" systemd "$apply_hosts" "$runs" -- "$harden" apply --repo "$work/apply" --auto-approve
  profile "idempotent apply, $apply_hosts hosts" -- apply --repo "$work/apply" --auto-approve
  measure "check (systemd hosts)" systemd "$apply_hosts" "$runs" -- "$harden" check --repo "$work/apply"
fi

echo
cat "$results"
[ ! -f "$work/profiles.md" ] || cat "$work/profiles.md"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -n 1)"
echo "logs: $work"
