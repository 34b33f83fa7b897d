package dev.harden.module;

import java.util.List;

/**
 * What a module wants on a host. {@code changes} explains the file changes in the module's own
 * terms, above the diffs (e.g. "+ allow 443/tcp from anywhere" for the firewall); shown only
 * when the module's files differ.
 */
public record ModuleResult(List<DesiredFile> files, List<Finding> findings, List<String> changes) {

    public ModuleResult {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
        changes = List.copyOf(changes);
    }

    public ModuleResult(List<DesiredFile> files, List<Finding> findings) {
        this(files, findings, List.of());
    }

    public static ModuleResult nothing(List<Finding> findings) {
        return new ModuleResult(List.of(), findings);
    }
}
