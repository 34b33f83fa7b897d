package dev.harden.report;

import dev.harden.desired.DesiredState;
import dev.harden.inventory.HostEntry;
import dev.harden.module.Finding;
import dev.harden.module.Module;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.policy.HostPolicy;
import dev.harden.resource.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a check found, per host and module, as both reports show it.
 *
 * <p>A host's modules are those that watch resources on it under its policy (a module turned off
 * may still watch, to remove what it once put there), plus any module with a change or finding
 * there; a module that never touches hosts (settings only) is not listed.
 *
 * @param source      what was checked ("commit 0123456789 (main)")
 * @param commit      the full commit id ("" for a working tree)
 * @param generatedAt when the check ran
 * @param modules     every module shown, in plan order (the report's columns)
 */
public record FleetReport(String source, String commit, Instant generatedAt, List<String> modules,
                          List<HostReport> hosts) {

    public FleetReport {
        modules = List.copyOf(modules);
        hosts = List.copyOf(hosts);
    }

    /** The report of a check: its plan, read with the desired state it was made from. */
    public static FleetReport of(Plan plan, DesiredState state, Instant generatedAt) {
        List<String> registered = state.modules().all().stream().map(Module::name).toList();
        Set<String> columns = new LinkedHashSet<>();
        List<HostReport> hosts = new ArrayList<>();
        for (HostOutcome outcome : plan.hosts()) {
            if (outcome instanceof HostFailure failure) {
                hosts.add(new HostReport(failure.host(), failure.target(), "", Status.FAILED, List.of(), List.of(),
                        failure.message()));
                continue;
            }
            HostPlan host = (HostPlan) outcome;
            HostEntry entry = state.inventory().hosts().get(host.host());
            Map<String, List<String>> drifted = new LinkedHashMap<>();
            Map<String, List<Finding>> findings = new LinkedHashMap<>();
            if (entry != null) {
                HostPolicy policy = state.policyFor(entry);
                for (Module module : state.modules().all()) {
                    if (!module.observes(policy).isEmpty()) {
                        drifted.put(module.name(), new ArrayList<>());
                    }
                }
            }
            for (Change change : host.changes()) {
                drifted.computeIfAbsent(change.module(), m -> new ArrayList<>()).add(change.summary());
            }
            for (Finding finding : host.findings()) {
                drifted.computeIfAbsent(finding.module(), m -> new ArrayList<>());
                findings.computeIfAbsent(finding.module(), m -> new ArrayList<>()).add(finding);
            }
            List<String> order = new ArrayList<>(drifted.keySet());
            order.sort((a, b) -> Integer.compare(rank(registered, a), rank(registered, b)));
            List<ModuleReport> modules = new ArrayList<>();
            Status status = Status.COMPLIANT;
            for (String module : order) {
                ModuleReport report = ModuleReport.of(module, drifted.get(module), findings.getOrDefault(module,
                        List.of()));
                modules.add(report);
                status = Status.worst(status, report.status());
            }
            columns.addAll(order);
            List<String> exceptions = host.records().exemptions().stream().map(e -> e.describe(generatedAt) + ": "
                    + e.overlay() + (e.weakensAccess() ? "; weakens access (" + String.join(", ", e.weakens()) + ")"
                    : "")).toList();
            hosts.add(new HostReport(host.host(), host.target(), host.facts(), status, modules, exceptions, null));
        }
        List<String> sorted = new ArrayList<>(columns);
        sorted.sort((a, b) -> Integer.compare(rank(registered, a), rank(registered, b)));
        return new FleetReport(plan.source(), plan.commit() == null ? "" : plan.commit(), generatedAt, sorted, hosts);
    }

    /** Registered modules in their order, then anything else (a finding's own label) after them. */
    private static int rank(List<String> registered, String module) {
        int at = registered.indexOf(module);
        return at >= 0 ? at : registered.size();
    }

    /** How many hosts have {@code status}. */
    public long count(Status status) {
        return hosts.stream().filter(h -> h.status() == status).count();
    }

    /** How many hosts have {@code status} for {@code module} (hosts without the module are not counted). */
    public long count(String module, Status status) {
        return hosts.stream().map(h -> h.module(module)).filter(m -> m != null && m.status() == status).count();
    }
}
