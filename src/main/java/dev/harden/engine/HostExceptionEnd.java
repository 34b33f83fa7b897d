package dev.harden.engine;

import java.util.List;

/** Ending an exception early on one host: what the host said, or why it was not ended. */
public record HostExceptionEnd(String host, List<String> said, String error) {

    public HostExceptionEnd {
        said = List.copyOf(said);
    }
}
