package dev.harden.module.wireguard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A WireGuard config as harden wrote it, read back to say what changes peer by peer: the
 * interface's address, port and pinned public key, and its peers by name ({@code # peer NAME}).
 * Only for the plan's summary: the file's diff is shown too.
 */
record ConfigText(String address, String port, String publicKey, Map<String, Peer> peers) {

    static ConfigText parse(String text) {
        String address = "";
        String port = "";
        String key = "";
        Map<String, Peer> peers = new LinkedHashMap<>();
        Map<String, String> peer = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("# harden-public-key: ")) {
                key = line.substring("# harden-public-key: ".length()).strip();
            } else if (line.equalsIgnoreCase("[Peer]")) {
                add(peers, peer);
                peer = new LinkedHashMap<>();
            } else if (line.equalsIgnoreCase("[Interface]")) {
                add(peers, peer);
                peer = null;
            } else if (line.startsWith("# peer ") && peer != null) {
                peer.put("name", line.substring("# peer ".length()).strip());
            } else if (line.contains("=") && !line.startsWith("#")) {
                String name = line.substring(0, line.indexOf('=')).strip().toLowerCase();
                String value = line.substring(line.indexOf('=') + 1).strip();
                if (peer != null) {
                    peer.put(name, value);
                } else if (name.equals("address")) {
                    address = value;
                } else if (name.equals("listenport")) {
                    port = value;
                }
            }
        }
        add(peers, peer);
        return new ConfigText(address, port, key, peers);
    }

    private static void add(Map<String, Peer> peers, Map<String, String> peer) {
        if (peer == null) {
            return;
        }
        String key = peer.getOrDefault("publickey", "");
        String name = peer.getOrDefault("name", PublicKeys.shortly(key));
        peers.put(name, new Peer(name, key, peer.getOrDefault("allowedips", ""), peer.getOrDefault("endpoint", ""),
                peer.getOrDefault("persistentkeepalive", "")));
    }

    /**
     * The peer-level changes from {@code before} (null: no config yet) to {@code after}, one line each:
     * "+ wg0 peer db1: ...", "- wg0 peer web4", "~ wg0 peer db1: endpoint A -> B".
     */
    static List<String> changes(String network, ConfigText before, ConfigText after) {
        List<String> lines = new ArrayList<>();
        if (before == null) {
            lines.add("+ " + network + ": " + after.address + ", port " + after.port + ", " + after.peers.size()
                    + " peer(s)");
        } else {
            if (!before.address.equals(after.address)) {
                lines.add("~ " + network + ": address " + before.address + " -> " + after.address
                        + " (the interface restarts: wg syncconf cannot change addresses)");
            }
            if (!before.port.equals(after.port)) {
                lines.add("~ " + network + ": port " + before.port + " -> " + after.port);
            }
            if (!before.publicKey.equals(after.publicKey) && PublicKeys.valid(before.publicKey)
                    && PublicKeys.valid(after.publicKey)) {
                lines.add("~ " + network + ": this host's public key " + PublicKeys.shortly(before.publicKey) + " -> "
                        + PublicKeys.shortly(after.publicKey) + " (rotated)");
            }
        }
        Map<String, Peer> old = before == null ? Map.of() : before.peers;
        for (Peer peer : old.values()) {
            if (!after.peers.containsKey(peer.name())) {
                lines.add("- " + network + " peer " + peer.name() + " (" + peer.allowedIps() + ")");
            }
        }
        for (Peer peer : after.peers.values()) {
            Peer was = old.get(peer.name());
            if (was == null) {
                lines.add("+ " + network + " peer " + peer.name() + ": " + peer.allowedIps()
                        + (peer.endpoint().isEmpty() ? "" : ", endpoint " + peer.endpoint()) + ", key "
                        + PublicKeys.shortly(peer.publicKey()));
                continue;
            }
            List<String> what = new ArrayList<>();
            if (!was.publicKey().equals(peer.publicKey())) {
                what.add("public key " + PublicKeys.shortly(was.publicKey()) + " -> " + PublicKeys.shortly(peer.publicKey())
                        + " (rotated)");
            }
            if (!was.endpoint().equals(peer.endpoint())) {
                what.add("endpoint " + none(was.endpoint()) + " -> " + none(peer.endpoint()));
            }
            if (!was.allowedIps().equals(peer.allowedIps())) {
                what.add("allowed IPs " + none(was.allowedIps()) + " -> " + none(peer.allowedIps()));
            }
            if (!Objects.equals(was.keepalive(), peer.keepalive())) {
                what.add("keepalive " + none(was.keepalive()) + " -> " + none(peer.keepalive()));
            }
            if (!what.isEmpty()) {
                lines.add("~ " + network + " peer " + peer.name() + ": " + String.join(", ", what));
            }
        }
        return lines;
    }

    private static String none(String value) {
        return value.isEmpty() ? "(none)" : value;
    }
}
