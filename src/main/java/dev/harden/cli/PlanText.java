package dev.harden.cli;

import dev.harden.apply.HostApplyResult;
import dev.harden.module.Finding;
import dev.harden.plan.ChangeNote;
import dev.harden.plan.FileChange;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * Renders plans and apply results for people: one block per host (never interleaved), diffs
 * indented under the module that wants them, a summary line last. Colour only on a terminal.
 */
final class PlanText {

    private final PrintWriter out;
    private final Ansi ansi;

    PlanText(PrintWriter out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    void header(String verb, Plan plan) {
        out.println(ansi.string("@|bold harden " + verb + "|@ of " + plan.source()));
        for (String note : plan.notes()) {
            out.println(ansi.string("@|yellow note:|@ " + note));
        }
        out.println();
    }

    void plan(Plan plan) {
        for (HostOutcome outcome : plan.hosts()) {
            if (outcome instanceof HostPlan host) {
                host(host);
            } else if (outcome instanceof HostFailure failure) {
                failure(failure);
            }
        }
        out.println(summary(plan));
        out.flush();
    }

    private void host(HostPlan host) {
        String state = host.hasChanges() ? ansi.string("@|yellow " + host.changes().size() + " change(s)|@")
                : ansi.string("@|green no changes|@");
        out.println(ansi.string("@|bold " + host.host() + "|@") + "  " + host.target() + "  " + host.facts() + "  " + state);
        java.util.Set<String> summarised = new java.util.HashSet<>();
        for (FileChange change : host.changes()) {
            if (summarised.add(change.module())) { // the module's own summary first, above its diffs
                for (ChangeNote note : host.notes()) {
                    if (note.module().equals(change.module())) {
                        out.println("  " + pad(note.module()) + colour(note.text()));
                    }
                }
            }
            out.println("  " + pad(change.module()) + change.summary());
            for (String line : change.diff().split("\n")) {
                if (!line.isEmpty()) {
                    out.println("  " + pad("") + colour(line));
                }
            }
            change.desired().validator().ifPresent(v -> out.println("  " + pad("") + "validate: " + v.display()));
            if (change.contentChanges() && !change.desired().reloads().isEmpty()) {
                out.println("  " + pad("") + "reload: " + String.join(", ",
                        change.desired().reloads().stream().map(r -> r.describe()).toList()));
            }
        }
        findings(host.findings());
        out.println();
    }

    /** The audit view: per host, drift in one line and every finding; a summary line last. */
    void check(Plan plan) {
        for (HostOutcome outcome : plan.hosts()) {
            if (outcome instanceof HostPlan host) {
                String drift = host.hasChanges()
                        ? ansi.string("@|yellow " + host.changes().size() + " file(s) differ from the desired state|@")
                                + " (harden plan shows them)"
                        : ansi.string("@|green matches the desired state|@");
                out.println(ansi.string("@|bold " + host.host() + "|@") + "  " + host.target() + "  " + host.facts()
                        + "  " + drift);
                findings(host.findings());
                out.println();
            } else if (outcome instanceof HostFailure failure) {
                failure(failure);
            }
        }
        long warnings = plan.planned().stream().flatMap(h -> h.findings().stream())
                .filter(f -> f.severity() == Finding.Severity.WARNING).count();
        long drifted = plan.planned().stream().filter(HostPlan::hasChanges).count();
        out.println("Check: " + plan.planned().size() + " host(s), " + warnings + " warning(s), " + drifted
                + " drifted, " + plan.failures().size() + " failed. " + plan.source());
        out.flush();
    }

    private void failure(HostFailure failure) {
        out.println(ansi.string("@|bold " + failure.host() + "|@") + "  " + failure.target() + "  "
                + ansi.string("@|red,bold error:|@ ") + failure.message());
        out.println();
    }

    void findings(List<Finding> findings) {
        for (Finding finding : findings) {
            String label = finding.severity() == Finding.Severity.WARNING ? "@|yellow warning|@" : "@|cyan info|@";
            out.println("  " + ansi.string(label) + " [" + finding.module() + "] " + finding.message());
        }
    }

    static String summary(Plan plan) {
        long changed = plan.planned().stream().filter(HostPlan::hasChanges).count();
        long files = plan.planned().stream().mapToLong(h -> h.changes().size()).sum();
        long unchanged = plan.planned().size() - changed;
        return "Plan: " + changed + " host(s) to change (" + files + " file(s)), " + unchanged + " unchanged, "
                + plan.failures().size() + " failed. " + plan.source();
    }

    void applied(List<HostApplyResult> results, Plan plan) {
        for (HostApplyResult result : results) {
            String status = switch (result.status()) {
                case APPLIED -> "@|green applied|@ (generation " + result.generation() + ")";
                case UNCHANGED -> "@|green unchanged|@";
                case FAILED -> "@|red,bold FAILED|@, nothing changed";
                case ROLLED_BACK -> "@|red,bold FAILED|@, rolled back";
            };
            out.println(ansi.string("@|bold " + result.host() + "|@ " + status));
            result.steps().forEach(step -> out.println("  " + step));
            if (result.error() != null) {
                out.println(ansi.string("  @|red error:|@ ") + result.error());
            }
            findings(result.findings());
        }
        for (HostFailure failure : plan.failures()) {
            out.println(ansi.string("@|bold " + failure.host() + "|@ @|red,bold not planned|@: ") + failure.message());
        }
        long applied = results.stream().filter(r -> r.status() == HostApplyResult.Status.APPLIED).count();
        long unchanged = results.stream().filter(r -> r.status() == HostApplyResult.Status.UNCHANGED).count();
        long failed = results.stream().filter(HostApplyResult::failed).count() + plan.failures().size();
        out.println();
        out.println("Apply: " + applied + " host(s) changed, " + unchanged + " unchanged, " + failed + " failed. "
                + plan.source());
        out.flush();
    }

    private String colour(String diffLine) {
        if (!ansi.enabled()) {
            return diffLine;
        }
        if (diffLine.startsWith("+++") || diffLine.startsWith("---")) {
            return ansi.string("@|bold " + escape(diffLine) + "|@");
        }
        if (diffLine.startsWith("+")) {
            return ansi.string("@|green " + escape(diffLine) + "|@");
        }
        if (diffLine.startsWith("-")) {
            return ansi.string("@|red " + escape(diffLine) + "|@");
        }
        if (diffLine.startsWith("@@")) {
            return ansi.string("@|cyan " + escape(diffLine) + "|@");
        }
        return diffLine;
    }

    /** Keeps picocli's markup characters in file content from being read as markup. */
    private static String escape(String text) {
        return text.replace("|@", "| @");
    }

    private static String pad(String module) {
        return String.format("%-9s", module);
    }
}
