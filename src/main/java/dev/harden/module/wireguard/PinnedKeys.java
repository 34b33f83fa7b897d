package dev.harden.module.wireguard;

import dev.harden.HardenException;
import dev.harden.module.Pin;
import dev.harden.module.RepositoryFile;
import dev.harden.yaml.YamlNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The WireGuard public keys pinned in the desired-state repository (inventory/wireguard_keys),
 * like SSH host keys in known_hosts: one line "NETWORK HOST PUBLIC-KEY" per host and network,
 * reviewed and committed. A host is a peer of the others with its pinned key, also in runs it is
 * not part of; a host whose key is not the pinned one is refused. Only public keys are here.
 */
record PinnedKeys(Map<String, String> keys) {

    static final String PATH = "inventory/wireguard_keys";
    static final RepositoryFile<PinnedKeys> FILE = new RepositoryFile<>(PATH, "pinned WireGuard public keys",
            PinnedKeys::parse);

    PinnedKeys {
        keys = Map.copyOf(keys);
    }

    /** The pinned key of {@code host} in {@code network}. */
    Optional<String> of(String network, String host) {
        return Optional.ofNullable(keys.get(network + " " + host));
    }

    /** The line that pins {@code key} for {@code host} in {@code network}, as a new (or rotated) pin. */
    static Pin pin(String network, String host, String key, String what) {
        return new Pin(PATH, network + " " + host, network + " " + host + " " + key, what);
    }

    static PinnedKeys parse(String path, byte[] content) {
        Map<String, String> keys = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        String[] all = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = path + ":" + (i + 1) + ": ";
            String[] words = line.split("\\s+");
            if (words.length != 3) {
                throw new HardenException(at + "expected NETWORK HOST PUBLIC-KEY, got " + YamlNode.quote(line));
            }
            if (!PublicKeys.valid(words[2])) {
                throw new HardenException(at + YamlNode.quote(words[2]) + " is not a WireGuard public key (44"
                        + " characters of base64, as wg pubkey prints it)");
            }
            String entry = words[0] + " " + words[1];
            Integer earlier = lines.put(entry, i + 1);
            if (earlier != null) {
                throw new HardenException(at + entry + " is pinned twice (also on line " + earlier + "); keep one line");
            }
            keys.put(entry, words[2]);
        }
        return new PinnedKeys(keys);
    }
}
