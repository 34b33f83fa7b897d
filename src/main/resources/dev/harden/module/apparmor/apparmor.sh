# apparmor module, on-host code: a profile's validation by the AppArmor parser, and loading exactly
# the profiles harden manages (/etc/apparmor.d/.harden-profiles), never the others.

# apparmor_kernel: the running kernel enforces AppArmor and its interface is reachable here.
apparmor_kernel() {
  [ "$(cat /sys/module/apparmor/parameters/enabled 2> /dev/null)" = Y ] && [ -r /sys/kernel/security/apparmor/profiles ]
}

# check_apparmor STAGED: a staged profile (/etc/apparmor.d/.NAME.harden-new) or local snippet
# (/etc/apparmor.d/local/.NAME.harden-new), checked by apparmor_parser -Q -K as the profile will be
# loaded: the staged profile (or the one in place) with the staged snippet (or the one in place).
# Nothing is loaded into the kernel, so this works where the kernel has no AppArmor too.
check_apparmor() {
  aa_b=$(basename "$1"); aa_n=${aa_b#.}; aa_n=${aa_n%.harden-new}
  case "$(dirname "$1")" in
    /etc/apparmor.d|/etc/apparmor.d/local) ;;
    *) echo "$1 is not a profile or local snippet in /etc/apparmor.d"; return 1;;
  esac
  if [ -n "$R" ]; then echo "not validated: apparmor_parser checks profiles on the live host, not in an image root"; return 99; fi
  command -v apparmor_parser > /dev/null 2>&1 || { echo "not validated: apparmor_parser is not installed"; return 99; }
  aa_p="/etc/apparmor.d/$aa_n"
  aa_f=$(beside "$aa_p" new)
  [ -f "$aa_f" ] || [ -f "$aa_p" ] || { echo "$aa_p does not exist: a local snippet needs its profile"; return 1; }
  aa_o=$(mktemp -d) || { echo "not validated: no temporary directory"; return 99; }
  if [ ! -f "$aa_f" ]; then
    # the profile in place, under another name: the parser skips a file named in disable/ unchecked
    aa_f="$aa_o/$aa_n.harden-check"
    cp "$aa_p" "$aa_f" || { rm -rf "$aa_o"; echo "not validated: no room for a copy of $aa_p"; return 99; }
  fi
  aa_l=$(beside "/etc/apparmor.d/local/$aa_n" new)
  if [ -f "$aa_l" ]; then
    mkdir "$aa_o/local" && cp "$aa_l" "$aa_o/local/$aa_n" || { rm -rf "$aa_o"; echo "not validated: no room for a copy of $aa_l"; return 99; }
  fi
  # -I: the staged snippet (if any) wins over the one in place; everything else from /etc/apparmor.d
  aa_m=$(apparmor_parser -Q -K -I "$aa_o" "$aa_f" 2>&1); aa_rc=$?
  rm -rf "$aa_o"
  # the parser's own words, naming the files as they will be named (not their staged copies)
  printf '%s\n' "$aa_m" | grep -v '^Cache read/write disabled' | sed -e "s|$aa_f|$aa_p|g" -e "s|$aa_o/local/|/etc/apparmor.d/local/|g"
  return $aa_rc
}

# activate_apparmor: loads each profile of /etc/apparmor.d/.harden-profiles as its files say:
# disable/NAME unloads it (-R), force-complain/NAME loads it in complain mode (-r -C), else enforce
# (-r). A profile that left the list (a revert, a policy change) is loaded as its files say now, or
# unloaded when its file is gone (the names it had are kept in /var/lib/harden/apparmor.loaded).
# Never the others. A kernel without AppArmor loads nothing: that is reported, not a failure.
# -R and -N read the profile on stdin: given a file named in disable/, the parser skips it.
activate_apparmor() {
  aa_list=/etc/apparmor.d/.harden-profiles; aa_mem=/var/lib/harden/apparmor.loaded
  if ! apparmor_kernel; then
    rm -f "$aa_mem"
    echo "kernel has no AppArmor: profiles installed, not enforced"
    return 0
  fi
  if ! command -v apparmor_parser > /dev/null 2>&1; then
    [ -f "$aa_list" ] || { rm -f "$aa_mem"; return 0; }
    echo "apparmor_parser not found: is apparmor installed?" >&2; return 1
  fi
  aa_names=$( { awk 'NF == 3 && $1 !~ /^#/ {print $1}' "$aa_list" 2> /dev/null; cut -f1 "$aa_mem" 2> /dev/null; } | sort -u)
  aa_new=$(umask 077 && mktemp "$aa_mem.XXXXXX" 2> /dev/null || mktemp) || return 1
  aa_rc=0
  for aa_n in $aa_names; do
    case "$aa_n" in .*|*[!A-Za-z0-9._-]*) continue;; esac
    aa_f=/etc/apparmor.d/$aa_n
    if [ ! -f "$aa_f" ]; then
      awk -F '\t' -v n="$aa_n" '$1 == n {print $2}' "$aa_mem" 2> /dev/null | while IFS= read -r aa_x; do
        printf '%s' "$aa_x" > /sys/kernel/security/apparmor/.remove 2> /dev/null
      done
      echo "unloaded $aa_n (its file is gone)"
      continue
    fi
    if [ -e "/etc/apparmor.d/disable/$aa_n" ] || [ -L "/etc/apparmor.d/disable/$aa_n" ]; then
      apparmor_parser -R < "$aa_f" > /dev/null 2>&1 || true # not loaded is as good as unloaded
      echo "unloaded $aa_n (disabled)"
    elif [ -e "/etc/apparmor.d/force-complain/$aa_n" ]; then
      if apparmor_parser -r -C "$aa_f"; then echo "loaded $aa_n (complain)"; else echo "could not load $aa_n" >&2; aa_rc=1; fi
    else
      if apparmor_parser -r "$aa_f"; then echo "loaded $aa_n"; else echo "could not load $aa_n" >&2; aa_rc=1; fi
    fi
    if awk -v n="$aa_n" 'NF == 3 && $1 == n {found = 1} END {exit !found}' "$aa_list" 2> /dev/null; then
      apparmor_parser -N < "$aa_f" 2> /dev/null | awk -v n="$aa_n" '{print n "\t" $0}' >> "$aa_new"
    fi
  done
  if [ -s "$aa_new" ]; then mv -f "$aa_new" "$aa_mem"; else rm -f "$aa_new" "$aa_mem"; fi
  return $aa_rc
}
