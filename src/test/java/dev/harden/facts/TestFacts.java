package dev.harden.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Facts of typical hosts, built directly (no probe), for module and planner tests. */
public final class TestFacts {

    public static final List<String> ALL_HOST_KEYS = List.of("/etc/ssh/ssh_host_ecdsa_key",
            "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key");
    private static final Map<String, FileState> NOTHING_YET = Map.of(
            "/etc/ssh/sshd_config", new FileState.Absent(), "/etc/sudoers.d/harden", new FileState.Absent());

    private TestFacts() {
    }

    /** Debian 12 (bookworm) with OpenSSH 9.2 under systemd, ed25519 + rsa + ecdsa host keys. */
    public static Facts debian12() {
        return server("12", "Debian GNU/Linux 12 (bookworm)", new OpenSshVersion(9, 2), NOTHING_YET, Map.of(), "ops");
    }

    /** Debian 13 (trixie) with OpenSSH 10.0. */
    public static Facts debian13() {
        return server("13", "Debian GNU/Linux 13 (trixie)", new OpenSshVersion(10, 0), NOTHING_YET, Map.of(), "ops");
    }

    public static Facts server(String version, String name, OpenSshVersion openssh, Map<String, FileState> files,
                               Map<String, List<String>> sshdEffective, String loginUser) {
        return new Facts("debian", version, name, Optional.of(openssh), "systemd", "apt-get", "ssh", ALL_HOST_KEYS,
                files, sshdEffective, null, loginUser, NetworkFacts.unknown());
    }

    /** The same facts with another network side (operator connection, listeners, firewalls). */
    public static Facts withNetwork(Facts facts, NetworkFacts network) {
        return new Facts(facts.osId(), facts.osVersion(), facts.osName(), facts.openssh(), facts.initSystem(),
                facts.packageManager(), facts.sshUnit(), facts.hostKeys(), facts.files(), facts.sshdEffective(),
                facts.sshdTestError(), facts.loginUser(), network);
    }

    /** The same facts with more managed files. */
    public static Facts withFiles(Facts facts, Map<String, FileState> more) {
        Map<String, FileState> files = new java.util.HashMap<>(facts.files());
        files.putAll(more);
        return new Facts(facts.osId(), facts.osVersion(), facts.osName(), facts.openssh(), facts.initSystem(),
                facts.packageManager(), facts.sshUnit(), facts.hostKeys(), files, facts.sshdEffective(),
                facts.sshdTestError(), facts.loginUser(), facts.network());
    }

    /** Debian 12 facts with the given managed files and {@code sshd -T} output. */
    public static Facts debian12(Map<String, FileState> files, Map<String, List<String>> sshdEffective) {
        return server("12", "Debian GNU/Linux 12 (bookworm)", new OpenSshVersion(9, 2), files, sshdEffective, "ops");
    }
}
