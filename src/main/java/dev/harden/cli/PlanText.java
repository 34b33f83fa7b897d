package dev.harden.cli;

import static dev.harden.cli.HumanOutput.Colour.BOLD;
import static dev.harden.cli.HumanOutput.Colour.CYAN;
import static dev.harden.cli.HumanOutput.Colour.GREEN;
import static dev.harden.cli.HumanOutput.Colour.RED;
import static dev.harden.cli.HumanOutput.Colour.RED_BOLD;
import static dev.harden.cli.HumanOutput.Colour.YELLOW;

import dev.harden.apply.HostApplyResult;
import dev.harden.cli.HumanOutput.Span;
import dev.harden.module.Finding;
import dev.harden.plan.ChangeNote;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostOutcome;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.resource.Change;
import dev.harden.resource.FileResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders plans and apply results for people: one block per host (never interleaved), diffs
 * indented under the module that wants them, a summary line last. Colour only on a terminal.
 * Most of what is shown comes from hosts; {@link HumanOutput} shows it safely.
 */
final class PlanText {

    private final HumanOutput out;

    PlanText(HumanOutput out) {
        this.out = out;
    }

    void header(String verb, Plan plan) {
        out.line(BOLD.of("harden " + verb), Span.plain(" of " + plan.source()));
        for (String note : plan.notes()) {
            out.line(YELLOW.of("note:"), Span.plain(" " + note));
        }
        out.line();
    }

    void plan(Plan plan) {
        for (HostOutcome outcome : plan.hosts()) {
            if (outcome instanceof HostPlan host) {
                host(host);
            } else if (outcome instanceof HostFailure failure) {
                failure(failure);
            }
        }
        out.line(summary(plan));
        out.flush();
    }

    private void host(HostPlan host) {
        hostLine(host, host.hasChanges() ? YELLOW.of(host.changes().size() + " change(s)") : GREEN.of("no changes"));
        hold(host);
        Set<String> summarised = new HashSet<>();
        for (Change change : host.changes()) {
            if (summarised.add(change.module())) { // the module's own summary first, above its diffs
                for (ChangeNote note : host.notes()) {
                    if (note.module().equals(change.module())) {
                        out.line(Span.plain("  " + pad(note.module())), diffLine(note.text()));
                    }
                }
            }
            out.line("  " + pad(change.module()) + change.summary());
            for (String line : change.diff().split("\n")) {
                if (!line.isEmpty()) {
                    out.line(Span.plain("  " + pad("")), diffLine(line));
                }
            }
            if (change.desired() instanceof FileResource file && !file.absent()) {
                file.validator().ifPresent(v -> out.line("  " + pad("") + "validate: " + v.display()));
            }
            if (change.affectsServices() && !change.desired().reloads().isEmpty()) {
                out.line("  " + pad("") + "reload: " + String.join(", ",
                        change.desired().reloads().stream().map(r -> r.describe()).toList()));
            }
        }
        findings(host.findings());
        out.line();
    }

    /** The audit view: per host, drift in one line and every finding; a summary line last. */
    void check(Plan plan) {
        for (HostOutcome outcome : plan.hosts()) {
            if (outcome instanceof HostPlan host) {
                if (host.hasChanges()) {
                    hostLine(host, YELLOW.of(host.changes().size() + " resource(s) differ from the desired state"),
                            Span.plain(" (harden plan shows them)"));
                } else {
                    hostLine(host, GREEN.of("matches the desired state"));
                }
                hold(host);
                findings(host.findings());
                out.line();
            } else if (outcome instanceof HostFailure failure) {
                failure(failure);
            }
        }
        long warnings = plan.planned().stream().flatMap(h -> h.findings().stream())
                .filter(f -> f.severity() == Finding.Severity.WARNING).count();
        long drifted = plan.planned().stream().filter(HostPlan::hasChanges).count();
        out.line("Check: " + plan.planned().size() + " host(s), " + warnings + " warning(s), " + drifted
                + " drifted, " + plan.failures().size() + " failed. " + plan.source());
        out.flush();
    }

    /** A line saying the host is on hold, under its host line. */
    private void hold(HostPlan host) {
        host.records().hold().ifPresent(h -> out.line(Span.plain("  "), YELLOW.of(h.activeAt(java.time.Instant.now())
                ? "on hold:" : "hold expired:"), Span.plain(" " + h.describe() + (h.activeAt(java.time.Instant.now())
                ? " (apply leaves it alone; harden release -l " + host.host() + ")" : ""))));
    }

