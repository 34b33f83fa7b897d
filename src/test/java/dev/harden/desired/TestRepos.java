package dev.harden.desired;

import dev.harden.module.Modules;
import dev.harden.source.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory desired-state repositories for tests: a Snapshot built from a map of text files. */
public final class TestRepos {

    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private TestRepos() {
    }

    public static Snapshot snapshot(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return new Snapshot(COMMIT, "HEAD", "test commit", false, bytes, List.of(), Optional.empty());
    }

    public static DesiredState load(Map<String, String> files) {
        return load(files, Modules.builtIn());
    }

    public static DesiredState load(Map<String, String> files, Modules modules) {
        return DesiredStateLoader.load(snapshot(files), modules);
    }

    /** A baseline that turns the built-in modules off, so that only a test's own modules change hosts. */
    public static final String BUILT_IN_MODULES_OFF = "ssh:\n  enabled: false\nsudo:\n  enabled: false\n"
            + "firewall:\n  enabled: false\napparmor:\n  enabled: false\n";

    /**
     * A desired state whose hosts are image roots (name to root, in order), planned by {@code modules}
     * with the built-in modules turned off.
     */
    public static DesiredState imageRoots(Modules modules, Map<String, ?> roots) {
        StringBuilder hosts = new StringBuilder("hosts:\n");
        roots.forEach((name, root) -> hosts.append("  ").append(name).append(":\n    transport: local\n    root: \"")
                .append(root).append("\"\n"));
        return load(Map.of("inventory/hosts.yaml", hosts.toString(), "policies/baseline.yaml", BUILT_IN_MODULES_OFF),
                modules);
    }

    /** A desired state whose only host is an image root at {@code root} (transport local). */
    public static DesiredState imageRoot(String hostName, String root) {
        return load(Map.of("inventory/hosts.yaml", "hosts:\n  " + hostName + ":\n    transport: local\n    root: \""
                + root + "\"\n"));
    }
}
