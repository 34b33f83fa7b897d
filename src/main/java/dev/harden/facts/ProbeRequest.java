package dev.harden.facts;

import dev.harden.resource.ResourceId;
import java.util.List;

/**
 * What one fact round trip asks a host: the modules' fact probes, the resources whose state they
 * observe, and the modules' on-host functions the probes may call (e.g. a secret's deriver).
 */
public record ProbeRequest(List<FactProbe<?>> probes, List<ResourceId> observed, String onHostCode) {

    public ProbeRequest {
        probes = List.copyOf(probes);
        observed = List.copyOf(new java.util.LinkedHashSet<>(observed));
    }

    /** Only these resources, no module facts (a rollback reads what it restores). */
    public static ProbeRequest resources(List<ResourceId> observed, String onHostCode) {
        return new ProbeRequest(List.of(), observed, onHostCode);
    }
}
