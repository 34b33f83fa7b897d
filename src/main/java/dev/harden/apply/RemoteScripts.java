package dev.harden.apply;

/**
 * The shell scripts of the change protocol, in one place. Each is fixed text; data comes in
 * as positional arguments or stdin. {@code R} is the image root prefix (empty on real hosts).
 *
 * <p>State lives in /var/lib/harden (root only): {@code lock/} while a run works on the host,
 * and {@code generations/ID/} per change: {@code meta} (who, commit, when, status), {@code plan}
 * (what was asked), {@code manifest} (per path: what it was before, its module, reloads and
 * validator) and {@code files/} (the previous bytes). Everything needed to undo a generation is
 * on the host, so rollback works without the Git server and the revert timer without harden.
 */
final class RemoteScripts {

    private RemoteScripts() {
    }

    /** Functions shared by the scripts below (prepended to each). */
    private static final String LIB = """
            R="${HARDEN_ROOT:-}"
            H="$R/var/lib/harden"
            TAB=$(printf '\\t')
            now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
            fp() {
              if [ -f "$1" ] && [ ! -L "$1" ]; then
                printf '%s %s %s:%s' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(stat -c %a "$1")" \\
                  "$(stat -c %U "$1")" "$(stat -c %G "$1")"
              else printf absent; fi
            }
            can_chown() { [ -z "$R" ] || [ "$(id -u)" = 0 ]; }
            reload_unit() { # unit pidfile; a unit "@name" runs activate_name instead
              if [ -n "$R" ]; then echo "image root: ${1#@} picks up the change at boot"; return 0; fi
              case "$1" in @*) "activate_${1#@}"; return;; esac
              if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then systemctl try-reload-or-restart "$1"; return; fi
              if [ -f "$2" ]; then kill -HUP "$(cat "$2")"; return; fi
              echo "no systemd and no $2: cannot reload $1" >&2; return 1
            }
            activate_ufw() { # loads ufw's files: rules when ufw.conf says ENABLED=yes, else none
              init=
              for f in /lib/ufw/ufw-init /usr/lib/ufw/ufw-init /usr/libexec/ufw/ufw-init; do
                if [ -x "$f" ]; then init=$f; break; fi
              done
              [ -n "$init" ] || { echo "ufw-init not found: is ufw installed?" >&2; return 1; }
              if grep -Eq '^ENABLED=(yes|YES)' /etc/ufw/ufw.conf 2>/dev/null; then "$init" force-reload
              else "$init" force-stop; fi
            }
            activate_firewalld() {
              [ "$(firewall-cmd --state 2>/dev/null)" = running ] || { echo "firewalld is not running" >&2; return 1; }
              firewall-cmd --reload
            }
            mark() { # id status [key=value...]
              g="$H/generations/$1"; s="$2"; shift 2
              [ -f "$g/meta" ] || return 0
              sed -i '/^status=/d;/^finished=/d' "$g/meta"
              printf 'status=%s\\nfinished=%s\\n' "$s" "$(now)" >> "$g/meta"
              for kv in "$@"; do printf '%s\\n' "$kv" >> "$g/meta"; done
            }
            restore() { # id: every path of the manifest back to what it was before the generation
              g="$H/generations/$1"
              [ -f "$g/manifest" ] || { echo "no generation $1 on this host" >&2; return 4; }
              while IFS="$TAB" read -r state mode owner group p module reloads validator; do
                if [ "$state" = absent ]; then rm -f "$R$p"; continue; fi
                cp -p "$g/files$p" "$R$p.harden-restore"
                if can_chown; then chown "$owner:$group" "$R$p.harden-restore"; fi
                chmod "$mode" "$R$p.harden-restore"
                mv -f "$R$p.harden-restore" "$R$p"
              done < "$g/manifest"
            }
            reload_all() { # id: reload every service named in the manifest, once
              cut -f7 "$H/generations/$1/manifest" | tr ',' '\\n' | grep -v '^-*$' | sort -u |
              while IFS=: read -r unit pidfile; do reload_unit "$unit" "$pidfile" || true; done
            }
            """;

