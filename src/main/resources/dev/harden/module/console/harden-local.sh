#!/bin/sh
# harden-local: harden's changes on this host, from this host's own console. Installed by harden
# (module console); root only. It needs no controller, no network and no Git: everything it reads
# is in /var/lib/harden, and a rollback runs each generation's own stored revert code.
#
#   harden-local status                 where this host stands: last change, hold, lock, exceptions
#   harden-local history [N]            the last N changes (default 10), newest first
#   harden-local show ID                one change: what it touched, and how it ended
#   harden-local rollback --to previous|ID [--reason TEXT] [--yes] [--force] [--break-lock]
#                                       undo the latest change, or every change after ID
#   harden-local expire                 end the exceptions whose time is up, arm the others' timers
set -u
R="${HARDEN_ROOT:-}"
H="$R/var/lib/harden"
G="$H/generations"
me=$(basename "$0")
say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
meta() { sed -n "s/^$2=//p" "$G/$1/meta" 2> /dev/null | tail -n 1; } # a later line overrides an earlier one
ids() { ls -1 "$G" 2> /dev/null | sort -r; } # newest first
summaries() { # the one-line summary of each change a generation made, with its module
  [ -f "$G/$1/manifest.jsonl" ] || { [ -f "$G/$1/manifest" ] && cut -f5 "$G/$1/manifest"; return; }
  sed -n '2,$p' "$G/$1/manifest.jsonl" | sed -n 's/.*"module":"\([^"]*\)".*"summary":"\(\([^"\\]\|\\.\)*\)".*/\1: \2/p' \
    | sed 's/\\"/"/g; s/\\\\/\\/g'
}
line() { # one generation in one line
  c=$(meta "$1" commit)
  printf '%s  %-10s %-17s commit %-10.10s  %s  %s\n' "$1" "$(meta "$1" kind)" "$(meta "$1" status)" "${c:--}" \
    "$(meta "$1" operator)" "$(meta "$1" started)"
}
root_only() { [ -n "$R" ] || [ "$(id -u)" = 0 ] || die "run it as root (sudo $me $*)"; }
exceptions() { # ID until (left): by: reason; set ...
  n=0
  for f in $(ls -1 "$H/exceptions" 2> /dev/null); do
    case "$f" in *[!a-z0-9-]*|-*) continue;; esac
    x="$H/exceptions/$f"; [ -f "$x" ] || continue
    v() { sed -n "1,/^# end$/s/^# $1=//p" "$x" | paste -sd';' -; }
    u=$(v until_epoch); left=$(( ${u:-0} - $(date -u +%s) ))
    if [ "$left" -gt 0 ]; then l="$((left / 3600))h $((left % 3600 / 60))m left"; else l="its time is up: it ends at once"; fi
    w=$(v weakens)
    say "  $f until $(v until) ($l): $(v by): $(v reason)"
    say "      sets $(v set)${w:+  -- WEAKENS ACCESS: $w}"
    n=$((n + 1))
  done
  [ $n -gt 0 ] || say "  none"
}

status() {
  root_only status
  say "harden on $(uname -n): the records in $H"
  last=$(ids | head -n 1)
  if [ -n "$last" ]; then say "last change: $(line "$last")"; else say "last change: none (harden never changed this host)"; fi
  applied=""
  for id in $(ids); do
    [ "$(meta "$id" kind)" = apply ] && [ "$(meta "$id" status)" = complete ] && { applied=$id; break; }
  done
  say "applied:     ${applied:+commit $(meta "$applied" commit) (generation $applied, $(meta "$applied" started))}${applied:-never by harden}"
  if [ -f "$H/hold" ]; then
    say "hold:        held by $(sed -n 's/^by=//p' "$H/hold") since $(sed -n 's/^since=//p' "$H/hold"): $(sed -n 's/^reason=//p' "$H/hold")"
  else say "hold:        none"; fi
  if [ -f "$H/lock/info" ]; then
    say "lock:        held by $(sed -n 's/^holder=//p' "$H/lock/info") since $(sed -n 's/^since=//p' "$H/lock/info")"
  else say "lock:        free"; fi
  say "exceptions:"; exceptions
  if [ -n "$last" ] && [ "$(meta "$last" status)" != complete ]; then
    say "trouble:     generation $last is $(meta "$last" status)$(r=$(meta "$last" reverted_by); [ -z "$r" ] || printf ', reverted by %s' "$r")"
  fi
}

history() {
  root_only history
  n=${1:-10}
  case "$n" in *[!0-9]*|'') die "history N: N is a number";; esac
  for id in $(ids | head -n "$n"); do
    line "$id"
    summaries "$id" | sed 's/^/      /'
    r=$(meta "$id" reverted_by); [ -z "$r" ] || say "      reverted by $r"
    x=$(meta "$id" exception); [ -z "$x" ] || say "      exception $x: $(meta "$id" exception_reason) (by $(meta "$id" exception_by), until $(meta "$id" exception_until))"
    s=$(meta "$id" skipped); [ -z "$s" ] || say "      left alone (changed by hand since): $s"
  done
}

show() {
  root_only show
  [ -n "${1:-}" ] && [ -d "$G/$1" ] || die "no generation ${1:-} here ($me history lists them)"
  line "$1"; say "meta:"; sed 's/^/  /' "$G/$1/meta"; say "changes:"; summaries "$1" | sed 's/^/  /'
}

# after_check DIR: every resource is still as generation DIR left it (its own after record and code)
after_check() {
  ( set +u; . "$1/lib.sh" > /dev/null 2>&1; g=$1; bad=0
    while read -r i p call; do
      [ "$p" = A ] || continue
      said=$(eval "$call" 2>&1) || { bad=1; printf '    %s\n' "$said"; }
    done < "$1/after"
    exit $bad )
}

