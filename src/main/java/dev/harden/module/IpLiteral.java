package dev.harden.module;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
}
