# harden resource kinds: how each kind's state is read (state_KIND, for the fact probe), its
# precondition fingerprint (fp_KIND, exactly as the planner computes it), how it is made so and
# how it is undone. Needs: R (the image root prefix, "" on a live host), and for the change
# protocol g (the generation directory), journal, out, err (protocol.sh).

# section NAME CMD...: what CMD prints on stdout (exact bytes, bounded), framed so that nothing a
# host prints can forge the framing harden reads. Streamed: ONE line "@@harden NAME BASE64" (three
# processes a section). Between bundle_begin and bundle_end: kept in a private directory and sent
# by bundle_end as ONE line "@@harden-bundle NAME:SIZE,... BASE64" (a handful of processes for all
# of them; the fact probe has about fifty sections). In a bundle, CMD runs in this shell, not in a
# subshell of its own (harden's own functions), and what it writes is held to the bound by the
# file-size limit bundle_begin sets.
section() {
  _section=$1; shift
  if [ -n "${_bundle:-}" ]; then
    { "$@"; } > "$_bundle/$_section" 2> /dev/null
    _bundle_names="$_bundle_names $_section"
    return 0
  fi
  printf '@@harden %s ' "$_section"
  { "$@"; } 2> /dev/null | head -c "${HARDEN_MAX_SECTION:-8388608}" | base64 | tr -d '\n'
  echo
}
# tool_section NAME FN: a section whose FN (a module's fact snippet) may run tools that write files
# of their own (apt fetching packages for a dry run): FN runs free of the bundle's file-size limit
# and its output is cut to the bound by head instead.
tool_section() {
  if [ -n "${_bundle:-}" ]; then
    { ( ulimit -S -f unlimited 2> /dev/null; "$2" ) 2> /dev/null | head -c "${HARDEN_MAX_SECTION:-8388608}"; } \
      > "$_bundle/$1" 2> /dev/null
    _bundle_names="$_bundle_names $1"
    return 0
  fi
  section "$@"
}
# bundle_begin: later sections go into a private directory, in memory where possible (/dev/shm,
# /run), on a file system with at least 64 MiB free (the most harden reads from one command); where
# there is none (a full or read-only host), they stream as before. The directory goes when the shell
# exits, is hung up, interrupted or terminated, or finds its reader gone; one that a killed probe
# left behind goes at a later probe, an hour on.
bundle_begin() {
  _bundle= _bundle_names=
  for _d in ${_bundle_dirs:-/dev/shm /run /tmp}; do
    [ -d "$_d" ] && [ -w "$_d" ] || continue
    for _old in "$_d"/.harden-probe.*; do
      [ -d "$_old" ] && [ -O "$_old" ] && [ ! -L "$_old" ] || continue
      find "$_old" -maxdepth 0 -mmin +60 -exec rm -rf {} + 2> /dev/null
    done
    # shellcheck disable=SC2046
    set -- $(stat -f -c '%a %S' "$_d" 2> /dev/null)
    [ $# = 2 ] || continue
    case "$1$2" in *[!0-9]*) continue;; esac
    [ "$(( $1 / 1024 * $2 / 1024 ))" -ge 64 ] || continue
    _bundle=$(mktemp -d "$_d/.harden-probe.XXXXXX" 2> /dev/null) && break
    _bundle=
  done
  [ -n "$_bundle" ] || return 0
  trap '[ -z "$_bundle" ] || rm -rf "$_bundle"' EXIT
  trap '[ -z "$_bundle" ] || rm -rf "$_bundle"; trap - EXIT; exit 129' HUP INT TERM PIPE
  # no file this shell or its commands write grows past the bound (in blocks of 512 or 1024 bytes,
  # depending on the shell; bundle_end cuts exactly): a write past it fails instead of killing. A
  # soft limit, which tool_section lifts for module facts.
  ulimit -S -f $(( ${HARDEN_MAX_SECTION:-8388608} / 512 + 1 )) 2> /dev/null
  trap '' XFSZ 2> /dev/null
}
# bundle_end: the bundled sections as one frame; names are harden's own (no spaces), sizes are the
# files' sizes after cutting each to the bound, so the host's bytes never touch the index. A write
# that failed for want of space would have cut a section short: when the scratch file system is
# full, "@@harden-bundle-full DIR" goes instead, and harden fails the host rather than read cut facts.
bundle_end() {
  [ -n "${_bundle:-}" ] || return 0
  _max=${HARDEN_MAX_SECTION:-8388608}
  _index=
  if cd "$_bundle" && [ -n "$_bundle_names" ]; then
    # shellcheck disable=SC2046
    set -- $(stat -f -c '%a' . 2> /dev/null)
    if [ "${1:-0}" = 0 ]; then
      printf '@@harden-bundle-full %s\n' "${_bundle%/*}"
      cd / && rm -rf "$_bundle"
      _bundle=
      return 0
    fi
    # shellcheck disable=SC2086
    set -- $_bundle_names
    set -f
    for _e in $(stat -c '%n:%s' -- "$@"); do
      _n=${_e%:*} _s=${_e##*:}
      if [ "$_s" -gt "$_max" ]; then head -c "$_max" "$_n" > "$_n.cut" && cat "$_n.cut" > "$_n"; rm -f "$_n.cut"; _s=$_max; fi
      _index="$_index${_index:+,}$_n:$_s"
    done
    set +f
    printf '@@harden-bundle %s ' "$_index"
    cat -- "$@" | base64 | tr -d '\n'
    echo
  fi
  cd / && rm -rf "$_bundle"
  _bundle=
}
# frame NAME CMD...: runs CMD, then prints sections NAME (both streams, bounded) and NAME.rc (its
# exit status); returns that status.
frame() {
  _frame_name=$1; shift
  _frame_out=$("$@" 2>&1); _frame_rc=$?
  printf '@@harden %s %s\n' "$_frame_name" "$(printf '%s' "$_frame_out" | head -c 65536 | base64 | tr -d '\n')"
  printf '@@harden %s.rc %s\n' "$_frame_name" "$(printf '%s' "$_frame_rc" | base64)"
  return $_frame_rc
}
kind_sum() { _sum=$(sha256sum < "$1") && printf '%s\n' "${_sum%% *}"; }
kind_systemd() { # PID 1 is systemd on a live host (a builtin read: the probe asks often)
  [ -z "$R" ] || return 1
  _pid1=; read -r _pid1 < /proc/1/comm 2> /dev/null
  [ "$_pid1" = systemd ]
}
kind_can_chown() { [ -z "$R" ] || [ "$(id -u)" = 0 ]; }
# beside PATH WORD: the dot-file next to PATH that harden writes before renaming it into place.
# A leading dot keeps every directory scanner (sudoers.d, apt.conf.d, sshd_config.d, apparmor.d,
# systemd drop-ins) from loading a half-written file a dead run left behind.
beside() { printf '%s/.%s.harden-%s' "${1%/*}" "${1##*/}" "$2"; }

# ---- read ahead (the fact probe, in a bundle) ----
# prefetch_stats PATH...: "MODE USER GROUP SIZE" of the paths that exist, in one process; state_file
# and state_dir look them up (stat_cached) instead of starting a stat each. Paths are harden's own
# managed paths (plain, no "|"); one not found here is read as before.
prefetch_stats() {
  [ -n "${_bundle:-}" ] && [ $# -gt 0 ] || return 0
  _n=$#
  for _p; do set -- "$@" "$R$_p"; done
  shift "$_n"
  stat -c '%n|%a %U %G %s' -- "$@" > "$_bundle/.stats" 2> /dev/null
}
stat_cached() { # PATH: sets _stat from prefetch_stats, or returns false
  [ -n "${_bundle:-}" ] && [ -f "$_bundle/.stats" ] || return 1
  while IFS= read -r _l; do
    case "$_l" in "$1|"*) _stat=${_l#"$1|"}; return 0;; esac
  done < "$_bundle/.stats"
  return 1
}
# prefetch_pkgs NAME...: the dpkg states of these packages in one query; state_pkg looks them up.
prefetch_pkgs() {
  [ -n "${_bundle:-}" ] && [ $# -gt 0 ] && [ "$(pkg_tool)" = dpkg ] || return 0
  dpkg-query ${R:+--admindir="$R/var/lib/dpkg"} -W -f '${Package}|${db:Status-Abbrev}|${Version}\n' "$@" \
    > "$_bundle/.pkgs" 2> /dev/null
  [ -f "$_bundle/.pkgs" ] && _pkgs_asked=" $* "
}
# prefetch_units UNIT...: enablement and activity of these units (live systemd host) with a few
# systemctl calls instead of two per unit; state_unit looks them up by position. is-active prints a
# line per unit; is-enabled stops at the first unit it cannot find, which is "not-found", and the
# rest are asked again. A unit with only an init script is left to state_unit: is-enabled answers
# for such units first, out of order (systemd-sysv-install), which no count can tell.
prefetch_units() {
  [ -n "${_bundle:-}" ] && [ $# -gt 0 ] && kind_systemd || return 0
  _n=$#
  for _u; do kind_sysv_only "$_u" || set -- "$@" "$_u"; done
  shift "$_n"
  [ $# -gt 0 ] || return 0
  _units=" $* " _want=$#
  systemctl is-active -- "$@" > "$_bundle/.active" 2> /dev/null
  : > "$_bundle/.enabled" || return 0
  set -f
  while [ $# -gt 0 ]; do
    _got=0
    for _l in $(systemctl is-enabled -- "$@" 2> /dev/null); do
      printf '%s\n' "$_l" >> "$_bundle/.enabled"; _got=$((_got + 1))
    done
    [ "$_got" -le $# ] || { set +f; return 0; }
    shift "$_got"
    [ $# -gt 0 ] || break
    echo >> "$_bundle/.enabled"; shift
  done
  set +f
  [ "$(lines_of "$_bundle/.active")" = "$_want" ] && [ "$(lines_of "$_bundle/.enabled")" = "$_want" ] \
    && _units_asked=$_units
}
# kind_sysv_only UNIT: a service with an init script and no unit file where systemd looks for one
kind_sysv_only() {
  case "$1" in *.service) _s=${1%.service};; *.*) return 1;; *) _s=$1;; esac
  [ -f "/etc/init.d/$_s" ] || return 1
  for _dir in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system /lib/systemd/system \
      /usr/lib/systemd/system; do
    [ ! -e "$_dir/$_s.service" ] || return 1
  done
}
lines_of() { _c=0; while IFS= read -r _l; do _c=$((_c + 1)); done < "$1"; echo "$_c"; }
line_at() { # FILE N: its Nth line (from 1)
  _c=0; while IFS= read -r _l; do _c=$((_c + 1)); [ "$_c" = "$2" ] && { printf '%s' "$_l"; return; }; done < "$1"
}

# ---- file ----
state_file() {
  f="$R$1"
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then echo other
  elif [ -f "$f" ]; then
    if stat_cached "$f"; then echo "present $_stat"; else stat -c 'present %a %U %G %s' "$f"; fi \
      && head -c "${HARDEN_MAX_FILE:-4194304}" "$f"
  else echo absent; fi
}
fp_file() {
  f="$R$1"
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then printf other
  elif [ -f "$f" ]; then printf '%s %s' "$(kind_sum "$f")" "$(stat -c '%a %U:%G' "$f")"
  else printf absent; fi
}
put_file() { # idx path: renames the staged, validated copy into place
  s=$(beside "$R$2" new)
  [ -f "$s" ] || { err "$2: the staged copy is gone; nothing was replaced"; return 1; }
  journal "$1" && mv -f "$s" "$R$2"
}
remove_file() { journal "$1" && rm -f "$R$2"; }
restore_file() { # idx path mode owner group sha256 size: back to the backup, checked before it replaces anything
  b="$g/files/$1"; t=$(beside "$R$2" restore)
  rm -f "$t"
  if ! { ln "$b" "$t" 2>/dev/null || cp "$b" "$t" 2>/dev/null; }; then
    rm -f "$t"; err "could not restore $2: cannot copy its backup (is the disk full?); it keeps the new version"; return 1
  fi
  if [ "$(stat -c %s "$t")" != "$7" ] || [ "$(kind_sum "$t")" != "$6" ]; then
    rm -f "$t"; err "could not restore $2: its backup does not match the generation's record; it keeps the new version"; return 1
  fi
  if kind_can_chown; then chown "$4:$5" "$t" || { rm -f "$t"; err "could not restore $2: chown failed"; return 1; }; fi
  chmod "$3" "$t" && mv -f "$t" "$R$2" && out "restored $2"
}
remove_file_again() { rm -f "$R$1" && out "removed $1 (it did not exist before)"; }

# ---- directory ----
state_dir() {
  f="$R$1"
  if [ -L "$f" ]; then echo other
  elif [ -d "$f" ]; then
    if stat_cached "$f"; then echo "present ${_stat% *}"; else stat -c 'present %a %U %G' "$f"; fi
  elif [ -e "$f" ]; then echo other
  else echo absent; fi
}
fp_dir() {
  f="$R$1"
  if [ -L "$f" ]; then printf other
  elif [ -d "$f" ]; then printf 'dir %s' "$(stat -c '%a %U:%G' "$f")"
  elif [ -e "$f" ]; then printf other
  else printf absent; fi
}
put_dir() { # idx path mode owner group
  journal "$1" || return 1
  [ -d "$R$2" ] || mkdir "$R$2" || return 1
  if kind_can_chown; then chown "$4:$5" "$R$2" || return 1; fi
  chmod "$3" "$R$2"
}
remove_dir() { journal "$1" && rmdir "$R$2"; }
restore_dir() { # path mode owner group
  [ -d "$R$1" ] || mkdir "$R$1" || { err "could not restore directory $1"; return 1; }
  if kind_can_chown; then chown "$3:$4" "$R$1"; fi
  chmod "$2" "$R$1" && out "restored directory $1"
}
remove_dir_again() {
  if rmdir "$R$1" 2>/dev/null || [ ! -e "$R$1" ]; then out "removed directory $1 (it did not exist before)"
  else err "left directory $1 in place: it is not empty"; fi
}

# ---- link ----
state_link() {
  f="$R$1"
  if [ -L "$f" ]; then printf 'present '; readlink "$f"
  elif [ -e "$f" ]; then echo other
  else echo absent; fi
}
fp_link() {
  f="$R$1"
  if [ -L "$f" ]; then printf 'link %s' "$(readlink "$f")"
  elif [ -e "$f" ]; then printf other
  else printf absent; fi
}
put_link() { # idx path target
  t=$(beside "$R$2" new)
  rm -f "$t" && ln -s "$3" "$t" || return 1
  journal "$1" && mv -fT "$t" "$R$2"
}
remove_link() { journal "$1" && rm -f "$R$2"; }
restore_link() { # path target
  t=$(beside "$R$1" restore)
  rm -f "$t" && ln -s "$2" "$t" && mv -fT "$t" "$R$1" && out "restored link $1 -> $2"
}
remove_link_again() { rm -f "$R$1" && out "removed link $1 (it did not exist before)"; }

# ---- package ----
pkg_tool() { # the package database of the host (an image root's is read with this machine's tools)
  if [ -f "$R/var/lib/dpkg/status" ] && command -v dpkg-query > /dev/null 2>&1; then echo dpkg
  elif [ -d "$R/var/lib/rpm" ] && command -v rpm > /dev/null 2>&1; then echo rpm
  else echo none; fi
}
state_pkg() {
  case "${_pkgs_asked:-}" in
    *" $1 "*) s=
      while IFS='|' read -r _n _st _v; do [ "$_n" = "$1" ] && { s="$_st|$_v"; break; }; done < "$_bundle/.pkgs"
      case "$s" in ii*|hi*) echo "present ${s#*|}";; *) echo absent;; esac
      return;;
  esac
  case "$(pkg_tool)" in
    dpkg) s=$(dpkg-query ${R:+--admindir="$R/var/lib/dpkg"} -W -f '${db:Status-Abbrev}|${Version}' "$1" 2>/dev/null)
          case "$s" in ii*|hi*) echo "present ${s#*|}";; *) echo absent;; esac;;
    rpm) if v=$(rpm ${R:+--root "$R"} -q --qf '%{VERSION}-%{RELEASE}' "$1" 2>/dev/null); then echo "present $v"
         else echo absent; fi;;
    *) echo unknown;;
  esac
}
fp_pkg() { s=$(state_pkg "$1"); case "$s" in present*) printf 'installed %s' "${s#present }";; *) printf '%s' "$s";; esac; }
pkg_list() { # every installed package name, sorted
  case "$(pkg_tool)" in
    dpkg) dpkg-query ${R:+--admindir="$R/var/lib/dpkg"} -W -f '${db:Status-Abbrev} ${Package}\n' 2>/dev/null \
            | awk '$1 ~ /^[ih]i/ {print $2}' | sort;;
    rpm) rpm ${R:+--root "$R"} -qa --qf '%{NAME}\n' | sort;;
  esac
}
pkg_run() { # install|purge name...: the package manager, non-interactive, waiting at most 5 minutes for its lock
  [ -z "$R" ] || { err "packages cannot be installed into an image root by harden; install $2 in the image build"; return 1; }
  what=$1; shift
  if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    set -- -y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      "$what" "$@"
    [ "$what" = install ] && set -- "$@" --no-install-recommends
    if ! apt-get "$@" < /dev/null > "$g/apt.log" 2>&1; then
      if [ "$what" = install ] && grep -q 'Unable to locate package\|has no installation candidate' "$g/apt.log"; then
        out "apt-get update (the package lists do not know the package)"
        apt-get -q -o DPkg::Lock::Timeout=300 update < /dev/null >> "$g/apt.log" 2>&1
        apt-get "$@" < /dev/null >> "$g/apt.log" 2>&1 && return 0
      fi
      grep -i 'waiting for\|^E:' "$g/apt.log" | tail -n 3 >&2
      [ -s "$g/apt.log" ] || err "apt-get $what failed and its log $g/apt.log could not be written (is the disk full?)"
      return 1
    fi
    grep -i 'waiting for cache lock' "$g/apt.log" | tail -n 1 || true
  elif command -v dnf >/dev/null 2>&1; then
    case "$what" in purge) what=remove;; esac
    timeout 600 dnf -y -q "$what" "$@" < /dev/null > "$g/dnf.log" 2>&1 || { tail -n 3 "$g/dnf.log" >&2; return 1; }
  else
    err "no apt-get or dnf on this host"; return 1
  fi
}
install_pkgs() { # idx... -- name...: one transaction; records what it newly installed in $g/installed
  while [ "$1" != -- ]; do journal "$1" || return 1; shift; done; shift
  pkg_list > "$g/packages.before" || { err "cannot write $g/packages.before (is the disk full?)"; return 1; }
  pkg_run install "$@"; rc=$?
  # what was newly installed is what a revert purges: not knowing it is a failure, even after a good install
  pkg_list | comm -13 "$g/packages.before" - >> "$g/installed" \
    || { err "cannot write $g/installed (is the disk full?): the packages just installed are not recorded"; return 1; }
  [ $rc = 0 ] && out "installed $* ($(wc -l < "$g/installed") package(s) new on this host)"
  return $rc
}
purge_pkgs() { # idx... -- name...: records what it removed, with versions, in $g/purged
  while [ "$1" != -- ]; do journal "$1" || return 1; shift; done; shift
  for p in "$@"; do s=$(state_pkg "$p"); [ "${s%% *}" = present ] && { printf '%s=%s\n' "$p" "${s#present }" >> "$g/purged" \
    || { err "cannot write $g/purged (is the disk full?)"; return 1; }; }; done
  stop_units_of "$@"
  pkg_run purge "$@" && daemon_reload && out "purged $*"
}
pkg_units() { # the systemd units the packages ship
  case "$(pkg_tool)" in
    dpkg) dpkg -L "$@" 2> /dev/null;;
    rpm) rpm -ql "$@" 2> /dev/null;;
  esac | grep -E '^/(usr/)?lib/systemd/system/[^/]+\.(service|socket|timer|path)$' | sed 's|.*/||' | sort -u
}
stop_units_of() { # packages about to go: their units stop first, so none lingers as active without its file
  kind_systemd || return 0
  for u in $(pkg_units "$@"); do systemctl stop "$u" > /dev/null 2>&1 || true; done
}
purge_installed() { # undoes install_pkgs: purges exactly the packages it newly installed
  [ -s "$g/installed" ] || return 0
  # shellcheck disable=SC2046
  stop_units_of $(sort -u "$g/installed")
  # shellcheck disable=SC2046
  pkg_run purge $(sort -u "$g/installed") && daemon_reload && out "purged $(sort -u "$g/installed" | tr '\n' ' ')"
}
reinstall_purged() {
  [ -s "$g/purged" ] || return 0
  # shellcheck disable=SC2046
  pkg_run install $(cut -d= -f1 "$g/purged") && out "reinstalled $(cut -d= -f1 "$g/purged" | tr '\n' ' ')"
}

