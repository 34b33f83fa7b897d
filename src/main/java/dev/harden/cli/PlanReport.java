package dev.harden.cli;

import dev.harden.desired.DesiredState;
import dev.harden.engine.Engine;
import dev.harden.engine.ExitStatus;
import dev.harden.engine.FleetRun;
import dev.harden.json.JsonReport;
import dev.harden.plan.Plan;
import dev.harden.source.TrustPolicy;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The read-only commands (plan, check): load the desired state (its signature verified when asked
 * for), plan every selected host, print
 * the result as text or JSON; the exit status is the engine's rule for the command.
 */
final class PlanReport {

    private PlanReport() {
    }

    static int run(CommandSpec spec, FleetOptions fleet, TrustPolicy trust, boolean json, String verb,
                   String progressWord, BiConsumer<PlanText, Plan> render, Function<Plan, ExitStatus> exitStatus) {
        return run(spec, fleet, trust, json, verb, progressWord, render, exitStatus, (state, plan) -> { });
    }

    /** The same, then {@code save} gets the plan and the desired state it was made from (plan --out). */
    static int run(CommandSpec spec, FleetOptions fleet, TrustPolicy trust, boolean json, String verb,
                   String progressWord, BiConsumer<PlanText, Plan> render, Function<Plan, ExitStatus> exitStatus,
                   BiConsumer<DesiredState, Plan> save) {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Terminal.engine(spec);
        DesiredState state = engine.load(fleet.repo, fleet.ref, fleet.workingTree, trust);
        try (FleetRun run = engine.plan(state, fleet.runOptions(trust), Terminal.progress(spec.commandLine().getErr(),
                progressWord))) {
            Plan plan = run.plan();
            if (json) {
                out.println(JsonReport.plan(plan));
                out.flush();
            } else {
                PlanText text = new PlanText(Terminal.human(out));
                text.header(verb, plan);
                render.accept(text, plan);
            }
            save.accept(state, plan);
            return exitStatus.apply(plan).code();
        }
    }
}
