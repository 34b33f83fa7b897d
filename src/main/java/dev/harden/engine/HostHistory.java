package dev.harden.engine;

import dev.harden.facts.Exemption;
import dev.harden.state.Generation;
import java.util.List;

/**
 * The generations of one host, newest first, and the exceptions recorded there now, or why they
 * could not be read.
 */
public record HostHistory(String host, List<Generation> generations, List<Exemption> exemptions, String error) {

    public HostHistory {
        generations = List.copyOf(generations);
        exemptions = List.copyOf(exemptions);
    }

    public HostHistory(String host, List<Generation> generations, String error) {
        this(host, generations, List.of(), error);
    }
}
