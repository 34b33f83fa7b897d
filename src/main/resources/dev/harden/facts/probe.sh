# harden fact probe: everything planning needs, in one round trip, read-only (but for a private
# scratch directory the sections are bundled in; see bundle_begin in kinds.sh).
# $1 = the user harden logs in as. HARDEN_ROOT is set only when the target is an image root
# directory on this machine. Every section is framed (section, in kinds.sh): nothing a host prints
# (file contents, process names, os-release) can forge the framing, and each section is bounded.
# Module facts and resource states follow the core sections. The probe runs on every host for
# every plan: each process it starts costs the host about a millisecond and a half of CPU, so
# what a builtin can read, a builtin reads.
R="${HARDEN_ROOT:-}"
login="$1"
core_os() { cat "$R/etc/os-release" 2> /dev/null || cat "$R/usr/lib/os-release"; }
core_openssh() {
  if [ -z "$R" ]; then
    _v=$(sshd -V 2>&1) || true
    case "$_v" in *OpenSSH_[0-9]*) ;; *) _v=$(ssh -V 2>&1) || true;; esac
    case "$_v" in *OpenSSH_[0-9]*) _v=${_v#*OpenSSH_}; echo "OpenSSH_${_v%%[!0-9.p]*}";; esac
  else
    sed -n '/^Package: openssh-server$/,/^$/s/^Version: //p' "$R/var/lib/dpkg/status" 2> /dev/null | head -n 1
  fi
}
core_init() { if [ -n "$R" ]; then echo image; else _c=unknown; read -r _c < /proc/1/comm 2> /dev/null; echo "$_c"; fi; }
core_packages() { for m in apt-get dnf yum zypper; do if [ -x "$R/usr/bin/$m" ]; then echo "$m"; return; fi; done; }
# The connection harden uses, as the host sees it: SSH_CONNECTION in the environment of the login
# session (sudo clears it from ours), from the nearest process up the chain that has it. The chain
# is read with builtins; the environments with three processes in all.
conn=
if [ -z "$R" ]; then
  _p=$$ _envs=
  while [ "${_p:-1}" -gt 1 ] 2> /dev/null; do
    _envs="$_envs /proc/$_p/environ"
    _pp=
    while read -r _k _v; do [ "$_k" = PPid: ] && { _pp=$_v; break; }; done < "/proc/$_p/status" 2> /dev/null
    case "$_pp" in ''|*[!0-9]*) break;; esac
    _p=$_pp
  done
  # shellcheck disable=SC2086
  conn=$(cat $_envs 2> /dev/null | tr '\0' '\n' | sed -n '/^SSH_CONNECTION=/{s///p;q;}')
fi
core_connection() { printf '%s' "$conn"; }
core_listeners() { [ -z "$R" ] && command -v ss > /dev/null 2>&1 && ss -tulpnH; }
# What harden recorded here: the latest confirmed apply ("GENERATION COMMIT") and the hold.
core_applied() {
  # generation ids begin with their time, so the glob lists them oldest first: the last match wins
  _found=
  for _m in "$R"/var/lib/harden/generations/*/meta; do
    [ -f "$_m" ] || continue
    _status= _kind= _commit=
    while IFS='=' read -r _k _v || [ -n "$_k" ]; do
      case "$_k" in status) _status=$_v;; kind) _kind=$_v;; commit) _commit=$_v;; esac
    done < "$_m" 2> /dev/null
    [ "$_status" = complete ] && [ "$_kind" = apply ] || continue
    _g=${_m%/meta}
    _found="${_g##*/} $_commit"
  done
  [ -z "$_found" ] || echo "$_found"
}
section core.os core_os
[ -n "${openssh_announced:-}" ] || section core.openssh core_openssh
section core.init core_init
section core.packages core_packages
section core.connection core_connection
section core.listeners core_listeners
if [ -z "$R" ] && command -v ss > /dev/null 2>&1; then section core.listeners-known echo yes; fi
section core.applied core_applied
if [ -f "$R/var/lib/harden/hold" ]; then section core.hold cat "$R/var/lib/harden/hold"; fi
# The exceptions recorded here (/var/lib/harden/exceptions/ID, each a header and its expiry
# code): their directory's state, and each file's name and state, as for an observed resource.
core_exception_names() {
  _i=0
  for _f in "$R"/var/lib/harden/exceptions/*; do
    [ "$_i" -lt 100 ] || break
    _i=$((_i + 1))
    f=${_f##*/}
    case "$f" in *[!a-z0-9-]*|-*) continue;; esac
    [ -f "$_f" ] && [ ! -L "$_f" ] && echo "$f"
  done
}
section core.exceptions.dir state_dir /var/lib/harden/exceptions
n=0
for f in $(core_exception_names); do
  section "core.exception.$n.id" printf '%s' "$f"
  section "core.exception.$n" state_file "/var/lib/harden/exceptions/$f"
  n=$((n + 1))
done
