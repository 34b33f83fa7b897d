package dev.harden.inventory;

import dev.harden.policy.PolicyLayer;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One host of the inventory: how to reach it and which groups and variables shape its policy.
 * {@code transport} is "ssh" (a server) or "local" (an image root directory on this machine).
 *
 * @param via       the jump host (bastion) this host is reached through, itself an entry (which may
 *                  have its own), or null when it is reached directly
 * @param sshConfig an OpenSSH client configuration file to read this host's connection settings
 *                  from (the inventory's {@code ssh_config}), or null
 * @param written   the connection keys ("port", "user", "identity") the inventory sets for this host,
 *                  on the host or in defaults: an ssh config may fill in only the others
 */
public record HostEntry(String name, Transport transport, String address, int port, String user,
                        String identity, String root, List<String> groups, PolicyLayer vars,
                        HostEntry via, String sshConfig, Set<String> written) {

    public enum Transport { SSH, LOCAL }

    /** The connection keys an inventory can write and an ssh config can supply. */
    public static final Set<String> CONNECTION_KEYS = Set.of("port", "user", "identity");

    public HostEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        groups = List.copyOf(groups);
        written = Set.copyOf(written);
        if (via != null && (transport != Transport.SSH || via.transport() != Transport.SSH)) {
            throw new IllegalArgumentException(name + ": only an SSH host is reached through an SSH jump host");
        }
    }

    /** A host reached directly, every connection key as given. */
    public HostEntry(String name, Transport transport, String address, int port, String user, String identity,
                     String root, List<String> groups, PolicyLayer vars) {
        this(name, transport, address, port, user, identity, root, groups, vars, null, null, CONNECTION_KEYS);
    }

    /** The same host reached another way (what an ssh config resolves it to). */
    public HostEntry withConnection(String address, int port, String user, String identity, HostEntry via) {
        return new HostEntry(name, transport, address, port, user, identity, root, groups, vars, via, sshConfig,
                written);
    }

    /**
     * How the host is shown next to its name: "ops@127.0.0.1:22001", "ops@10.0.0.5:22 via bastion1"
     * or "image root PATH".
     */
    public String target() {
        if (transport == Transport.LOCAL) {
            return "image root " + root;
        }
        return user + "@" + address + ":" + port + (via == null ? "" : " via " + via.name());
    }
}
