# harden change protocol, on-host library (format 2). Every protocol step harden runs is a
# script that first defines these functions; each generation keeps a copy (lib.sh) together with
# the kinds' and modules' functions, so its revert runs the code it was made with, even after
# harden is upgraded, and even with no controller at all (the revert timer, harden-local).
R="${HARDEN_ROOT:-}"
H="$R/var/lib/harden"
HARDEN_FORMAT=2
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
out() { printf '%s\n' "$*"; }
err() { printf '%s\n' "$*" >&2; }
systemd_host() { kind_systemd; }

# ---- lock: one run per host; info for the refusal ----
take_lock() { # token holder commit controller pid break-token|-: exit 5 (info on stdout) when held
  umask 077
  mkdir -p "$H/generations" && chmod 700 "$H" || return 1
  if ! mkdir "$H/lock" 2> /dev/null; then
    # only the lock the operator was shown may be broken (its token), never a newer one
    if [ "$6" = - ] || ! grep -qx "token=$6" "$H/lock/info" 2> /dev/null; then
      cat "$H/lock/info" 2> /dev/null; echo "now=$(date -u +%s)"; exit 5
    fi
    rm -rf "$H/lock"; mkdir "$H/lock" || return 1
  fi
  printf 'token=%s\nholder=%s\ncommit=%s\ncontroller=%s\npid=%s\nsince=%s\nsince_epoch=%s\n' \
    "$1" "$2" "$3" "$4" "$5" "$(now)" "$(date -u +%s)" > "$H/lock/info" \
    || { rm -rf "$H/lock"; err "cannot write $H/lock/info (is the disk full?)"; return 1; }
}
release_lock() { if grep -qx "token=$1" "$H/lock/info" 2>/dev/null; then rm -rf "$H/lock"; fi; }
holds_lock() { grep -qx "token=$1" "$H/lock/info" 2>/dev/null || { err "the host lock is no longer held by this run"; exit 5; }; }

# ---- generation records ----
use_generation() { g="$H/generations/$1"; [ -d "$g" ] || { err "no generation $1 on this host"; exit 4; }; }
journal() { printf '%s\n' "$1" >> "$g/activated" || { err "cannot write $g/activated (is the disk full?)"; return 1; }; }
mark() { # key value...: meta is append-only; a later line overrides an earlier one
  while [ $# -ge 2 ]; do
    printf '%s=%s\n' "$1" "$2" >> "$g/meta" || { err "cannot write $g/meta (is the disk full?)"; return 1; }
    shift 2
  done
}
status_of() { sed -n 's/^status=//p' "$1/meta" 2>/dev/null | tail -n 1; }
begin_generation() { # id kind commit operator
  umask 077
  mkdir -p "$H/generations" && chmod 700 "$H" || return 1
  g="$H/generations/$1"
  mkdir "$g" "$g/files" || { err "cannot create $g (is the disk full?)"; return 1; }
  printf 'format=%s\nid=%s\nkind=%s\ncommit=%s\noperator=%s\nstarted=%s\nstatus=activating\n' \
    "$HARDEN_FORMAT" "$1" "$2" "$3" "$4" "$(now)" > "$g/meta" || { err "cannot write $g/meta (is the disk full?)"; return 1; }
  : > "$g/activated" || return 1
}
write_record() { # name sha256, content base64 on stdin: written beside, checked, renamed
  t="$g/.$1.new"
  base64 -d > "$t" 2>/dev/null && [ "$(kind_sum "$t")" = "$2" ] \
    || { rm -f "$t"; err "cannot write $g/$1 (is the disk full?)"; return 1; }
  mv -f "$t" "$g/$1"
}
expect() { # kind key detail fingerprint: exit 3 when the host changed since the plan
  cur=$("fp_$1" "$2" "$3")
  [ "$cur" = "$4" ] || { err "$2 changed since the plan was made"; exit 3; }
}
backup() { # idx path sha256 size: the file as it is, checked against what the plan saw
  b="$g/files/$1"
  if cp -p "$R$2" "$b" 2>/dev/null && [ "$(stat -c %s "$b")" = "$4" ] \
     && [ "$(kind_sum "$b")" = "$3" ]; then return 0; fi
  rm -f "$b"; err "cannot back up $2 into $g (is the disk full?)"; return 1
}

# check_after KIND KEY DETAIL EXPECTED: the resource is as a generation left it (its "after" record):
# the fingerprint the host prints, or for a package "installed" (any version), a secret "secret".
check_after() {
  cur=$("fp_$1" "$2" "$3")
  case "$cur" in "$4"|"$4 "*) return 0;; esac
  err "$2 is not as the generation left it (now: $cur)"; return 1
}

