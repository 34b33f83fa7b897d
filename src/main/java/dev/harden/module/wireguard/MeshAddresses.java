package dev.harden.module.wireguard;

import dev.harden.HardenException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The address of each member of a network: the explicit one of the policy ({@code addresses}), or
 * one derived from the host name alone (SHA-256 of the name, as an offset into the range). A host's
 * address thus never depends on the other members: adding or removing a host renumbers nobody. Two
 * members that would share an address stop the plan with both names and the fix (give one of them an
 * explicit address), before anything changes.
 */
final class MeshAddresses {

    private MeshAddresses() {
    }

    /** The address a host gets in {@code range} from its name alone. */
    static String derived(MeshRange range, String host) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("harden-wireguard " + host)
                    .getBytes(StandardCharsets.UTF_8));
            BigInteger hash = new BigInteger(1, java.util.Arrays.copyOf(digest, 16));
            return range.at(hash.mod(range.usable()).add(BigInteger.ONE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every member's address (host name to address), checked to be distinct. */
    static Map<String, String> of(WgNetwork network, Collection<String> members) {
        Map<String, String> addresses = new TreeMap<>();
        Map<String, String> holder = new HashMap<>();
        for (String host : new java.util.TreeSet<>(members)) {
            String address = network.addresses().getOrDefault(host, derived(network.range(), host));
            String other = holder.putIfAbsent(address, host);
            if (other != null) {
                boolean explicitOther = network.addresses().containsKey(other);
                boolean explicitHost = network.addresses().containsKey(host);
                throw new HardenException(network.where() + ": " + other + " and " + host + " would both get "
                        + address + " (" + (explicitOther ? "explicit" : "derived from the name") + " and "
                        + (explicitHost ? "explicit" : "derived from the name") + "); give " + (explicitHost ? other
                        : host) + " an explicit address under addresses (like addresses: { " + (explicitHost ? other
                        : host) + ": ... }), which moves no other host");
            }
            addresses.put(host, address);
        }
        return addresses;
    }
}
