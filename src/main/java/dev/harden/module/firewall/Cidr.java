package dev.harden.module.firewall;

import dev.harden.module.IpLiteral;
import dev.harden.yaml.YamlNode;
import java.util.Optional;

/**
 * A source network: an IPv4 or IPv6 address with an optional prefix ("10.0.0.0/8", "fd00::/8",
 * "192.0.2.7"). Only literals are accepted, never host names, so parsing never touches DNS.
 * Host bits must be zero: "10.1.2.5/24" is refused with the network the operator probably meant.
 */
public record Cidr(String address, int prefix, boolean ipv6) {

    /** Parses and checks a literal; the exception message says what is wrong. */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        boolean v6 = address.contains(":");
        byte[] bytes = IpLiteral.bytes(address)
                .orElseThrow(() -> new IllegalArgumentException(YamlNode.quote(text) + " is not an IPv4 or IPv6 address"
                        + " or network (like 10.1.2.0/24 or fd00::/8)"));
        int max = v6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(YamlNode.quote(text) + " has a prefix outside 0.." + max);
            }
        }
        byte[] network = IpLiteral.masked(bytes, prefix);
        if (!java.util.Arrays.equals(network, bytes)) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " has host bits set; did you mean " + IpLiteral.text(network)
                    + "/" + prefix + "?");
        }
        return new Cidr(IpLiteral.text(bytes), prefix, v6);
    }

    /** True when {@code address} (a literal IP) is inside this network. */
    public boolean contains(String literal) {
        boolean v6 = literal.contains(":");
        if (v6 != ipv6) {
            return false;
        }
        Optional<byte[]> other = IpLiteral.bytes(literal);
        return other.isPresent() && java.util.Arrays.equals(IpLiteral.masked(other.get(), prefix), IpLiteral.masked(IpLiteral.bytes(address)
                .orElseThrow(), prefix));
    }

    public boolean anywhere() {
        return prefix == 0;
    }

    /** "10.0.0.0/8", or the bare address for a single host. */
    @Override
    public String toString() {
        return prefix == (ipv6 ? 128 : 32) ? address : address + "/" + prefix;
    }




}
