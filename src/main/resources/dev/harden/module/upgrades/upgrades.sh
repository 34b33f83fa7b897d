# upgrades module, on-host code: checks of the staged apt drop-in and timer drop-ins.
check_apt_conf() { # a staged apt.conf.d file, read by apt's own parser with the host's configuration
  if [ -n "$R" ]; then echo "not validated: apt-config reads the live host's configuration"; return 99; fi
  command -v apt-config > /dev/null 2>&1 || { echo "not validated: apt-config not found"; return 99; }
  _apt_out=$(apt-config -c "$1" dump 2>&1 > /dev/null); _apt_rc=$?
  if [ "$_apt_rc" != 0 ]; then
    printf '%s\n' "$_apt_out" | grep -a '^E:' | head -n 3
    [ -n "$_apt_out" ] || echo "apt-config failed (exit $_apt_rc)"
    return 1
  fi
}
check_timer_calendar() { # every non-empty OnCalendar= of a staged timer drop-in, read by systemd
  if [ -n "$R" ]; then echo "not validated: systemd-analyze checks calendars on the live host"; return 99; fi
  command -v systemd-analyze > /dev/null 2>&1 || { echo "not validated: systemd-analyze not found"; return 99; }
  _cal_n=0
  while IFS= read -r _cal_line; do
    case "$_cal_line" in
      OnCalendar=?*)
        _cal_n=$((_cal_n + 1))
        _cal_out=$(systemd-analyze calendar "${_cal_line#OnCalendar=}" 2>&1) \
          || { printf '%s: %s\n' "$_cal_line" "$(printf '%s' "$_cal_out" | head -n 1)"; return 1; };;
    esac
  done < "$1"
  [ "$_cal_n" -gt 0 ] || { echo "no OnCalendar= value in the timer drop-in"; return 1; }
}
