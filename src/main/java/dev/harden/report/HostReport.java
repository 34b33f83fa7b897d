package dev.harden.report;

import java.util.List;

/**
 * One host: how it was reached, what it runs, its modules, its overall status (the worst of its
 * modules') and the exceptions in force on it (one line each: id, end, time left, owner, reason,
 * what it sets); a host that could not be checked has no modules and an error instead.
 */
public record HostReport(String host, String target, String facts, Status status, List<ModuleReport> modules,
                         List<String> exceptions, String error) {

    public HostReport {
        modules = List.copyOf(modules);
        exceptions = List.copyOf(exceptions);
    }

    public ModuleReport module(String name) {
        return modules.stream().filter(m -> m.module().equals(name)).findFirst().orElse(null);
    }
}
