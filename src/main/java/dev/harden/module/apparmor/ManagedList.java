package dev.harden.module.apparmor;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * /etc/apparmor.d/.harden-profiles: the profiles this host's policy manages, one per line
 * ({@code NAME MODE SOURCE}). The activator (activate_apparmor in apparmor.sh) loads exactly these,
 * each in the mode its files say, so no change ever switches a profile the policy does not name.
 * A dot-file: the AppArmor parser skips it when it loads /etc/apparmor.d at boot.
 */
final class ManagedList {

    static final String PATH = "/etc/apparmor.d/.harden-profiles";
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*) (enforce|complain|disable|keep)"
            + " (repository|host)");

    private ManagedList() {
    }

    /** The file's text for these profiles (name to mode and source), sorted by name. */
    static byte[] render(Map<String, Entry> profiles) {
        StringBuilder text = new StringBuilder("""
                # harden: the AppArmor profiles this host's policy manages (NAME MODE SOURCE).
                # activate_apparmor loads exactly these, in the mode their files and links say:
                # enforce (no link), complain (force-complain/NAME), disable (disable/NAME).
                # Nothing else is switched. Edit the policy, not this file.
                """);
        new TreeMap<>(profiles).forEach((name, entry) -> text.append(name).append(' ').append(entry.mode().word())
                .append(' ').append(entry.source()).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The profiles a list names (what an earlier apply managed); lines it does not know are left out. */
    static Map<String, Entry> parse(byte[] content) {
        Map<String, Entry> entries = new TreeMap<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            var m = LINE.matcher(line.strip());
            if (m.matches()) {
                entries.put(m.group(1), new Entry(Mode.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT)),
                        m.group(3)));
            }
        }
        return entries;
    }

    /** A managed profile's mode and where it comes from ("repository" or "host"). */
    record Entry(Mode mode, String source) {
    }
}
