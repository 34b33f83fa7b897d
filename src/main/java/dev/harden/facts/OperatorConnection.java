package dev.harden.facts;

import java.util.Optional;

/**
 * The SSH connection harden itself uses, as the host sees it ({@code SSH_CONNECTION}): where
 * the operator connects from and which local port sshd answered on. The firewall module keeps
 * this path open so a rule set can never cut off the run that applies it.
 */
public record OperatorConnection(String clientAddress, String serverAddress, int serverPort) {

    /** Parses "CLIENT_IP CLIENT_PORT SERVER_IP SERVER_PORT"; empty when the value is not that. */
    public static Optional<OperatorConnection> parse(String sshConnection) {
        String[] parts = sshConnection.trim().split("\\s+");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OperatorConnection(unmap(parts[0]), unmap(parts[2]), Integer.parseInt(parts[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String unmap(String address) {
        return address.startsWith("::ffff:") && address.indexOf('.') > 0 ? address.substring(7) : address;
    }
}
