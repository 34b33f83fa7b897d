package dev.harden.state;

import dev.harden.module.Reload;
import dev.harden.module.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one path was before a generation (absent, or mode/owner/group with a backup of its
 * bytes), and how that path is validated and which services read it.
 */
public record ManifestEntry(boolean existed, int mode, String owner, String group, String path, String module,
                            List<Reload> reloads, Optional<Validator> validator) {

    /** Parses a manifest line: state, mode, owner, group, path, module, reloads, validator (tabs). */
    static ManifestEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 8) {
            throw new IllegalArgumentException("manifest line has " + f.length + " fields: " + line);
        }
        boolean existed = "present".equals(f[0]);
        List<Reload> reloads = new ArrayList<>();
        if (!f[6].equals("-")) {
            for (String spec : f[6].split(",")) {
                int colon = spec.indexOf(':');
                reloads.add(new Reload(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1)));
            }
        }
        Optional<Validator> validator = f[7].equals("-") || !f[7].contains("{}") ? Optional.empty()
                : Optional.of(new Validator(List.of(f[7].split(" "))));
        return new ManifestEntry(existed, existed ? Integer.parseInt(f[1], 8) : 0, f[2], f[3], f[4], f[5], reloads, validator);
    }
}
