package dev.harden.cli;

import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.module.Finding;
import dev.harden.plan.Plan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Audit hosts without changing them: what listens where (ss -tulpn) against",
            "the firewall policy, what each module verifies, and whether each host still",
            "matches the desired state (drift). Findings are reported, not treated as",
            "errors. Run it on a schedule: configuration drifts."},
        footer = {"", "Exit codes: 0 nothing to report, 2 warnings or drift found, 1 error on any host."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the result as JSON (the plan format, findings included).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Terminal.engine();
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        try (FleetRun run = engine.plan(state, fleet.runOptions(), Terminal.progress(spec.commandLine().getErr(), "checked"))) {
            Plan plan = run.plan();
            if (json) {
                out.println(JsonReport.plan(plan));
                out.flush();
            } else {
                PlanText text = new PlanText(out, Terminal.ansi());
                text.header("check", plan);
                text.check(plan);
            }
            if (plan.hasFailures()) {
                return ExitCodes.ERROR;
            }
            boolean warnings = plan.planned().stream().flatMap(h -> h.findings().stream())
                    .anyMatch(f -> f.severity() == Finding.Severity.WARNING);
            return warnings || plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}