# ---- staging and validation ----
stage() { # path mode owner group sha256, content base64 on stdin
  t=$(beside "$R$1" new)
  _dir=${1%/*}
  [ -d "${t%/*}/" ] || { err "$1: directory ${_dir:-/} does not exist"; return 1; }
  rm -f "$t"
  ( umask 077 && base64 -d > "$t" ) 2> /dev/null && [ "$(kind_sum "$t")" = "$5" ] \
    || { rm -f "$t"; err "$1: cannot write the staged copy $t (is the disk full?)"; return 1; }
  if kind_can_chown; then chown "$3:$4" "$t" || { rm -f "$t"; err "$1: chown $3:$4 failed"; return 1; }; fi
  chmod "$2" "$t"
}
discard() { for p in "$@"; do rm -f "$(beside "$R$p" new)"; done; }
# isolated CMD...: in an image root, the image's own binaries run chrooted into the image as nobody
# (uid 65534), never as root on the controller: nobody in their user namespace too, without any
# capability, so no chroot(2) takes them out of the image (and a chrooted process may not make a
# user namespace of its own); in their own mount, process (nothing they start outlives them),
# network (no network at all), IPC and UTS namespaces.
isolated() {
  command -v unshare > /dev/null 2>&1 && command -v setpriv > /dev/null 2>&1 \
    || { echo "not validated: unshare and setpriv (util-linux) are needed to run the image's $1 isolated"; return 99; }
  unshare --help 2> /dev/null | grep -q -e '--map-user=' \
    || { echo "not validated: unshare is too old to run the image's $1 isolated (util-linux 2.36 or later)"; return 99; }
  # the validator's failure must be the file's, not a path nobody may walk (unshare would fail alike)
  setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c 'cd "$1"' harden "$R" 2> /dev/null \
    || { echo "not validated: uid 65534 cannot reach the image root $R (a directory above it is closed to others)"; return 99; }
  setpriv --reuid=65534 --regid=65534 --clear-groups unshare --map-user=65534 --map-group=65534 --mount --pid --fork \
    --kill-child --net --ipc --uts --root="$R" --wd=/ "$@"
}
# image_scratch: a directory in the image's /tmp that the isolated validator may read (printed)
image_scratch() {
  [ -d "$R/tmp" ] || { echo "not validated: the image root has no /tmp"; return 99; }
  d=$(mktemp -d "$R/tmp/.harden-validate.XXXXXX") && chown 65534:65534 "$d" && echo "$d"
}
validate() { # path validator-words... ({} already replaced by the staged path)
  p=$1; shift
  case "$1" in
    @*) f="check_$(printf '%s' "${1#@}" | tr - _)"; shift; "$f" "$@"; return;;
  esac
  [ -n "$R" ] || { "$@"; return; }
  if [ ! -x "$R/usr/sbin/$1" ] && [ ! -x "$R/usr/bin/$1" ] && [ ! -x "$R/sbin/$1" ] && [ ! -x "$R/bin/$1" ]; then
    echo "not validated: $1 is not installed in the image root"; return 99
  fi
  d=$(image_scratch) || { echo "$d"; return 99; }
  c="$d/$(basename "$p")"
  cp "$(beside "$R$p" new)" "$c" && chown 65534:65534 "$c" || { rm -rf "$d"; echo "not validated: no room in the image's /tmp"; return 99; }
  staged=$(beside "$p" new)
  for w in "$@"; do shift; [ "$w" = "$staged" ] && w=${c#"$R"}; set -- "$@" "$w"; done
  rc=0; isolated "$@" || rc=$?
  rm -rf "$d"; return $rc
}
# ---- services ----
reload_unit() { # unit pidfile: makes a service read its files; "@name" runs the module's activate_name
  if [ -n "$R" ]; then echo "image root: ${1#@} picks up the change at boot"; return 0; fi
  case "$1" in @*) "activate_$(printf '%s' "${1#@}" | tr - _)"; return;; esac
  if systemd_host; then systemctl try-reload-or-restart "$1"; return; fi
  if [ -f "$2" ]; then kill -HUP "$(cat "$2")"; return; fi
  echo "no systemd and no $2: cannot reload $1" >&2; return 1
}

# ---- revert timer ----
arm_revert() { # id seconds: writes revert.sh, and arms the timer unless seconds is 0
  printf '#!/bin/sh\n# Reverts this generation with the code it was made with (lib.sh beside this file).\n' > "$g/revert.sh" \
    && printf 'g=$(cd "$(dirname "$0")" && pwd)\n. "$g/lib.sh"\nrevert_generation "$g" "${1:-timer}" "${2:-}"\n' \
       >> "$g/revert.sh" || { err "cannot write $g/revert.sh (is the disk full?)"; return 1; }
  [ -z "$R" ] && [ "$2" -gt 0 ] || return 0
  if systemd_host; then
    systemd-run --quiet --unit "harden-revert-$1" --on-active="$2" --timer-property=AccuracySec=1s \
      /bin/sh "$g/revert.sh" timer || return 1
  else
    nohup setsid /bin/sh -c 'sleep "$0"; exec /bin/sh "$1" timer' "$2" "$g/revert.sh" > /dev/null 2>&1 &
    echo $! > "$g/revert.pid"
  fi
  mark revert_armed "$2" revert_at "$(date -u -d "+$2 seconds" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo "in $2 s")"
}
disarm() { # id
  if systemd_host; then systemctl stop "harden-revert-$1.timer" > /dev/null 2>&1 || true
  elif [ -f "$g/revert.pid" ]; then kill "$(cat "$g/revert.pid")" 2>/dev/null || true; fi
}
# guard: confirm and revert of one generation never run at once (the timer's revert may have
# started while harden confirms); whoever comes second sees what the first did.
guard() { exec 9>> "$g/guard" && flock -w 600 9 || { err "another confirmation or revert of $g still runs"; exit 7; }; }

confirm_generation() { # id keep key value...: exit 6 when the revert already ran
  id=$1; keep=$2; shift 2
  use_generation "$id"
  guard
  disarm "$id"
  case "$(status_of "$g")" in
    reverted|revert-incomplete) echo "the revert timer already reverted generation $id"; exit 6;;
  esac
  mark status complete finished "$(now)" "$@" || exit 8
  ls -1 "$H/generations" | sort | head -n "-$keep" | while read -r old; do rm -rf "${H:?}/generations/$old"; done
}

# ---- revert: undo what was activated, checked step by step ----
# revert_generation DIR MODE REASON. MODE: now (harden asks), timer (nobody confirmed in time),
# local (harden-local rollback: the whole generation). Undo lines are "INDEX PHASE CALL": phases
# U (units), F (files, links, directories), R (reloads of restored files), D (daemon-reload),
# P (packages), run in the order U F D R P, newest first. A file that cannot be restored keeps
# its new version, and no service that reads it is reloaded. Exit 2 when anything was left.
revert_generation() {
  g=$1; mode=$2; reason=$3
  guard
  st=$(status_of "$g")
  case "$st" in
    reverted) echo "already reverted"; return 0;;
    complete) [ "$mode" = local ] || { echo "already confirmed"; return 0; };;
  esac
  disarm "$(basename "$g")"
  if [ "$mode" = local ]; then done_list=" $(cut -d' ' -f1 "$g/undo" | sort -u | tr '\n' ' ') "
  else done_list=" $(tr '\n' ' ' < "$g/activated" 2>/dev/null) "; fi
  undo=$(tac "$g/undo" 2>/dev/null)
  failed=" "; restored=" "
  for phase in U F D; do
    while read -r i p call; do
      [ "$p" = "$phase" ] || continue
      case "$done_list" in *" $i "*) ;; *) continue;; esac
      if [ "$phase" = D ]; then
        case "$restored" in *" $i "*) eval "$call";; esac; continue
      fi
      if eval "$call"; then restored="$restored$i "; else failed="$failed$i "; fi
    done <<UNDO
$undo
UNDO
  done
  # reload each service once, unless it reads a file that could not be restored
  bad=" "
  while read -r i p call; do
    [ "$p" = R ] || continue
    case "$failed" in *" $i "*) bad="$bad$call|";; esac
  done <<UNDO
$undo
UNDO
  seen=" "
  while read -r i p call; do
    [ "$p" = R ] || continue
    case "$done_list" in *" $i "*) ;; *) continue;; esac
    case "$seen" in *"|$call|"*) continue;; esac
    seen="$seen|$call|"
    case "$bad" in *"$call|"*) eval "set -- $call"; err "did not reload ${2#@}: a file it reads could not be restored"; continue;; esac
    eval "$call" || err "reload failed: $call"
  done <<UNDO
$undo
UNDO
  while read -r i p call; do
    [ "$p" = P ] || continue
    case "$done_list" in *" $i "*) ;; *) continue;; esac
    eval "$call" || failed="$failed$i "
  done <<UNDO
$undo
UNDO
  by="harden: $reason"
  [ "$mode" = timer ] && by="on-host timer (no confirmation from harden in time)"
  [ "$mode" = local ] && by="harden-local on the host: $reason"
  if [ "$failed" = " " ]; then
    mark status reverted finished "$(now)" reverted_by "$by" || true
    return 0
  fi
  mark status revert-incomplete finished "$(now)" reverted_by "$by" unrestored "$(echo $failed)" || true
  return 2
}

# ---- exceptions: ended by the host itself ----
# An exception is a file $H/exceptions/ID: its header (dev.harden.facts.Exemption), then the code
# that ends it (dev.harden.apply.ExpiryScript: X_* values and x_* steps, then expire_exception).
# The file runs itself: when its time is up (an on-host timer), after a reboot (harden-local
# expire), or when harden except --end asks.
EX="$H/exceptions"
# arm_expiry FILE ID UNTIL_EPOCH: (re)arms the on-host timer that runs FILE when its time is up
arm_expiry() {
  [ -z "$R" ] || return 0
  left=$(( $3 - $(date -u +%s) )); [ "$left" -gt 0 ] || left=1
  if systemd_host; then
    u="harden-expire-$2"
    if systemctl is-active --quiet "$u.service"; then return 0; fi # it is ending now
    systemctl stop "$u.timer" > /dev/null 2>&1; systemctl reset-failed "$u.timer" "$u.service" > /dev/null 2>&1
    systemd-run --quiet --unit "$u" --on-active="$left" --timer-property=AccuracySec=1s \
      --description "harden: end exception $2" /bin/sh "$1" --due
  else
    disarm_expiry "$2"
    nohup setsid /bin/sh -c 'sleep "$0"; exec /bin/sh "$1" --due' "$left" "$1" > /dev/null 2>&1 &
    echo $! > "$EX/.$2.pid"
  fi
}
disarm_expiry() { # ID
  if systemd_host; then systemctl stop "harden-expire-$1.timer" > /dev/null 2>&1 || true
  elif [ -f "$EX/.$1.pid" ]; then kill "$(cat "$EX/.$1.pid")" 2> /dev/null; rm -f "$EX/.$1.pid"; fi
}
exception_ids() { # the exceptions recorded here
  for f in $(ls -1 "$EX" 2> /dev/null); do
    case "$f" in *[!a-z0-9-]*|-*) continue;; esac
    [ -f "$EX/$f" ] && echo "$f"
  done
}
# activate_exceptions: (the reload of an exception file) arms the timer of every exception here and
# disarms the timers of exceptions that are gone
activate_exceptions() {
  [ -z "$R" ] || { echo "image root: exceptions are armed at boot (harden-local expire)"; return 0; }
  for f in $(exception_ids); do /bin/sh "$EX/$f" --arm || return 1; done
  if systemd_host; then
    systemctl list-units --all --plain --no-legend 'harden-expire-*.timer' 2> /dev/null | while read -r t _; do
      id=${t#harden-expire-}; id=${id%.timer}
      [ -f "$EX/$id" ] || systemctl stop "$t" > /dev/null 2>&1 || true
    done
  else
    for p in "$EX"/.*.pid; do
      [ -f "$p" ] || continue
      id=$(basename "$p" .pid); id=${id#.}
      [ -f "$EX/$id" ] || disarm_expiry "$id"
    done
  fi
}
# expire_exception [--due|--now|--arm]: run by an exception's own file. --due (the timer) ends it
# if its time is up, else arms its timer; --now ends it at once (HARDEN_ENDED_BY says who asked).
# It waits for a run that holds the host lock (at most 10 minutes; a lock older than an hour is a
# dead run's, and is taken over), then runs this file again as it is now (an apply may have
# rewritten it meanwhile).
expire_exception() {
  case "${1:---due}" in
    --arm) arm_expiry "$0" "$X_ID" "$X_UNTIL"; return;;
    --locked) shift; expire_locked "$@"; return;;
    --due|--now) ;;
    *) err "usage: sh $0 [--now|--arm]"; return 2;;
  esac
  mode=${1:---due}
  [ -n "$R" ] || [ "$(id -u)" = 0 ] || { err "run it as root"; return 1; }
  if [ "$mode" = --due ] && [ "$(date -u +%s)" -lt "$X_UNTIL" ]; then arm_expiry "$0" "$X_ID" "$X_UNTIL"; return 0; fi
  if [ "$mode" = --now ]; then by=${HARDEN_ENDED_BY:-by hand on $(uname -n)}; else by="on-host timer: exception $X_ID expired"; fi
  token="expire-$X_ID-$$"; tries=0
  until held=$( (take_lock "$token" "on-host end of exception $X_ID" "$X_COMMIT" "$(uname -n)" $$ -) 2>&1); do
    since=$(sed -n 's/^since_epoch=//p' "$H/lock/info" 2> /dev/null)
    if [ -n "$since" ] && [ $(( $(date -u +%s) - since )) -gt 3600 ]; then
      old=$(sed -n 's/^token=//p' "$H/lock/info")
      if (take_lock "$token" "on-host end of exception $X_ID" "$X_COMMIT" "$(uname -n)" $$ "$old") > /dev/null 2>&1; then
        out "took over the host lock a dead run left over an hour ago"; break
      fi
    fi
    tries=$((tries + 1))
    if [ $tries -ge 120 ]; then
      err "exception $X_ID not ended: the host stays locked ($(printf '%s' "$held" | grep -E '^(holder|since)=' | tr '\n' ' ')); harden-local expire tries again"
      return 75
    fi
    sleep 5
  done
  [ -f "$0" ] || { release_lock "$token"; out "exception $X_ID was ended meanwhile"; return 0; }
  exec /bin/sh "$0" --locked "$token" "$mode" "$by"
}
expire_locked() { # token mode by: the lock is held
  token=$1; mode=$2; by=$3
  if [ "$mode" = --due ] && [ "$(date -u +%s)" -lt "$X_UNTIL" ]; then # extended while it waited
    release_lock "$token"; arm_expiry "$0" "$X_ID" "$X_UNTIL"; return 0
  fi
  x_check
  id="$(date -u +%Y%m%dT%H%M%S%3NZ)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  begin_generation "$id" expiry "$X_COMMIT" "$by" || { release_lock "$token"; return 4; }
  eval "mark $X_META" || { rm -rf "$g"; release_lock "$token"; return 4; }
  if [ -n "$skipped" ]; then mark skipped "$(echo $skipped)"; fi
  if ! x_record || ! arm_revert "$id" 0; then
    rm -rf "$g"; release_lock "$token"; err "exception $X_ID not ended: cannot record generation $id (is the disk full?)"
    return 4
  fi
  why=""
  if ! x_prepare; then why="preparing"
  elif ! x_stage; then x_discard; why="staging and validating"
  elif ! x_activate; then x_discard; why="activating"
  elif ! x_services; then why="reloading"
  fi
  if [ -n "$why" ]; then
    revert_generation "$g" now "ending exception $X_ID failed while $why"
    release_lock "$token"
    err "exception $X_ID not ended: $why failed; generation $id reverted, the exception stays"
    return 1
  fi
  rm -f "$0"
  disarm_expiry "$X_ID"
  ( confirm_generation "$id" "$X_KEEP" ) > /dev/null || true
  release_lock "$token"
  out "exception $X_ID ended (generation $id)${skipped:+; left alone, changed by hand since:$skipped}"
  if [ -z "$R" ] && command -v logger > /dev/null 2>&1; then logger -t harden "exception $X_ID ended (generation $id): $by"; fi
}
