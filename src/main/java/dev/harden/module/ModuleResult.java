package dev.harden.module;

import dev.harden.resource.Resource;
import java.util.List;

/**
 * What a module wants on a host. {@code changes} explains the changes in the module's own terms,
 * above the diffs (e.g. "+ allow 443/tcp from anywhere" for the firewall); shown only when the
 * module's resources differ. {@code pins} are lines to record in the module's repository files
 * (a newly trusted public key), which the engine writes whether or not anything else changes.
 */
public record ModuleResult(List<Resource> resources, List<Finding> findings, List<String> changes, List<Pin> pins) {

    public ModuleResult {
        resources = List.copyOf(resources);
        findings = List.copyOf(findings);
        changes = List.copyOf(changes);
        pins = List.copyOf(pins);
    }

    public ModuleResult(List<Resource> resources, List<Finding> findings, List<String> changes) {
        this(resources, findings, changes, List.of());
    }

    public ModuleResult(List<? extends Resource> resources, List<Finding> findings) {
        this(List.copyOf(resources), findings, List.of(), List.of());
    }

    public static ModuleResult of(List<? extends Resource> resources, List<Finding> findings, List<String> changes) {
        return new ModuleResult(List.copyOf(resources), findings, changes, List.of());
    }

    public static ModuleResult nothing(List<Finding> findings) {
        return new ModuleResult(List.of(), findings, List.of(), List.of());
    }
}
