package dev.harden.module.sshd;

import dev.harden.facts.FactProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the sshd module reads from a host: its service and host keys, and the effective configuration. */
final class SshdFacts {

    /** The sshd service name (ssh on Debian, sshd on RHEL) and the host private keys present. */
    record Service(String unit, List<String> hostKeys) {
    }

    /**
     * {@code sshd -T} for harden's own connection: directive (lower case) to values, or why it
     * failed ({@code error} null when it worked, empty values when it was not run).
     */
    record Effective(Map<String, List<String>> values, String error) {
        Effective {
            values = Map.copyOf(values);
        }

        static Effective none() {
            return new Effective(Map.of(), null);
        }
    }

    static final FactProbe<Service> SERVICE = new FactProbe<>("sshd.service", """
            for u in ssh sshd; do
              for d in /lib/systemd/system /usr/lib/systemd/system /etc/systemd/system; do
                if [ -e "$R$d/$u.service" ]; then echo "unit $u"; break 2; fi
              done
            done
            for k in "$R"/etc/ssh/ssh_host_*_key; do [ -f "$k" ] && echo "key ${k#"$R"}"; done
            """, SshdFacts::service);

    static final FactProbe<Effective> EFFECTIVE = new FactProbe<>("sshd.effective", """
            if [ -z "$R" ] && command -v sshd > /dev/null 2>&1; then
              addr=${conn%% *}
              o=$(sshd -T -C "user=$login,host=harden-probe,addr=${addr:-127.0.0.1}" 2>&1)
              printf 'status %s\\n%s\\n' "$?" "$o"
            fi
            """, SshdFacts::effective);

    private SshdFacts() {
    }

    static Service service(byte[] output) {
        String unit = "ssh";
        List<String> keys = new ArrayList<>();
        for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("unit ")) {
                unit = line.substring(5).strip();
            } else if (line.startsWith("key /etc/ssh/")) {
                keys.add(line.substring(4).strip());
            }
        }
        return new Service(unit, keys);
    }

    static Effective effective(byte[] output) {
        String[] lines = new String(output, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].startsWith("status ")) {
            return Effective.none();
        }
        if (!lines[0].equals("status 0")) {
            String why = "sshd -T failed";
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    why = lines[i].strip();
                    break;
                }
            }
            return new Effective(Map.of(), why);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            if (space > 0) {
                values.computeIfAbsent(line.substring(0, space).toLowerCase(), k -> new ArrayList<>())
                        .add(line.substring(space + 1).strip());
            }
        }
        return new Effective(values, null);
    }
}