# ---- unit ----
state_unit() {
  if [ -n "$R" ]; then
    if command -v systemctl >/dev/null 2>&1; then
      e=$(systemctl --root="$R" is-enabled "$1" 2>/dev/null); echo "present ${e:-not-found} offline"
    else echo unknown; fi
    return
  fi
  kind_systemd || { echo unknown; return; }
  case "${_units_asked:-}" in
    *" $1 "*)
      _i=0; for _u in $_units_asked; do _i=$((_i + 1)); [ "$_u" = "$1" ] && break; done
      e=$(line_at "$_bundle/.enabled" "$_i"); a=$(line_at "$_bundle/.active" "$_i");;
    *) e=$(systemctl is-enabled "$1" 2>/dev/null); a=$(systemctl is-active "$1" 2>/dev/null);;
  esac
  echo "present ${e:-not-found} ${a:-unknown}"
}
fp_unit() { s=$(state_unit "$1"); case "$s" in present*) printf 'unit %s' "${s#present }";; *) printf '%s' "$s";; esac; }
unit_enablement() { # unit want
  cur=$(systemctl ${R:+--root="$R"} is-enabled "$1" 2>/dev/null)
  [ "$cur" = "$2" ] && return 0
  if [ "$cur" = masked ]; then systemctl ${R:+--root="$R"} unmask "$1" || return 1; fi
  case "$2" in
    # --no-reload: the caller's daemon-reload already came; starting or stopping needs no other
    enabled) systemctl ${R:+--root="$R"} --no-reload enable "$1";;
    disabled) systemctl ${R:+--root="$R"} --no-reload disable "$1";;
    masked) systemctl ${R:+--root="$R"} mask "$1";;
  esac
}
unit_activity() { # unit want (nothing runs in an image root)
  [ -z "$R" ] || return 0
  case "$2" in
    active) systemctl start "$1";;
    inactive) systemctl stop "$1";;
  esac
}
set_unit() { # idx unit enablement|- activity|-
  journal "$1" || return 1
  if [ "$3" != - ]; then unit_enablement "$2" "$3" || return 1; fi
  if [ "$4" != - ]; then unit_activity "$2" "$4" || return 1; fi
}
restore_unit() { # unit enablement activity (as they were)
  case "$2" in enabled|disabled|masked) unit_enablement "$1" "$2" || { err "could not restore unit $1 to $2"; return 1; };; esac
  case "$3" in active|inactive) unit_activity "$1" "$3" || { err "could not restore unit $1 to $3"; return 1; };; esac
  out "restored unit $1 ($2, $3)"
}
daemon_reload() { if kind_systemd; then systemctl daemon-reload; fi; }