    /** $1 path, $2 mode (octal), $3 owner, $4 group; stdin: content. Writes PATH.harden-new. */
    static final String STAGE = LIB + """
            set -e
            t="$R$1.harden-new"
            mkdir -p "$(dirname "$t")"
            umask 077
            cat > "$t"
            if can_chown; then chown "$3:$4" "$t"; fi
            chmod "$2" "$t"
            """;

    /**
     * $1... validator argv, the staged path already filled in (without the image root prefix).
     * A validator "@name" runs the check_name function below (e.g. @firewalld-zone); only this
     * script carries them, not every command.
     */
    static final String VALIDATE = LIB + """
            check_firewalld_zone() { # a staged zone file, read by firewalld's own parser
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
            case "$1" in @*)
              if [ -n "$R" ]; then echo "$1 needs the live host: not validated"; exit 99; fi
              f="check_$(echo "${1#@}" | tr - _)"; shift; "$f" "$@"; exit;;
            esac
            if [ -n "$R" ]; then
              if [ "$(id -u)" = 0 ] && { [ -x "$R/usr/sbin/$1" ] || [ -x "$R/usr/bin/$1" ]; }; then
                exec chroot "$R" "$@"
              fi
              echo "$1 is not installed in the image root: not validated"
              exit 99
            fi
            exec "$@"
            """;

    /** $1 token, $2 holder, $3 commit, $4 "break" to take over a held lock. Exit 5: held (info on stdout). */
    static final String LOCK = LIB + """
            umask 077
            mkdir -p "$H/generations"
            chmod 700 "$H"
            if ! mkdir "$H/lock" 2>/dev/null; then
              if [ "$4" != break ]; then cat "$H/lock/info" 2>/dev/null; echo "now=$(date -u +%s)"; exit 5; fi
              rm -rf "$H/lock"; mkdir "$H/lock"
            fi
            printf 'token=%s\\nholder=%s\\ncommit=%s\\nsince=%s\\nsince_epoch=%s\\n' "$1" "$2" "$3" "$(now)" \\
              "$(date -u +%s)" > "$H/lock/info"
            """;

    /** $1 token: releases the lock if this run holds it. */
    static final String UNLOCK = LIB + """
            if grep -qx "token=$1" "$H/lock/info" 2>/dev/null; then rm -rf "$H/lock"; fi
            """;

    /**
     * Runs on the host, on its own, when a revert timer fires: unless the generation was
     * confirmed, puts its files back, reloads, and marks it reverted. $1 generation id.
     */
    static final String REVERT = LIB + """
            g="$H/generations/$1"
            grep -qx 'status=complete' "$g/meta" 2>/dev/null && exit 0
            grep -qx 'status=reverted' "$g/meta" 2>/dev/null && exit 0
            restore "$1" && reload_all "$1"
            mark "$1" reverted "reverted_by=on-host timer (no confirmation from harden in time)"
            """;

