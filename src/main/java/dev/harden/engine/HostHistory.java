package dev.harden.engine;

import dev.harden.state.Generation;
import java.util.List;

/** The generations of one host, newest first, or why they could not be read. */
public record HostHistory(String host, List<Generation> generations, String error) {

    public HostHistory {
        generations = List.copyOf(generations);
    }
}
