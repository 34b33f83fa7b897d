# firewall module, on-host code: loading ufw's and firewalld's files, and firewalld's own zone check.
activate_ufw() { # loads ufw's files: its rules when ufw.conf says ENABLED=yes, else none
  init=
  for f in /lib/ufw/ufw-init /usr/lib/ufw/ufw-init /usr/libexec/ufw/ufw-init; do
    if [ -x "$f" ]; then init=$f; break; fi
  done
  if [ -z "$init" ]; then
    # ufw is gone (its package was purged by a rollback): nothing left to load
    [ -e /etc/ufw/ufw.conf ] || return 0
    echo "ufw-init not found: is ufw installed?" >&2; return 1
  fi
  if grep -Eq '^ENABLED=(yes|YES)' /etc/ufw/ufw.conf 2> /dev/null; then "$init" force-reload
  else "$init" force-stop; fi
}
activate_firewalld() {
  [ "$(firewall-cmd --state 2> /dev/null)" = running ] || { echo "firewalld is not running" >&2; return 1; }
  firewall-cmd --reload
}
check_firewalld_zone() { # a staged zone file, read by firewalld's own parser
  if [ -n "$R" ]; then echo "not validated: firewalld's zone reader needs the live host"; return 99; fi
  python3 - "$1" <<'PY'
import os, shutil, sys, tempfile
try:
    from firewall.core.io.zone import zone_reader
except ImportError:
    sys.exit("firewalld's python module is missing: is firewalld installed?")
d = tempfile.mkdtemp()
try:
    shutil.copy(sys.argv[1], os.path.join(d, "check.xml"))
    zone = zone_reader("check.xml", d)
    written = open(sys.argv[1]).read().count("<rule")
    if len(zone.rules) != written:
        sys.exit("firewalld dropped %d of %d rules as invalid" % (written - len(zone.rules), written))
except Exception as e:
    sys.exit(str(e))
finally:
    shutil.rmtree(d)
PY
}
