package dev.harden.transport.ssh;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;

/**
 * The host keys pinned in the repository's {@code inventory/known_hosts} (OpenSSH format:
 * plain, wildcard and hashed {@code |1|} host patterns, {@code [address]:port} for ports other
 * than 22, {@code @revoked} lines), plus the keys trusted during this run.
 * {@code @cert-authority} lines are ignored: harden does not accept host certificates.
 */
final class PinnedHostKeys {

    static final String FILE = "inventory/known_hosts";

    /** One usable known_hosts line. {@code hosts} decides which address and port it covers. */
    record Pin(KnownHostEntry hosts, HostKey key, boolean revoked) {

        boolean covers(String address, int port) {
            return hosts.isHostMatch(address, port);
        }
    }

    private final List<Pin> pins = new CopyOnWriteArrayList<>();

    private PinnedHostKeys(List<Pin> parsed) {
        pins.addAll(parsed);
    }

    /** Parses known_hosts text; a line that is not a host key line fails with its line number. */
    static PinnedHostKeys parse(String knownHosts) {
        List<Pin> parsed = new ArrayList<>();
        String[] lines = knownHosts == null ? new String[0] : knownHosts.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Pin pin = parseLine(line, i + 1);
            if (pin != null) {
                parsed.add(pin);
            }
        }
        return new PinnedHostKeys(parsed);
    }

    private static Pin parseLine(String line, int number) {
        KnownHostEntry entry;
        try {
            entry = KnownHostEntry.parseKnownHostEntry(line);
        } catch (RuntimeException e) {
            throw new HardenException(FILE + " line " + number + " is not a known_hosts entry (" + e.getMessage()
                    + "); expected 'HOST KEYTYPE BASE64KEY', e.g. '[127.0.0.1]:22001 ssh-ed25519 AAAA...'");
        }
        String marker = entry.getMarker();
        if ("cert-authority".equals(marker)) {
            return null;
        }
        if (marker != null && !"revoked".equals(marker)) {
            throw new HardenException(FILE + " line " + number + " has an unknown marker '@" + marker
                    + "' (only @revoked and @cert-authority exist)");
        }
        if (entry.getKeyEntry() == null || entry.getKeyEntry().getKeyData() == null) {
            throw new HardenException(FILE + " line " + number + " has no key after the host pattern");
        }
        HostKey key = new HostKey(entry.getKeyEntry().getKeyType(), entry.getKeyEntry().getKeyData());
        return new Pin(entry, key, marker != null);
    }

    /** Every line (pinned or revoked) that covers this address and port. */
    List<Pin> forHost(String address, int port) {
        List<Pin> found = new ArrayList<>();
        for (Pin pin : pins) {
            if (pin.covers(address, port)) {
                found.add(pin);
            }
        }
        return found;
    }

    /** Pins a key for the rest of the run. */
    void add(String address, int port, HostKey key) {
        pins.add(new Pin(KnownHostEntry.parseKnownHostEntry(knownHostsLine(address, port, key)), key, false));
    }

    /** The known_hosts line that pins {@code key} for {@code address:port}. */
    static String knownHostsLine(String address, int port, HostKey key) {
        return hostPattern(address, port) + " " + key.encoded();
    }

    /** How known_hosts names a host: "address" on port 22, "[address]:port" otherwise. */
    static String hostPattern(String address, int port) {
        return KnownHostHashValue.createHostPattern(address, port);
    }
}
