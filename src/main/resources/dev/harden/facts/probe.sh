# harden fact probe: everything planning needs, in one round trip, read-only.
# $1 = the user harden logs in as; $2... = paths the modules may manage.
# HARDEN_ROOT is set only when the target is an image root directory on this machine.
R="${HARDEN_ROOT:-}"
login="$1"; shift
sec() { printf '\n@@harden %s\n' "$1"; }
sec os
cat "$R/etc/os-release" 2>/dev/null || cat "$R/usr/lib/os-release" 2>/dev/null
sec openssh
if [ -z "$R" ]; then
  { sshd -V 2>&1; ssh -V 2>&1; } | grep -o 'OpenSSH_[0-9][0-9.p]*' | head -n 1
else
  sed -n '/^Package: openssh-server$/,/^$/s/^Version: //p' "$R/var/lib/dpkg/status" 2>/dev/null | head -n 1
fi
sec init
if [ -n "$R" ]; then echo image; else cat /proc/1/comm 2>/dev/null || echo unknown; fi
sec packages
for m in apt-get dnf yum zypper; do if [ -x "$R/usr/bin/$m" ]; then echo "$m"; break; fi; done
sec ssh-unit
for u in ssh sshd; do
  for d in /lib/systemd/system /usr/lib/systemd/system /etc/systemd/system; do
    if [ -e "$R$d/$u.service" ]; then echo "$u"; break 2; fi
  done
done
sec host-keys
for k in "$R"/etc/ssh/ssh_host_*_key; do [ -f "$k" ] && echo "${k#"$R"}"; done
for p in "$@"; do
  sec "file $p"
  f="$R$p"
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then echo other
  elif [ -f "$f" ]; then stat -c 'present %a %U %G' "$f" && base64 "$f" | tr -d '\n' && echo
  else echo absent
  fi
done
# The connection harden uses, as the host sees it: from the login session's environment.
conn=
if [ -z "$R" ]; then
  p=$$
  while [ -z "$conn" ] && [ "${p:-1}" -gt 1 ]; do
    conn=$(tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p')
    p=$(cut -d' ' -f4 "/proc/$p/stat" 2>/dev/null)
  done
fi
sec ssh-connection
echo "$conn"
sec sshd-effective
if [ -z "$R" ] && command -v sshd >/dev/null 2>&1; then
  addr=${conn%% *}
  sshd -T -C "user=$login,host=harden-probe,addr=${addr:-127.0.0.1}" 2>&1 || echo "@@error"
fi
sec firewall
if [ -z "$R" ]; then
  command -v ufw >/dev/null 2>&1 && echo ufw-installed
  iptables -S ufw-user-input >/dev/null 2>&1 && echo ufw-active
  if command -v firewall-cmd >/dev/null 2>&1; then
    echo firewalld-installed
    # firewall-cmd is a Python program (slow): ask systemd, and read the zone from the config.
    if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then systemctl is-active --quiet firewalld && echo firewalld-running
    elif [ "$(firewall-cmd --state 2>/dev/null)" = running ]; then echo firewalld-running; fi
    zone=$(sed -n 's/^DefaultZone=//p' /etc/firewalld/firewalld.conf 2>/dev/null)
    echo "firewalld-zone ${zone:-public}"
  fi
else
  [ -x "$R/usr/sbin/ufw" ] && echo ufw-installed
  [ -x "$R/usr/bin/firewall-cmd" ] && echo firewalld-installed
fi
sec listeners
if [ -z "$R" ] && command -v ss >/dev/null 2>&1; then
  ss -tulpnH 2>/dev/null || echo "@@unknown"
else
  echo "@@unknown"
fi
exit 0
