# harden fact probe: everything planning needs, in one round trip, read-only.
# $1 = the user harden logs in as. HARDEN_ROOT is set only when the target is an image root
# directory on this machine. Every section is ONE line, "@@harden NAME BASE64": nothing a host
# prints (file contents, process names, os-release) can forge the framing, and each section is
# bounded (section, in kinds.sh). Module facts and resource states follow the core sections.
R="${HARDEN_ROOT:-}"
login="$1"
core_os() { cat "$R/etc/os-release" 2> /dev/null || cat "$R/usr/lib/os-release"; }
core_openssh() {
  if [ -z "$R" ]; then
    { sshd -V 2>&1; ssh -V 2>&1; } | grep -o 'OpenSSH_[0-9][0-9.p]*' | head -n 1
  else
    sed -n '/^Package: openssh-server$/,/^$/s/^Version: //p' "$R/var/lib/dpkg/status" 2> /dev/null | head -n 1
  fi
}
core_init() { if [ -n "$R" ]; then echo image; else cat /proc/1/comm 2> /dev/null || echo unknown; fi; }
core_packages() { for m in apt-get dnf yum zypper; do if [ -x "$R/usr/bin/$m" ]; then echo "$m"; return; fi; done; }
# The connection harden uses, as the host sees it: from the login session's environment.
conn=
if [ -z "$R" ]; then
  p=$$
  while [ -z "$conn" ] && [ "${p:-1}" -gt 1 ]; do
    conn=$(tr '\0' '\n' < "/proc/$p/environ" 2> /dev/null | sed -n 's/^SSH_CONNECTION=//p' | head -n 1)
    p=$(cut -d' ' -f4 "/proc/$p/stat" 2> /dev/null)
  done
fi
core_connection() { printf '%s' "$conn"; }
core_listeners() { [ -z "$R" ] && command -v ss > /dev/null 2>&1 && ss -tulpnH; }
# What harden recorded here: the latest confirmed apply ("GENERATION COMMIT") and the hold.
core_applied() {
  for g in $(ls -1 "$R/var/lib/harden/generations" 2> /dev/null | sort -r); do
    m="$R/var/lib/harden/generations/$g/meta"
    [ "$(sed -n 's/^status=//p' "$m" 2> /dev/null | tail -n 1)" = complete ] || continue
    [ "$(sed -n 's/^kind=//p' "$m" | tail -n 1)" = apply ] || continue
    echo "$g $(sed -n 's/^commit=//p' "$m" | tail -n 1)"; return
  done
}
section core.os core_os
section core.openssh core_openssh
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
  for f in $(ls -1 "$R/var/lib/harden/exceptions" 2> /dev/null | head -n 100); do
    case "$f" in *[!a-z0-9-]*|-*) continue;; esac
    [ -f "$R/var/lib/harden/exceptions/$f" ] && [ ! -L "$R/var/lib/harden/exceptions/$f" ] && echo "$f"
  done
}
section core.exceptions.dir state_dir /var/lib/harden/exceptions
n=0
for f in $(core_exception_names); do
  section "core.exception.$n.id" printf '%s' "$f"
  section "core.exception.$n" state_file "/var/lib/harden/exceptions/$f"
  n=$((n + 1))
done
