package dev.harden.module;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals as modules read them from policies and hosts (firewall sources, mesh
 * ranges): IPv4 in dotted quads, IPv6 in any form the JDK reads, never a name (no lookup).
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {
    }

    /** The 4 or 16 bytes of an IPv4 or IPv6 literal (one with ':' is IPv6), or empty when it is not one. */
    public static Optional<byte[]> bytes(String address) {
        if (!address.contains(":")) {
            var m = IPV4.matcher(address);
            if (!m.matches()) {
                return Optional.empty();
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                out[i] = (byte) octet;
            }
            return Optional.of(out);
        }
        if (!IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try { // a literal with ':' is parsed as IPv6 by the JDK, without any name lookup
            byte[] out = InetAddress.getByName(address).getAddress();
            return out.length == 16 ? Optional.of(out) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@code bytes} with every bit after the first {@code prefix} cleared (the network of a CIDR). */
    public static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    /** An address as operators (and ufw) write it: "10.1.2.3", "fd42:99::1" (the longest zero run as "::"). */
    public static String text(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        String[] groups = new String[8];
        for (int i = 0; i < 16; i += 2) {
            groups[i / 2] = Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff));
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    }
}
