package dev.harden.module.upgrades;

import dev.harden.facts.FactProbe;
import java.util.Optional;

/**
 * What a RHEL-family host says about its dnf: which dnf it uses (dnf5 where /usr/bin/dnf is
 * dnf5, as on Fedora 41+ and RHEL 10, or where only dnf5 exists), the installed versions, whether
 * its dnf-automatic can reboot (read from dnf 4's automatic code once it is installed), and
 * whether {@code dnf needs-restarting -r} says a reboot is needed (live hosts only).
 *
 * @param flavour          "dnf4", "dnf5", or "" when the host has no dnf
 * @param dnf4Version      the dnf package's version ("" unknown)
 * @param dnf5Version      the dnf5 package's version ("" unknown)
 * @param automaticReboot  dnf 4's dnf-automatic knows the reboot option (empty: not installed yet)
 * @param rebootNeeded     needs-restarting's answer (empty: unknown)
 */
record DnfFacts(String flavour, String dnf4Version, String dnf5Version, Optional<Boolean> automaticReboot,
                Optional<Boolean> rebootNeeded) {

    static final FactProbe<DnfFacts> PROBE = new FactProbe<>("upgrades.dnf", """
            [ -e "$R/usr/bin/dnf" ] || [ -e "$R/usr/bin/dnf5" ] || return 0
            t=$(readlink "$R/usr/bin/dnf" 2> /dev/null)
            if { [ ! -e "$R/usr/bin/dnf" ] && [ ! -L "$R/usr/bin/dnf" ]; } || [ "${t##*/}" = dnf5 ]; then
              echo "flavour dnf5"
            else
              echo "flavour dnf4"
            fi
            for p in dnf dnf5; do
              v=$(rpm ${R:+--root "$R"} -q --qf '%{VERSION}' "$p" 2> /dev/null) && echo "rpm $p $v"
            done
            for f in "$R"/usr/lib/python3*/site-packages/dnf/automatic/main.py; do
              [ -f "$f" ] || continue
              if grep -q reboot_command "$f"; then echo "automatic-reboot yes"; else echo "automatic-reboot no"; fi
              break
            done
            [ -z "$R" ] || return 0
            o=$(timeout 30 dnf -q -C needs-restarting -r 2>&1 < /dev/null)
            case "$o" in
              *"Reboot is required"*) echo "reboot-needed yes";;
              *"Reboot should not be necessary"*) echo "reboot-needed no";;
            esac
            """, DnfFacts::parse);

    static DnfFacts parse(byte[] output) {
        String flavour = "";
        String dnf4 = "";
        String dnf5 = "";
        Optional<Boolean> reboot = Optional.empty();
        Optional<Boolean> needed = Optional.empty();
        for (String line : HostText.lines(output)) {
            String word = HostText.firstWord(line);
            String rest = HostText.rest(line);
            switch (word) {
                case "flavour" -> flavour = rest.equals("dnf4") || rest.equals("dnf5") ? rest : flavour;
                case "rpm" -> {
                    String version = HostText.rest(rest);
                    if (version.matches("[0-9][0-9A-Za-z.+~_]{0,40}")) {
                        if (HostText.firstWord(rest).equals("dnf")) {
                            dnf4 = version;
                        } else if (HostText.firstWord(rest).equals("dnf5")) {
                            dnf5 = version;
                        }
                    }
                }
                case "automatic-reboot" -> reboot = yesNo(rest);
                case "reboot-needed" -> needed = yesNo(rest);
                default -> {
                    // an unknown line: ignored
                }
            }
        }
        return new DnfFacts(flavour, dnf4, dnf5, reboot, needed);
    }

    /**
     * Whether dnf 4's dnf-automatic can reboot after upgrades: what its installed code says, else
     * what its version says (the option came with dnf 4.15; distributions backport it, which the
     * installed code then shows). Empty when neither is known.
     */
    Optional<Boolean> dnf4CanReboot() {
        if (automaticReboot.isPresent()) {
            return automaticReboot;
        }
        String[] parts = dnf4Version.split("\\.");
        if (parts.length < 2 || !parts[0].matches("[0-9]{1,4}") || !parts[1].matches("[0-9]{1,4}")) {
            return Optional.empty();
        }
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return Optional.of(major > 4 || major == 4 && minor >= 15);
    }

    private static Optional<Boolean> yesNo(String text) {
        return switch (text) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
