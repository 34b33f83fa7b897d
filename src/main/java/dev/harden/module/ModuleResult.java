package dev.harden.module;

import java.util.List;

/** What a module wants on a host. */
public record ModuleResult(List<DesiredFile> files, List<Finding> findings) {

    public ModuleResult {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }

    public static ModuleResult nothing(List<Finding> findings) {
        return new ModuleResult(List.of(), findings);
    }
}
