package dev.harden.apply;

/**
 * The shell scripts of the change protocol, in one place. Each is fixed text; data comes in
 * as positional arguments or stdin. {@code R} is the image root prefix (empty on real hosts).
 * Generations live under /var/lib/harden/generations/ID: a manifest of what each touched path
 * was before (absent, or mode/owner/group) and a copy of its previous bytes.
 */
final class RemoteScripts {

    private RemoteScripts() {
    }

    static final String STATE_DIR = "/var/lib/harden";

    /** $1 path, $2 mode (octal), $3 owner, $4 group; stdin: content. Writes PATH.harden-new. */
    static final String STAGE = """
            set -e
            R="${HARDEN_ROOT:-}"
            t="$R$1.harden-new"
            mkdir -p "$(dirname "$t")"
            umask 077
            cat > "$t"
            if [ -z "$R" ] || [ "$(id -u)" = 0 ]; then chown "$3:$4" "$t"; fi
            chmod "$2" "$t"
            """;

    /** $1... validator argv, the staged path already filled in (without the image root prefix). */
    static final String VALIDATE = """
            R="${HARDEN_ROOT:-}"
            if [ -n "$R" ]; then
              if [ "$(id -u)" = 0 ] && { [ -x "$R/usr/sbin/$1" ] || [ -x "$R/usr/bin/$1" ]; }; then
                exec chroot "$R" "$@"
              fi
              echo "$1 is not installed in the image root: not validated"
              exit 99
            fi
            exec "$@"
            """;

    /**
     * $1 generation id, $2 commit, $3 operator, then pairs: path, fingerprint seen by the plan.
     * Checks each path still is what the plan saw, records the generation (backups first), then
     * renames every staged file into place. Exit 3: the host changed since the plan.
     */
    static final String ACTIVATE = """
            set -e
            R="${HARDEN_ROOT:-}"
            fp() {
              if [ -f "$1" ] && [ ! -L "$1" ]; then
                printf '%s %s %s:%s' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(stat -c %a "$1")" \\
                  "$(stat -c %U "$1")" "$(stat -c %G "$1")"
              else printf absent; fi
            }
            check() {
              while [ $# -gt 0 ]; do
                have=$(fp "$R$1")
                if [ "$have" != "$2" ]; then echo "$1 changed since the plan was made" >&2; exit 3; fi
                shift 2
              done
            }
            backup() {
              while [ $# -gt 0 ]; do
                if [ -f "$R$1" ]; then
                  mkdir -p "$g/files$(dirname "$1")"
                  cp -p "$R$1" "$g/files$1"
                  printf 'present\\t%s\\t%s\\t%s\\t%s\\n' "$(stat -c %a "$R$1")" "$(stat -c %U "$R$1")" \\
                    "$(stat -c %G "$R$1")" "$1" >> "$g/manifest"
                else
                  printf 'absent\\t-\\t-\\t-\\t%s\\n' "$1" >> "$g/manifest"
                fi
                shift 2
              done
            }
            id="$1"; commit="$2"; operator="$3"; shift 3
            g="$R/var/lib/harden/generations/$id"
            check "$@"
            umask 077
            mkdir -p "$g/files"
            printf 'id=%s\\ncommit=%s\\noperator=%s\\nstarted=%s\\nstatus=activating\\n' \\
              "$id" "$commit" "$operator" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$g/meta"
            : > "$g/manifest"
            backup "$@"
            while IFS="$(printf '\\t')" read -r state mode owner group p; do
              mv -f "$R$p.harden-new" "$R$p"
            done < "$g/manifest"
            """;

    /** $1 generation id. Puts every path of the generation's manifest back as it was before it. */
    static final String RESTORE = """
            set -e
            R="${HARDEN_ROOT:-}"
            g="$R/var/lib/harden/generations/$1"
            [ -f "$g/manifest" ] || { echo "no generation $1 on this host" >&2; exit 4; }
            while IFS="$(printf '\\t')" read -r state mode owner group p; do
              if [ "$state" = absent ]; then
                rm -f "$R$p"
              else
                cp -p "$g/files$p" "$R$p.harden-restore"
                if [ -z "$R" ] || [ "$(id -u)" = 0 ]; then chown "$owner:$group" "$R$p.harden-restore"; fi
                chmod "$mode" "$R$p.harden-restore"
                mv -f "$R$p.harden-restore" "$R$p"
              fi
            done < "$g/manifest"
            """;

    /** $1 generation id, $2 status, $3... extra "key=value" lines. */
    static final String MARK = """
            R="${HARDEN_ROOT:-}"
            g="$R/var/lib/harden/generations/$1"; status="$2"; shift 2
            [ -f "$g/meta" ] || exit 0
            sed -i '/^status=/d' "$g/meta"
            printf 'status=%s\\nfinished=%s\\n' "$status" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$g/meta"
            for line in "$@"; do printf '%s\\n' "$line" >> "$g/meta"; done
            """;

    /** $1... paths whose staged copies (PATH.harden-new) are removed. */
    static final String DISCARD = """
            R="${HARDEN_ROOT:-}"
            for p in "$@"; do rm -f "$R$p.harden-new"; done
            """;

    /** $1 unit, $2 pid file. Reloads a running service; does nothing to a stopped one. */
    static final String RELOAD = """
            if [ -n "${HARDEN_ROOT:-}" ]; then echo "image root: $1 picks up the change at boot"; exit 0; fi
            if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then exec systemctl try-reload-or-restart "$1"; fi
            if [ -f "$2" ]; then exec kill -HUP "$(cat "$2")"; fi
            echo "no systemd and no $2: cannot reload $1" >&2; exit 1
            """;
}
