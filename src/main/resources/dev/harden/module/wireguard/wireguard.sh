# wireguard module, on-host code. Private keys are born here (wg genkey under umask 077, see
# put_secret) and never leave: only `wg pubkey` output is printed. The configs harden writes hold no
# key: PostUp loads /etc/wireguard/NAME.key, and this activator hands the key to `wg syncconf`
# through a pipe, never through a file, an argument or the output.
generate_wg() { wg genkey; }
derive_wg() { wg pubkey; }

# check_wg_conf STAGED: a config with no private key in it, which wg-quick can read
check_wg_conf() {
  if grep -Eqi '^[[:space:]]*PrivateKey[[:space:]]*=' "$1"; then
    echo "refused: the config holds a PrivateKey line; the key stays in /etc/wireguard/NAME.key (PostUp loads it)"
    return 1
  fi
  if [ -n "$R" ]; then echo "not validated: wg-quick reads configs on the live host only"; return 99; fi
  command -v wg-quick > /dev/null 2>&1 || { echo "not validated: wg-quick is not installed"; return 99; }
  _wg_d=$(mktemp -d) || return 1
  cp "$1" "$_wg_d/check.conf" && wg-quick strip "$_wg_d/check.conf" > /dev/null; _wg_rc=$?
  rm -rf "$_wg_d"
  return $_wg_rc
}

# activate_wireguard: every interface whose config harden wrote ("# harden-public-key:" line) is
# brought to its config without dropping its tunnels: `wg syncconf` changes only the peers that
# differ. The key file must hold the key harden pinned before anything is synced, and the interface
# must run with that key afterwards (a sync that would unset or swap it is refused).
activate_wireguard() {
  _wg_rc=0
  for _wg_conf in /etc/wireguard/*.conf; do
    [ -f "$_wg_conf" ] || continue
    grep -q '^# harden-public-key: ' "$_wg_conf" || continue
    wg_sync "$(basename "$_wg_conf" .conf)" || _wg_rc=1
  done
  return $_wg_rc
}

wg_sync() { # NAME
  _n=$1; _conf=/etc/wireguard/$1.conf; _key=/etc/wireguard/$1.key
  _want=$(sed -n 's/^# harden-public-key: //p' "$_conf" | head -n 1)
  _have=$(wg pubkey < "$_key" 2> /dev/null)
  if [ -z "$_have" ] || [ "$_have" != "$_want" ]; then
    echo "$_n: refused: $_key holds ${_have:+the key of }${_have:-no valid key}, not the pinned $_want; nothing was synced" >&2
    return 1
  fi
  if ! wg show "$_n" public-key > /dev/null 2>&1; then
    if kind_systemd; then
      systemctl is-active --quiet "wg-quick@$_n" || { echo "$_n: down (wg-quick@$_n is not active)"; return 0; }
      systemctl restart "wg-quick@$_n" || return 1
    else
      wg-quick up "$_n" || return 1
    fi
    echo "$_n: brought up"
  else
    _addr_want=$(sed -n 's/^Address[[:space:]]*=[[:space:]]*//p' "$_conf" | tr ',' '\n' | tr -d ' ' | sort | tr '\n' ' ')
    _addr_have=$(ip -o addr show dev "$_n" 2> /dev/null | awk '{print $4}' | sort | tr '\n' ' ')
    if [ "$_addr_want" != "$_addr_have" ]; then
      # wg syncconf changes peers and keys only; a new address needs the interface made again
      if kind_systemd; then systemctl restart "wg-quick@$_n" || return 1
      else { wg-quick down "$_n"; wg-quick up "$_n"; } || return 1; fi
      echo "$_n: restarted for its new address ${_addr_want% }"
    else
      # wg-quick strip drops the key with the wg-quick-only lines, and syncconf would UNSET a key the
      # config does not give: the key goes first, straight from its file into the pipe
      { printf '[Interface]\nPrivateKey = '; cat "$_key"; wg-quick strip "$_n"; } | wg syncconf "$_n" /dev/stdin || {
        echo "$_n: wg syncconf failed" >&2; return 1; }
      echo "$_n: peers synced live ($(wg show "$_n" peers | wc -l) peer(s)), no restart"
    fi
  fi
  _live=$(wg show "$_n" public-key 2> /dev/null)
  if [ "$_live" != "$_want" ]; then
    echo "$_n: after the change the interface runs with public key ${_live:-(none)}, not the pinned $_want" >&2
    return 1
  fi
  echo "$_n: runs with the pinned public key $_want"
}
