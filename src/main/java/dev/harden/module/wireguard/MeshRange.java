package dev.harden.module.wireguard;

import dev.harden.module.IpLiteral;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * The address range of a WireGuard network, IPv4 or IPv6 ("10.99.0.0/24", "fd42:99::/64"): its
 * hosts' addresses are offsets into it. Only literals are accepted, so nothing here touches DNS.
 */
record MeshRange(byte[] network, int prefix) {

    MeshRange {
        network = network.clone();
    }

    /** Parses "10.99.0.0/24"; the message says what is wrong. */
    static MeshRange parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + value + "' is not a network like 10.99.0.0/24 or fd42:99::/64");
        }
        byte[] bytes = IpLiteral.bytes(value.substring(0, slash)).orElseThrow(() -> new IllegalArgumentException("'" + value
                + "' is not a network like 10.99.0.0/24 or fd42:99::/64"));
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 8 || prefix > max - 2) {
            throw new IllegalArgumentException("'" + value + "' needs a prefix from 8 to " + (max - 2)
                    + " (room for at least two hosts)");
        }
        byte[] masked = IpLiteral.masked(bytes, prefix);
        if (!Arrays.equals(masked, bytes)) {
            throw new IllegalArgumentException("'" + value + "' has host bits set; did you mean " + format(masked) + "/"
                    + prefix + "?");
        }
        return new MeshRange(bytes, prefix);
    }


    boolean ipv6() {
        return network.length == 16;
    }

    /** Host addresses to choose from: all but the network address (and, in IPv4, the broadcast address). */
    BigInteger usable() {
        BigInteger size = BigInteger.ONE.shiftLeft(network.length * 8 - prefix);
        return size.subtract(BigInteger.valueOf(ipv6() ? 1 : 2));
    }

    /** The address {@code offset} (1 to {@link #usable()}) into the range. */
    String at(BigInteger offset) {
        if (offset.signum() <= 0 || offset.compareTo(usable()) > 0) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        byte[] base = network.clone();
        BigInteger value = new BigInteger(1, base).add(offset);
        byte[] raw = value.toByteArray();
        byte[] out = new byte[base.length];
        System.arraycopy(raw, Math.max(0, raw.length - out.length), out, Math.max(0, out.length - raw.length),
                Math.min(raw.length, out.length));
        return format(out);
    }

    /** The offset of a host address inside the range, or empty when it is outside or not a host address. */
    Optional<BigInteger> offsetOf(String address) {
        Optional<byte[]> bytes = IpLiteral.bytes(address);
        if (bytes.isEmpty() || bytes.get().length != network.length
                || !Arrays.equals(IpLiteral.masked(bytes.get(), prefix), network)) {
            return Optional.empty();
        }
        BigInteger offset = new BigInteger(1, bytes.get()).subtract(new BigInteger(1, network));
        return offset.signum() > 0 && offset.compareTo(usable()) <= 0 ? Optional.of(offset) : Optional.empty();
    }

    /** True when the two ranges share an address. */
    boolean overlaps(MeshRange other) {
        if (other.network.length != network.length) {
            return false;
        }
        int shorter = Math.min(prefix, other.prefix);
        return Arrays.equals(IpLiteral.masked(network, shorter), IpLiteral.masked(other.network, shorter));
    }

    /** The canonical form of an address literal (so "10.099.0.1" and "10.99.0.1" compare equal). */
    static String canonical(String address) {
        return IpLiteral.bytes(address).map(MeshRange::format).orElse(address);
    }

    /** "/32" or "/128": one host. */
    String hostSuffix() {
        return ipv6() ? "/128" : "/32";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeshRange range && range.prefix == prefix && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    static String format(byte[] bytes) {
        return IpLiteral.text(bytes);
    }
}
