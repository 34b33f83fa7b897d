package dev.harden.report;

import dev.harden.module.Finding;
import java.util.List;

/**
 * One module on one host: its status, the resources that differ (one summary each, e.g.
 * "update /etc/ssh/sshd_config (content)") and its findings.
 */
public record ModuleReport(String module, Status status, List<String> drifted, List<Finding> findings) {

    public ModuleReport {
        drifted = List.copyOf(drifted);
        findings = List.copyOf(findings);
    }

    static ModuleReport of(String module, List<String> drifted, List<Finding> findings) {
        Status status = !drifted.isEmpty() ? Status.DRIFTED
                : findings.stream().anyMatch(f -> f.severity() == Finding.Severity.WARNING) ? Status.FINDINGS
                : Status.COMPLIANT;
        return new ModuleReport(module, status, drifted, findings);
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).toList();
    }
}
