package dev.harden.module.upgrades;

import dev.harden.facts.FactProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code unattended-upgrade --dry-run -d} on a live host where harden's drop-in is already in
 * place: whether unattended-upgrades accepts the configuration and finds its origins. Bounded to
 * 60 seconds, because the whole fact round trip has two minutes. Its log goes to a temporary
 * directory, so the host's unattended-upgrades.log keeps recording real runs only (a dry run
 * still touches unattended-upgrades' own stamp file, which harden does not read).
 *
 * @param exitCode  its exit status (124: timed out); empty when it did not run
 * @param lines     the last lines it printed
 */
record DryRun(OptionalInt exitCode, List<String> lines) {

    static final int TIMEOUT_SECONDS = 60;

    DryRun {
        lines = List.copyOf(lines);
    }

    static final FactProbe<DryRun> PROBE = new FactProbe<>("upgrades.dry-run", """
            [ -z "$R" ] && [ -f @DROP_IN@ ] && command -v unattended-upgrade > /dev/null 2>&1 || return 0
            t=$(mktemp -d) || return 0
            printf 'Unattended-Upgrade::LogDir "%s/";\\n' "$t" > "$t/apt.conf"
            APT_CONFIG="$t/apt.conf" timeout @TIMEOUT@ unattended-upgrade --dry-run -d < /dev/null > "$t/out" 2>&1
            echo "rc $?"
            tail -n 20 "$t/out" | cut -c1-300
            rm -rf "$t"
            """.replace("@DROP_IN@", AptUpgrades.DROP_IN).replace("@TIMEOUT@", String.valueOf(TIMEOUT_SECONDS)),
            DryRun::parse);

    static DryRun parse(byte[] output) {
        List<String> all = HostText.lines(output);
        if (all.isEmpty() || !all.get(0).matches("rc [0-9]{1,3}")) {
            return new DryRun(OptionalInt.empty(), List.of());
        }
        List<String> lines = new ArrayList<>();
        for (String line : all.subList(1, all.size())) {
            if (lines.size() < 20 && !line.isBlank()) {
                lines.add(line.length() > 300 ? line.substring(0, 300) : line);
            }
        }
        return new DryRun(OptionalInt.of(Integer.parseInt(all.get(0).substring(3))), lines);
    }

    boolean ran() {
        return exitCode.isPresent();
    }

    /** Another unattended-upgrades run held its lock, so the dry run stopped at once. */
    boolean busy() {
        return lines.stream().anyMatch(l -> l.contains("Lock file is already taken"));
    }

    /** The most telling line: the last error, else the last line. */
    String reason() {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.contains("ERROR") || line.startsWith("E:") || line.contains("Error")
                    || line.contains("Traceback")) {
                return line.strip();
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }
}