    /**
     * $1 generation id, $2 commit, $3 operator, $4 kind (apply|rollback), $5 revert delay in
     * seconds (0: no revert timer), $6 the REVERT script; stdin: one line per path,
     * tab-separated: path, fingerprint seen by the plan, action (replace|remove), module,
     * reloads (unit:pidfile,...), validator. Checks every path still is what the plan saw (exit 3
     * otherwise), records the generation (backups first), arms the revert timer, then renames
     * the staged files into place (or removes paths whose action is remove).
     */
    static final String ACTIVATE = LIB + """
            set -e
            id="$1"; g="$H/generations/$1"
            umask 077
            mkdir -p "$H/generations"
            cat > "$g.plan"
            while IFS="$TAB" read -r p want action module reloads validator; do
              if [ "$(fp "$R$p")" != "$want" ]; then
                rm -f "$g.plan"; echo "$p changed since the plan was made" >&2; exit 3
              fi
            done < "$g.plan"
            mkdir -p "$g/files"
            mv "$g.plan" "$g/plan"
            printf 'id=%s\\nkind=%s\\ncommit=%s\\noperator=%s\\nstarted=%s\\nstatus=activating\\n' \\
              "$id" "$4" "$2" "$3" "$(now)" > "$g/meta"
            while IFS="$TAB" read -r p want action module reloads validator; do
              if [ -f "$R$p" ]; then
                mkdir -p "$g/files$(dirname "$p")"
                cp -p "$R$p" "$g/files$p"
                printf 'present\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$(stat -c %a "$R$p")" "$(stat -c %U "$R$p")" \\
                  "$(stat -c %G "$R$p")" "$p" "$module" "$reloads" "$validator"
              else
                printf 'absent\\t-\\t-\\t-\\t%s\\t%s\\t%s\\t%s\\n' "$p" "$module" "$reloads" "$validator"
              fi
            done < "$g/plan" > "$g/manifest"
            if [ "$5" -gt 0 ] && [ -z "$R" ]; then
              # The revert script is a file, not a command-line argument: systemd would expand
              # ${...} in arguments and silently break the script.
              printf '%s' "$6" > "$g/revert.sh"
              if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
                systemd-run --quiet --unit "harden-revert-$id" --on-active="$5" --timer-property=AccuracySec=1s \\
                  /bin/sh "$g/revert.sh" "$id"
              else
                nohup setsid /bin/sh -c 'sleep "$0"; exec /bin/sh "$1" "$2"' "$5" "$g/revert.sh" "$id" \\
                  > /dev/null 2>&1 &
                echo $! > "$g/revert.pid"
              fi
              echo "revert_armed=$5" >> "$g/meta"
            fi
            while IFS="$TAB" read -r p want action module reloads validator; do
              if [ "$action" = remove ]; then rm -f "$R$p"; else mv -f "$R$p.harden-new" "$R$p"; fi
            done < "$g/plan"
            """;

    /**
     * $1 generation id, $2 status (complete|failed), $3 generations to keep, $4... key=value.
     * Confirms (or closes) a generation: stops its revert timer first; exit 6 when the timer
     * already reverted it. Then prunes the oldest generations beyond the retention.
     */
    static final String CONFIRM = LIB + """
            id="$1"; s="$2"; keep="$3"; shift 3
            g="$H/generations/$id"
            if [ -z "$R" ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
              systemctl stop "harden-revert-$id.timer" > /dev/null 2>&1 || true
            elif [ -f "$g/revert.pid" ]; then
              kill "$(cat "$g/revert.pid")" 2>/dev/null || true
            fi
            if grep -qx 'status=reverted' "$g/meta" 2>/dev/null; then echo "already reverted"; exit 6; fi
            mark "$id" "$s" "$@"
            ls -1 "$H/generations" | sort | head -n "-$keep" | while read -r old; do rm -rf "${H:?}/generations/$old"; done
            """;

    /** $1 generation id, $2 reason. Restores the generation now, reloads, marks it reverted. */
    static final String REVERT_NOW = LIB + """
            id="$1"; g="$H/generations/$id"
            if [ -z "$R" ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
              systemctl stop "harden-revert-$id.timer" > /dev/null 2>&1 || true
            elif [ -f "$g/revert.pid" ]; then
              kill "$(cat "$g/revert.pid")" 2>/dev/null || true
            fi
            grep -qx 'status=reverted' "$g/meta" 2>/dev/null && exit 0
            restore "$id"
            reload_all "$id"
            mark "$id" reverted "reverted_by=harden: $2"
            """;

    /** $1... paths whose staged copies (PATH.harden-new) are removed. */
    static final String DISCARD = LIB + """
            for p in "$@"; do rm -f "$R$p.harden-new"; done
            """;

    /** $1 unit, $2 pid file. Reloads a running service; does nothing to a stopped one. */
    static final String RELOAD = LIB + """
            reload_unit "$1" "$2"
            """;
}
