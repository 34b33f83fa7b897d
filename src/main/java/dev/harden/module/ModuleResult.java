package dev.harden.module;

import dev.harden.resource.Resource;
import java.util.List;

/**
 * What a module wants on a host. {@code changes} explains the changes in the module's own terms,
 * above the diffs (e.g. "+ allow 443/tcp from anywhere" for the firewall); shown only when the
 * module's resources differ.
 */
public record ModuleResult(List<Resource> resources, List<Finding> findings, List<String> changes) {

    public ModuleResult {
        resources = List.copyOf(resources);
        findings = List.copyOf(findings);
        changes = List.copyOf(changes);
    }

    public ModuleResult(List<? extends Resource> resources, List<Finding> findings) {
        this(List.copyOf(resources), findings, List.of());
    }

    public static ModuleResult of(List<? extends Resource> resources, List<Finding> findings, List<String> changes) {
        return new ModuleResult(List.copyOf(resources), findings, changes);
    }

    public static ModuleResult nothing(List<Finding> findings) {
        return new ModuleResult(List.of(), findings, List.of());
    }
}
