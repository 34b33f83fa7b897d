package dev.harden.transport;

import dev.harden.HardenException;

/** A failure that concerns one host (unreachable, authentication, sudo, lost connection). */
public class HostException extends HardenException {

    private final String host;

    public HostException(String host, String message) {
        super(message);
        this.host = host;
    }

    public HostException(String host, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