    /** "web1  ssh ops@10.0.0.1:22  Debian GNU/Linux 12 (bookworm), OpenSSH 9.2  " and the state. */
    private void hostLine(HostPlan host, Span... state) {
        List<Span> spans = new ArrayList<>();
        spans.add(BOLD.of(host.host()));
        spans.add(Span.plain("  " + host.target() + "  " + host.facts() + "  "));
        spans.addAll(List.of(state));
        out.line(spans.toArray(Span[]::new));
    }

    private void failure(HostFailure failure) {
        out.line(BOLD.of(failure.host()), Span.plain("  " + failure.target() + "  "), RED_BOLD.of("error:"),
                Span.plain(" " + failure.message()));
        out.line();
    }

    void findings(List<Finding> findings) {
        for (Finding finding : findings) {
            Span label = finding.severity() == Finding.Severity.WARNING ? YELLOW.of("warning") : CYAN.of("info");
            out.line(Span.plain("  "), label, Span.plain(" [" + finding.module() + "] " + finding.message()));
        }
    }

    static String summary(Plan plan) {
        long changed = plan.planned().stream().filter(HostPlan::hasChanges).count();
        long files = plan.planned().stream().mapToLong(h -> h.changes().size()).sum();
        long unchanged = plan.planned().size() - changed;
        return "Plan: " + changed + " host(s) to change (" + files + " change(s)), " + unchanged + " unchanged, "
                + plan.failures().size() + " failed. " + plan.source();
    }

    void applied(List<HostApplyResult> results, Plan plan) {
        for (HostApplyResult result : results) {
            Span bold = BOLD.of(result.host());
            Span gap = Span.plain(" ");
            switch (result.status()) {
                case APPLIED -> out.line(bold, gap, GREEN.of("applied"),
                        Span.plain(" (generation " + result.generation() + ")"));
                case UNCHANGED -> out.line(bold, gap, GREEN.of("unchanged"));
                case FAILED -> out.line(bold, gap, RED_BOLD.of("FAILED"), Span.plain(", nothing changed"));
                case ROLLED_BACK -> out.line(bold, gap, RED_BOLD.of("FAILED"), Span.plain(", rolled back"));
                case REVERT_INCOMPLETE -> out.line(bold, gap, RED_BOLD.of("FAILED, REVERT INCOMPLETE"),
                        Span.plain(generation(result)));
                case UNKNOWN -> out.line(bold, gap, RED_BOLD.of("OUTCOME UNKNOWN"), Span.plain(generation(result)));
                case HELD -> out.line(bold, gap, YELLOW.of("on hold"), Span.plain(", left alone"));
                case NOT_ATTEMPTED -> out.line(bold, gap, YELLOW.of("not attempted"), Span.plain(", nothing changed"));
            }
            result.steps().forEach(step -> out.line("  " + step));
            if (result.error() != null) {
                out.line(Span.plain("  "), RED.of("error:"), Span.plain(" " + result.error()));
            }
            findings(result.findings());
        }
        for (HostFailure failure : plan.failures()) {
            out.line(BOLD.of(failure.host()), Span.plain(" "), RED_BOLD.of("not planned"),
                    Span.plain(": " + failure.message()));
        }
        long applied = results.stream().filter(r -> r.status() == HostApplyResult.Status.APPLIED).count();
        long unchanged = results.stream().filter(r -> r.status() == HostApplyResult.Status.UNCHANGED).count();
        long held = results.stream().filter(r -> r.status() == HostApplyResult.Status.HELD).count();
        long failed = results.stream().filter(HostApplyResult::failed).count() + plan.failures().size();
        out.line();
        out.line("Apply: " + applied + " host(s) changed, " + unchanged + " unchanged, " + (held > 0 ? held
                + " on hold, " : "") + failed + " failed. " + plan.source());
        out.flush();
    }

    private static String generation(HostApplyResult result) {
        return result.generation() == null ? "" : " (generation " + result.generation() + ")";
    }

    /** A diff line (or a module's summary of its change) coloured by its first characters. */
    private static Span diffLine(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return BOLD.of(line);
        }
        if (line.startsWith("+")) {
            return GREEN.of(line);
        }
        if (line.startsWith("-")) {
            return RED.of(line);
        }
        if (line.startsWith("@@")) {
            return CYAN.of(line);
        }
        return Span.plain(line);
    }

    /** The module's name in a column, always followed by a space (a name as long as the column too). */
    private static String pad(String module) {
        return module.length() >= 9 ? module + " " : String.format("%-9s", module);
    }
}
