package dev.harden.inventory;

import dev.harden.policy.PolicyLayer;
import java.util.List;
import java.util.Objects;

/**
 * One host of the inventory: how to reach it and which groups and variables shape its policy.
 * {@code transport} is "ssh" (a server) or "local" (an image root directory on this machine).
 */
public record HostEntry(String name, Transport transport, String address, int port, String user,
                        String identity, String root, List<String> groups, PolicyLayer vars) {

    public enum Transport { SSH, LOCAL }

    public HostEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        groups = List.copyOf(groups);
    }

    /** How the host is shown next to its name: "ops@127.0.0.1:22001" or "image root PATH". */
    public String target() {
        return transport == Transport.LOCAL ? "image root " + root : user + "@" + address + ":" + port;
    }
}
