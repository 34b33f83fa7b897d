package dev.harden.cli;

import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.plan.Plan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Show what apply would change: reads the desired state at a commit, connects to each host,",
            "gathers facts in one round trip and prints per-host, per-module unified diffs. Changes nothing."},
        footer = {"", "Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error on any host,",
            "2 changes to make (with --detailed-exitcode only)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when nothing would change, 2 when something would, 1 on errors.")
    boolean detailedExitCode;

    @Option(names = "--json", description = "Print the plan as JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Terminal.engine();
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree);
        try (FleetRun run = engine.plan(state, fleet.runOptions(), Terminal.progress(spec.commandLine().getErr(), "planned"))) {
            Plan plan = run.plan();
            if (json) {
                out.println(JsonReport.plan(plan));
                out.flush();
            } else {
                PlanText text = new PlanText(out, Terminal.ansi());
                text.header("plan", plan);
                text.plan(plan);
            }
            if (plan.hasFailures()) {
                return ExitCodes.ERROR;
            }
            return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}