rollback() {
  root_only rollback
  to=""; reason="by hand on the console"; yes=0; force=0; brk=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) to=${2:-}; shift;;
      --reason) reason=${2:-}; shift;;
      --yes) yes=1;;
      --force) force=1;;
      --break-lock) brk=1;;
      *) die "rollback: unknown option $1 (--to previous|ID, --reason TEXT, --yes, --force, --break-lock)";;
    esac
    shift
  done
  [ -n "$to" ] || die "rollback needs --to previous or --to ID ($me history lists the generations)"
  undo=""
  if [ "$to" = previous ]; then
    for id in $(ids); do [ "$(meta "$id" status)" = complete ] && { undo=$id; break; }; done
    [ -n "$undo" ] || die "nothing to roll back: no complete generation here"
  else
    [ -d "$G/$to" ] || die "no generation $to here ($me history lists them)"
    [ "$(meta "$to" status)" = complete ] || die "generation $to is $(meta "$to" status), not a state this host was in"
    for id in $(ids); do
      [ "$id" = "$to" ] && break
      [ "$(meta "$id" status)" = complete ] && undo="$undo $id"
    done
    [ -n "$undo" ] || die "generation $to is the newest complete one: nothing to roll back"
  fi
  say "This undoes, newest first, with each generation's own stored code:"
  for id in $undo; do
    [ -f "$G/$id/revert.sh" ] && [ -f "$G/$id/lib.sh" ] \
      || die "generation $id has no stored revert code (made by an old harden): roll it back from the controller"
    line "$id" | sed 's/^/  /'; summaries "$id" | sed 's/^/      /'
  done
  if [ $yes = 0 ]; then
    printf 'Type yes to roll back: '
    read -r answer || answer=""
    [ "$answer" = yes ] || die "nothing changed"
  fi
  token="local-$$-$(date -u +%s)"; who="harden-local rollback by ${SUDO_USER:-$(id -un)} on $(uname -n)"
  lib=$(ls -1 "$G"/*/lib.sh 2> /dev/null | tail -n 1)
  held=$( (set +u; . "$lib" > /dev/null 2>&1; take_lock "$token" "$who" - "$(uname -n)" $$ -) 2>&1) || {
    if [ $brk = 1 ]; then
      old=$(sed -n 's/^token=//p' "$H/lock/info")
      (set +u; . "$lib" > /dev/null 2>&1; take_lock "$token" "$who" - "$(uname -n)" $$ "$old") > /dev/null 2>&1 || die "cannot take the host lock"
      say "took over the lock of: $(printf '%s' "$held" | sed -n 's/^holder=//p')"
    else
      die "the host is locked by $(printf '%s' "$held" | sed -n 's/^holder=//p') since $(printf '%s' "$held" | sed -n 's/^since=//p'); wait for it, or --break-lock if that run is dead"
    fi
  }
  done_ids=""
  for id in $undo; do
    if [ -f "$G/$id/after" ]; then
      if ! after_check "$G/$id" > "$H/.after.$$" 2>&1; then
        if [ $force = 0 ]; then
          say "generation $id: the host is not as it left it:"; cat "$H/.after.$$"; rm -f "$H/.after.$$"
          (set +u; . "$lib" > /dev/null 2>&1; release_lock "$token")
          die "refused${done_ids:+ after undoing$done_ids}: undo by hand, or pass --force to restore its backups anyway"
        fi
        say "generation $id: the host is not as it left it (--force: undone anyway):"; cat "$H/.after.$$"
      fi
      rm -f "$H/.after.$$"
    elif [ $force = 0 ]; then
      (set +u; . "$lib" > /dev/null 2>&1; release_lock "$token")
      die "generation $id has no after record (an older harden made it): pass --force to undo it unchecked"
    fi
    say "undoing generation $id ($(meta "$id" kind), $(meta "$id" started)):"
    rc=0; /bin/sh "$G/$id/revert.sh" local "$reason (by ${SUDO_USER:-$(id -un)} on the console)" 2>&1 | sed 's/^/  /'
    [ "$(meta "$id" status)" = reverted ] || rc=1
    if [ $rc != 0 ]; then
      (set +u; . "$lib" > /dev/null 2>&1; release_lock "$token")
      die "generation $id is $(meta "$id" status): $(meta "$id" unrestored) not restored; see $me show $id"
    fi
    done_ids="$done_ids $id"
  done
  umask 077
  printf 'format=1\nby=%s\nreason=%s\nsince=%s\n' "harden-local on $(uname -n) (${SUDO_USER:-$(id -un)})" \
    "rolled back on the console ($reason): undid$done_ids; harden release lets apply and the watcher converge it" \
    "$(now)" > "$H/.hold.new" && mv -f "$H/.hold.new" "$H/hold"
  (set +u; . "$lib" > /dev/null 2>&1; release_lock "$token")
  say "rolled back:$done_ids. The host is on hold: harden apply and the watcher leave it alone until harden release."
}

expire() {
  root_only expire
  for f in $(ls -1 "$H/exceptions" 2> /dev/null); do
    case "$f" in *[!a-z0-9-]*|-*) continue;; esac
    [ -f "$H/exceptions/$f" ] && /bin/sh "$H/exceptions/$f" --due
  done
  return 0
}

case "${1:-}" in
  status) status;;
  history) shift; history "$@";;
  show) shift; show "$@";;
  rollback) shift; rollback "$@";;
  expire) expire;;
  ''|-h|--help|help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//';;
  *) die "unknown command $1 ($me --help)";;
esac
