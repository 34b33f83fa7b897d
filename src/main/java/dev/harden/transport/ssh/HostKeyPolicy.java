package dev.harden.transport.ssh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Decides whether a server's host key is the one pinned for it. A key equal to a pinned key is
 * accepted; a host with pinned keys that offers another key is refused, always; a host with no
 * pinned key is refused unless new keys are trusted for this run, in which case the key is
 * pinned, recorded (as a known_hosts line) and reported.
 */
final class HostKeyPolicy {

    /** The outcome for one offered key; {@code refusal} is the operator-facing reason when refused. */
    record Decision(boolean accepted, String refusal) {

        static Decision accept() {
            return new Decision(true, null);
        }

        static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }

    private final PinnedHostKeys pinned;
    private final boolean trustNewKeys;
    private final Consumer<String> newKeyRecorder;
    private final List<String> trusted = new ArrayList<>();

    HostKeyPolicy(PinnedHostKeys pinned, boolean trustNewKeys, Consumer<String> newKeyRecorder) {
        this.pinned = Objects.requireNonNull(pinned, "pinned");
        this.trustNewKeys = trustNewKeys;
        this.newKeyRecorder = newKeyRecorder == null ? line -> { } : newKeyRecorder;
    }

    /**
     * Checks the key {@code address:port} offered to the inventory host {@code hostName}.
     * Synchronized so that two connections to one new host record its key once.
     */
    synchronized Decision check(String hostName, String address, int port, HostKey offered) {
        String where = address + ":" + port;
        List<PinnedHostKeys.Pin> pins = pinned.forHost(address, port);
        for (PinnedHostKeys.Pin pin : pins) {
            if (pin.revoked() && pin.key().sameKey(offered)) {
                return Decision.refuse(hostName + ": the SSH host key of " + where + " (" + offered.describe()
                        + ") is marked @revoked in " + PinnedHostKeys.FILE + "; refusing to connect");
            }
        }
        List<HostKey> valid = pins.stream().filter(pin -> !pin.revoked()).map(PinnedHostKeys.Pin::key).toList();
        if (valid.stream().anyMatch(key -> key.sameKey(offered))) {
            return Decision.accept();
        }
        if (!valid.isEmpty()) {
            return Decision.refuse(changedMessage(hostName, where, offered, valid));
        }
        if (!trustNewKeys) {
            return Decision.refuse(hostName + ": unknown SSH host key for " + where + " (" + offered.describe()
                    + "): pin it in " + PinnedHostKeys.FILE + ", or run once with --trust-new-host-keys to record it");
        }
        return trustNew(hostName, address, port, offered);
    }

    private Decision trustNew(String hostName, String address, int port, HostKey offered) {
        String line = PinnedHostKeys.knownHostsLine(address, port, offered);
        try {
            newKeyRecorder.accept(line);
        } catch (RuntimeException e) {
            return Decision.refuse(hostName + ": could not record the new SSH host key of " + address + ":" + port
                    + " in " + PinnedHostKeys.FILE + ": " + e.getMessage());
        }
        pinned.add(address, port, offered);
        trusted.add(hostName + ": trusted new host key " + offered.describe() + " for "
                + PinnedHostKeys.hostPattern(address, port));
        return Decision.accept();
    }

    private static String changedMessage(String hostName, String where, HostKey offered, List<HostKey> valid) {
        String pins = valid.stream()
                .map(key -> key.type().equals(offered.type()) ? key.fingerprint() : key.describe())
                .collect(Collectors.joining(", "));
        return hostName + ": the SSH host key of " + where + " has CHANGED (offered " + offered.describe()
                + ", pinned " + pins + " in " + PinnedHostKeys.FILE + "); refusing to connect. If the change is"
                + " expected, remove the old line from " + PinnedHostKeys.FILE
                + " and run again with --trust-new-host-keys";
    }

    /** Key types pinned for a host (e.g. "ssh-ed25519"), so the client can ask for those first. */
    synchronized Set<String> pinnedKeyTypes(String address, int port) {
        Set<String> types = new LinkedHashSet<>();
        for (PinnedHostKeys.Pin pin : pinned.forHost(address, port)) {
            if (!pin.revoked()) {
                types.add(pin.key().type());
            }
        }
        return types;
    }

    /** One message per key trusted during this run, in the order they were trusted. */
    synchronized List<String> trustedKeys() {
        return List.copyOf(trusted);
    }
}