# ---- secret ----
state_secret() { # path deriver
  f="$R$1"
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then echo other
  elif [ -f "$f" ]; then
    printf 'present %s %s\n' "$(kind_sum "$f")" "$(stat -c '%a %U %G' "$f")"
    "derive_$2" < "$f" 2>/dev/null | head -c 4096
  else echo absent; fi
}
fp_secret() {
  f="$R$1"
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then printf other
  elif [ -f "$f" ]; then printf 'secret %s' "$(kind_sum "$f")"
  else printf absent; fi
}
put_secret() { # idx path generator mode owner group keep|rotate: born here, under umask 077, never printed
  journal "$1" || return 1
  if [ ! -f "$R$2" ] || [ "$7" = rotate ]; then
    t=$(beside "$R$2" new)
    ( umask 077 && rm -f "$t" && "generate_$3" > "$t" ) && [ -s "$t" ] || { rm -f "$t"; err "could not generate $2"; return 1; }
    if kind_can_chown; then chown "$5:$6" "$t"; fi
    chmod "$4" "$t" && mv -f "$t" "$R$2" || return 1
    out "generated $2 on the host"
  else
    if kind_can_chown; then chown "$5:$6" "$R$2"; fi
    chmod "$4" "$R$2"
  fi
}
keep_secret() { out "kept $1 (secrets stay as they are on rollback)"; }
